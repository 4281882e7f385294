"""An accepted mise en relation starts the drafting of a convention (see conventions.origines):
its two organisations are the parties, the one that brings resources first (the offre's when
it proposes, the other when it looks for them), the offre gives the title, the object and the
typologie, and the mise en relation keeps the draft, which follows the alliance
once it is declared."""

import re

from django.http import Http404, HttpRequest

from conventions.models import Convention
from conventions.origines import Origine
from offres.models import MiseEnRelation
from offres.permissions import get_mise_en_relation_to_declare_or_404
from organisations.permissions import my_organisation_ids

# The mécénat model that fits what the offre is about.
MODELE_PAR_RESSOURCE = {
    "mecenat_competences": "mecenat_competences",
    "expertise": "mecenat_competences",
    "materiel": "mecenat_nature",
    "locaux": "mecenat_nature",
    "financement": "mecenat_financier",
    "achats_responsables": "achats_responsables",
}


def origin_from_mise_en_relation(request: HttpRequest) -> Origine | None:
    pk = request.GET.get("mise_en_relation", "")
    if not pk:
        return None
    if not re.fullmatch(r"[0-9]{1,18}", pk):
        raise Http404
    mise_en_relation = get_mise_en_relation_to_declare_or_404(request.user, int(pk))
    # Staff may read a mise en relation; only its two organisations' members draft from it.
    parties = {mise_en_relation.emettrice_id, mise_en_relation.destinataire_id}
    if not parties & my_organisation_ids(request.user):
        raise Http404
    return mise_en_relation_origin(mise_en_relation)


def mise_en_relation_origin(origine: MiseEnRelation) -> Origine:
    offre = origine.offre

    def lock_existing() -> Convention | None:
        locked = MiseEnRelation.objects.select_for_update().get(pk=origine.pk)
        return locked.convention

    def drafted(convention: Convention) -> None:
        MiseEnRelation.objects.filter(pk=origine.pk).update(convention=convention)

    return Origine(
        label=f"la mise en relation autour de l'offre « {offre.titre} »",
        query=f"mise_en_relation={origine.pk}",
        parties=[origine.destinataire, origine.emettrice]
        if offre.sens == offre.Sens.PROPOSE
        else [origine.emettrice, origine.destinataire],
        titre=offre.titre,
        objet=offre.description[:3000],
        typologie=offre.typologie,
        modele=next(
            (MODELE_PAR_RESSOURCE[c] for c in offre.ressources_list if c in MODELE_PAR_RESSOURCE),
            "",
        ),
        alliance=origine.alliance,
        lock_existing=lock_existing,
        drafted=drafted,
    )
