"""Open data export of the published organisations (registered in organisations/apps.py),
without personal data."""

from collections.abc import Iterator

from django.conf import settings
from django.urls import reverse

from opendata.registry import Export, export_state
from opendata.streaming import chunks, grouped, iso, join_values
from organisations.models import Organisation

ORGANISATION_FIELDS = [
    "pk",
    "slug",
    "nom",
    "kind",
    "siren",
    "siret",
    "rna",
    "taille",
    "siege__code_insee",
    "siege__departement_id",
    "siege__region_id",
    "site_web",
    "updated_at",
]


def organisation_rows() -> Iterator[dict]:
    """Published organisations; per chunk, two more queries bring domaines and ODD."""
    fiche_url = reverse("organisations:organisation_detail", args=["slug"]).replace("slug", "{}", 1)
    for chunk in chunks(Organisation.objects.published(), ORGANISATION_FIELDS):
        ids = [row["pk"] for row in chunk]
        domaines = grouped(
            Organisation.domaines.through.objects.filter(organisation_id__in=ids)
            .order_by("domaine__ordre")
            .values_list("organisation_id", "domaine_id")
        )
        odd = grouped(
            Organisation.odd.through.objects.filter(organisation_id__in=ids)
            .order_by("odd_id")
            .values_list("organisation_id", "odd_id")
        )
        for row in chunk:
            pk = row["pk"]
            yield {
                "slug": row["slug"],
                "nom": row["nom"],
                "type": row["kind"],
                "siren": row["siren"] or None,
                "siret": row["siret"] or None,
                "rna": row["rna"] or None,
                "taille": row["taille"] or None,
                "commune_insee": row["siege__code_insee"],
                "departement_insee": row["siege__departement_id"],
                "region_insee": row["siege__region_id"],
                "domaines": join_values(domaines.get(pk, [])),
                "odd": join_values(odd.get(pk, [])),
                "site_web": row["site_web"] or None,
                "url": settings.SITE_URL + fiche_url.format(row["slug"]),
                "modifiee_le": iso(row["updated_at"]),
            }


EXPORTS = [
    Export(
        name="organisations",
        title="Organisations publiées",
        description="Une ligne par organisation publiée, sans données personnelles.",
        rows=organisation_rows,
        state=lambda: export_state(
            "organisations", (Organisation.objects.published(), "updated_at")
        ),
    ),
]
