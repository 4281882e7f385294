"""Open data export of the library's published resources (see opendata/)."""

from collections.abc import Iterator
from itertools import chain

from django.conf import settings
from django.urls import reverse

from opendata.registry import Export, export_state
from opendata.streaming import keyset_chunks
from ressources.models import Ressource

SEPARATOR = "|"
# Resources read at a time, with their labels, domaines and ODD (one prefetch query each).
CHUNK_SIZE = 500


def _fichier_url(ressource: Ressource) -> str | None:
    """The library's download address (checked type, right headers), not the stored file's."""
    if not ressource.fichier:
        return None
    return settings.SITE_URL + reverse(
        "ressources:ressource_fichier", kwargs={"slug": ressource.slug}
    )


def ressource_rows() -> Iterator[dict]:
    """Published resources, read by chunks like the other exports."""
    chunks = keyset_chunks(Ressource.objects.published().for_detail(), size=CHUNK_SIZE)
    for ressource in chain.from_iterable(chunks):
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
        state=lambda: export_state("ressources", (Ressource.objects.published(), "updated_at")),
    ),
]
