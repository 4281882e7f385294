"""Open data export of the open published offres (registered in offres/apps.py). No personal
data: an offre names its organisation by its slug."""

from collections.abc import Iterator

from django.conf import settings
from django.urls import reverse

from offres.models import Offre
from opendata.registry import Export, export_state
from opendata.streaming import chunks, grouped, iso, join_values
from organisations.models import Organisation

OFFRE_FIELDS = [
    "pk",
    "slug",
    "titre",
    "description",
    "sens",
    "typologie",
    "ressources",
    "organisation__slug",
    "organisation__siren",
    "organisation__rna",
    "commune__code_insee",
    "departement_id",
    "region_id",
    "rayon_km",
    "national",
    "date_limite",
    "updated_at",
]


def offre_rows() -> Iterator[dict]:
    """Open published offres (issue 5); per chunk, two more queries bring domaines and ODD."""
    offre_url = reverse("offres:offre_detail", args=["slug"]).replace("slug", "{}", 1)
    for chunk in chunks(Offre.objects.visible(), OFFRE_FIELDS):
        ids = [row["pk"] for row in chunk]
        domaines = grouped(
            Offre.domaines.through.objects.filter(offre_id__in=ids)
            .order_by("domaine__ordre")
            .values_list("offre_id", "domaine_id")
        )
        odd = grouped(
            Offre.odd.through.objects.filter(offre_id__in=ids)
            .order_by("odd_id")
            .values_list("offre_id", "odd_id")
        )
        for row in chunk:
            pk = row["pk"]
            yield {
                "slug": row["slug"],
                "titre": row["titre"],
                "description": row["description"],
                "sens": row["sens"],
                "typologie": row["typologie"],
                "ressources": join_values(row["ressources"].split(",")),
                "domaines": join_values(domaines.get(pk, [])),
                "odd": join_values(odd.get(pk, [])),
                "organisation": row["organisation__slug"],
                "organisation_siren": row["organisation__siren"] or None,
                "organisation_rna": row["organisation__rna"] or None,
                "commune_insee": row["commune__code_insee"],
                "departement_insee": row["departement_id"],
                "region_insee": row["region_id"],
                "rayon_km": row["rayon_km"],
                "national": row["national"],
                "date_limite": iso(row["date_limite"]),
                "url": settings.SITE_URL + offre_url.format(row["slug"]),
                "modifiee_le": iso(row["updated_at"]),
            }


EXPORTS = [
    Export(
        name="offres",
        title="Offres de partenariat ouvertes",
        description="Une ligne par offre publiée et ouverte : ce qu'une organisation propose "
        "ou recherche, où, jusqu'à quand.",
        rows=offre_rows,
        state=lambda: export_state(
            "offres",
            (Offre.objects.visible(), "updated_at"),
            (Organisation.objects.published(), "updated_at"),
        ),
    ),
]
