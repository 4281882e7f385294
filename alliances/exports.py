"""Open data export of published alliances (see opendata/).

No personal data: no email address, no member. Partners are named by their stable identifiers
(slug, SIREN, RNA) and only once their participation is confirmed and their organisation
published.
"""

from collections.abc import Iterator

from django.conf import settings
from django.urls import reverse

from alliances.models import Alliance, Participation
from moderation.models import Statut
from opendata.registry import Export, export_state
from opendata.streaming import chunks, grouped, iso, join_values
from organisations.models import Organisation

ALLIANCE_FIELDS = [
    "pk",
    "slug",
    "titre",
    "description",
    "typologie",
    "modalite",
    "etat",
    "date_debut",
    "date_fin",
    "portee",
    "commune__code_insee",
    "departement_id",
    "region_id",
    "latitude",
    "longitude",
    "personnes_touchees",
    "emplois",
    "budget",
    "updated_at",
]


def alliance_rows() -> Iterator[dict]:
    """Published alliances; per chunk, three more queries bring domaines, ODD and partners."""
    alliance_url = reverse("alliances:alliance_detail", args=["slug"]).replace("slug", "{}", 1)
    for chunk in chunks(Alliance.objects.published(), ALLIANCE_FIELDS):
        ids = [row["pk"] for row in chunk]
        domaines = grouped(
            Alliance.domaines.through.objects.filter(alliance_id__in=ids)
            .order_by("domaine__ordre")
            .values_list("alliance_id", "domaine_id")
        )
        odd = grouped(
            Alliance.odd.through.objects.filter(alliance_id__in=ids)
            .order_by("odd_id")
            .values_list("alliance_id", "odd_id")
        )
        # Porteur first, then partners by identifier.
        partenaires = grouped(
            (alliance_id, (slug, siren, rna))
            for alliance_id, slug, siren, rna in Participation.objects.filter(
                alliance_id__in=ids,
                etat=Participation.Etat.CONFIRMEE,
                organisation__statut=Statut.PUBLIEE,
            )
            .order_by("-role", "organisation__slug")
            .values_list(
                "alliance_id", "organisation__slug", "organisation__siren", "organisation__rna"
            )
        )
        for row in chunk:
            pk = row["pk"]
            partners = partenaires.get(pk, [])
            yield {
                "slug": row["slug"],
                "titre": row["titre"],
                "description": row["description"],
                "typologie": row["typologie"],
                "modalite": row["modalite"],
                "etat": row["etat"],
                "date_debut": iso(row["date_debut"]),
                "date_fin": iso(row["date_fin"]),
                "portee": row["portee"],
                "commune_insee": row["commune__code_insee"],
                "departement_insee": row["departement_id"],
                "region_insee": row["region_id"],
                "latitude": row["latitude"],
                "longitude": row["longitude"],
                "domaines": join_values(domaines.get(pk, [])),
                "odd": join_values(odd.get(pk, [])),
                "partenaires": join_values(slug for slug, _, _ in partners),
                "partenaires_siren": join_values(siren for _, siren, _ in partners),
                "partenaires_rna": join_values(rna for _, _, rna in partners),
                "personnes_touchees": row["personnes_touchees"],
                "emplois": row["emplois"],
                "budget": row["budget"],
                "url": settings.SITE_URL + alliance_url.format(row["slug"]),
                "modifiee_le": iso(row["updated_at"]),
            }


EXPORTS = [
    Export(
        name="alliances",
        title="Alliances publiées",
        description="Une ligne par alliance publiée : typologie, lieu, domaines, ODD, partenaires.",
        rows=alliance_rows,
        # Partners appear once confirmed (decided_at) and while their organisation is published.
        state=lambda: export_state(
            "alliances",
            (Alliance.objects.published(), "updated_at"),
            (Participation.objects.all(), "decided_at"),
            (Organisation.objects.published(), "updated_at"),
        ),
    ),
]
