"""Open data export of the library's published resources (see opendata/)."""

import hashlib
from collections.abc import Iterator

from django.conf import settings
from django.db.models import Count, Max
from django.urls import reverse

from opendata import SCHEMA_VERSION
from opendata.registry import Export
from ressources.models import Ressource

SEPARATOR = "|"


def _state():
    state = (
        Ressource.objects.published().order_by().aggregate(last=Max("updated_at"), n=Count("pk"))
    )
    seed = f"ressources:{SCHEMA_VERSION}:{state['n']}:{state['last'] and state['last'].isoformat()}"
    return state["last"], hashlib.sha256(seed.encode()).hexdigest()[:32]


def _fichier_url(ressource: Ressource) -> str | None:
    """The library's download address (checked type, right headers), not the stored file's."""
    if not ressource.fichier:
        return None
    return settings.SITE_URL + reverse(
        "ressources:ressource_fichier", kwargs={"slug": ressource.slug}
    )


def ressource_rows() -> Iterator[dict]:
    """A few hundred resources at most: one query and its prefetches."""
    for ressource in Ressource.objects.published().for_detail().order_by("pk"):
        yield {
            "slug": ressource.slug,
            "titre": ressource.titre,
            "resume": ressource.resume,
            "categorie": ressource.categorie,
            "format": ressource.format,
            "maturite": ressource.maturite,
            "profils": SEPARATOR.join(ressource.valeurs("profil")),
            "objectifs": SEPARATOR.join(ressource.valeurs("objectif")),
            "typologies": SEPARATOR.join(ressource.valeurs("typologie")),
            "domaines": SEPARATOR.join(d.code for d in ressource.domaines.all()),
            "odd": SEPARATOR.join(str(o.numero) for o in ressource.odd.all()),
            "editeur": ressource.editeur or None,
            "lien": ressource.lien or None,
            "fichier": _fichier_url(ressource),
            "publiee_le": ressource.publiee_le.isoformat(),
            "url": settings.SITE_URL + ressource.get_absolute_url(),
            "modifiee_le": ressource.updated_at.isoformat(timespec="seconds"),
        }


EXPORTS = [
    Export(
        name="ressources",
        title="Ressources publiées",
        description="La bibliothèque et le kit « ODD 17 en pratique » : une ligne par ressource.",
        rows=ressource_rows,
        state=_state,
    ),
]
