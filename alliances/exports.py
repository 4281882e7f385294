"""Open data exports of published alliances and organisations (see opendata/).

No personal data: no email address, no member. Partners are named by their stable identifiers
(slug, SIREN, RNA) and only once their participation is confirmed and their organisation
published.
"""

from collections.abc import Iterator

from django.conf import settings
from django.urls import reverse

from alliances.models import Alliance, Participation
from moderation.models import Statut
from offres.models import Offre
from opendata.registry import Export, export_state
from opendata.streaming import keyset_chunks
from organisations.models import Organisation

# Rows read from the database at a time; the lists (domaines, ODD, partners) are read once per
# chunk.
CHUNK_SIZE = 2000
SEPARATOR = "|"


def _join(values) -> str:
    return SEPARATOR.join(str(value) for value in values if value)


def _iso(value) -> str | None:
    """Dates as YYYY-MM-DD, times as YYYY-MM-DDThh:mm:ss+00:00 (Table Schema's defaults)."""
    if value is None:
        return None
    if hasattr(value, "hour"):
        return value.isoformat(timespec="seconds")
    return value.isoformat()


def _chunks(queryset, fields: list[str]) -> Iterator[list[dict]]:
    return keyset_chunks(queryset, size=CHUNK_SIZE, fields=fields)


def _grouped(pairs) -> dict[int, list]:
    grouped: dict[int, list] = {}
    for key, value in pairs:
        grouped.setdefault(key, []).append(value)
    return grouped


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
    for chunk in _chunks(Alliance.objects.published(), ALLIANCE_FIELDS):
        ids = [row["pk"] for row in chunk]
        domaines = _grouped(
            Alliance.domaines.through.objects.filter(alliance_id__in=ids)
            .order_by("domaine__ordre")
            .values_list("alliance_id", "domaine_id")
        )
        odd = _grouped(
            Alliance.odd.through.objects.filter(alliance_id__in=ids)
            .order_by("odd_id")
            .values_list("alliance_id", "odd_id")
        )
        # Porteur first, then partners by identifier.
        partenaires = _grouped(
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
                "date_debut": _iso(row["date_debut"]),
                "date_fin": _iso(row["date_fin"]),
                "portee": row["portee"],
                "commune_insee": row["commune__code_insee"],
                "departement_insee": row["departement_id"],
                "region_insee": row["region_id"],
                "latitude": row["latitude"],
                "longitude": row["longitude"],
                "domaines": _join(domaines.get(pk, [])),
                "odd": _join(odd.get(pk, [])),
                "partenaires": _join(slug for slug, _, _ in partners),
                "partenaires_siren": _join(siren for _, siren, _ in partners),
                "partenaires_rna": _join(rna for _, _, rna in partners),
                "personnes_touchees": row["personnes_touchees"],
                "emplois": row["emplois"],
                "budget": row["budget"],
                "url": settings.SITE_URL + alliance_url.format(row["slug"]),
                "modifiee_le": _iso(row["updated_at"]),
            }


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
    for chunk in _chunks(Organisation.objects.published(), ORGANISATION_FIELDS):
        ids = [row["pk"] for row in chunk]
        domaines = _grouped(
            Organisation.domaines.through.objects.filter(organisation_id__in=ids)
            .order_by("domaine__ordre")
            .values_list("organisation_id", "domaine_id")
        )
        odd = _grouped(
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
                "domaines": _join(domaines.get(pk, [])),
                "odd": _join(odd.get(pk, [])),
                "site_web": row["site_web"] or None,
                "url": settings.SITE_URL + fiche_url.format(row["slug"]),
                "modifiee_le": _iso(row["updated_at"]),
            }


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
    for chunk in _chunks(Offre.objects.visible(), OFFRE_FIELDS):
        ids = [row["pk"] for row in chunk]
        domaines = _grouped(
            Offre.domaines.through.objects.filter(offre_id__in=ids)
            .order_by("domaine__ordre")
            .values_list("offre_id", "domaine_id")
        )
        odd = _grouped(
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
                "ressources": _join(row["ressources"].split(",")),
                "domaines": _join(domaines.get(pk, [])),
                "odd": _join(odd.get(pk, [])),
                "organisation": row["organisation__slug"],
                "organisation_siren": row["organisation__siren"] or None,
                "organisation_rna": row["organisation__rna"] or None,
                "commune_insee": row["commune__code_insee"],
                "departement_insee": row["departement_id"],
                "region_insee": row["region_id"],
                "rayon_km": row["rayon_km"],
                "national": row["national"],
                "date_limite": _iso(row["date_limite"]),
                "url": settings.SITE_URL + offre_url.format(row["slug"]),
                "modifiee_le": _iso(row["updated_at"]),
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
    Export(
        name="organisations",
        title="Organisations publiées",
        description="Une ligne par organisation publiée, sans données personnelles.",
        rows=organisation_rows,
        state=lambda: export_state(
            "organisations", (Organisation.objects.published(), "updated_at")
        ),
    ),
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
