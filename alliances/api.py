"""Alliances in the public API (registered in alliances/apps.py).

Public data only: published alliances, their partners through confirmed participations of
published organisations; never an email address nor a member's name.
"""

from django.db.models import Prefetch
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from alliances.filters import AllianceFilter
from alliances.models import Alliance, Participation
from api.base import Curseur, PublicApiMixin, api_filterset
from organisations.models import Organisation

# The alliance search's filters, without its place, radius and sort.
AllianceApiFilter = api_filterset(AllianceFilter)


class PartenaireSerializer(serializers.Serializer):
    nom = serializers.CharField(source="organisation.nom")
    kind = serializers.ChoiceField(source="organisation.kind", choices=Organisation.Kind.choices)
    role = serializers.ChoiceField(choices=Participation.Role.choices)
    organisation = serializers.SerializerMethodField(
        help_text="Identifiant (slug) de l'organisation, si elle est publiée."
    )
    siren = serializers.SerializerMethodField()
    rna = serializers.SerializerMethodField()

    def _published(self, participation) -> bool:
        return participation.organisation.is_published

    def get_organisation(self, participation) -> str | None:
        return participation.organisation.slug if self._published(participation) else None

    def get_siren(self, participation) -> str | None:
        if not self._published(participation):
            return None
        return participation.organisation.siren or None

    def get_rna(self, participation) -> str | None:
        if not self._published(participation):
            return None
        return participation.organisation.rna or None


class AllianceSerializer(serializers.ModelSerializer):
    commune = serializers.CharField(source="commune.code_insee", help_text="Code INSEE.")
    departement = serializers.CharField(
        source="departement_id", allow_null=True, help_text="Code INSEE du département."
    )
    region = serializers.CharField(
        source="region_id", allow_null=True, help_text="Code INSEE de la région."
    )
    domaines = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    odd = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    partenaires = PartenaireSerializer(source="participations_confirmees", many=True)
    url = serializers.SerializerMethodField(help_text="Page publique de l'alliance.")

    class Meta:
        model = Alliance
        fields = [
            "slug",
            "titre",
            "description",
            "typologie",
            "modalite",
            "etat",
            "date_debut",
            "date_fin",
            "portee",
            "commune",
            "departement",
            "region",
            "latitude",
            "longitude",
            "domaines",
            "odd",
            "partenaires",
            "resultats",
            "personnes_touchees",
            "emplois",
            "budget",
            "updated_at",
            "url",
        ]

    def get_url(self, alliance) -> str:
        return self.context["request"].build_absolute_uri(alliance.get_absolute_url())


def _partenaires() -> Prefetch:
    return Prefetch(
        "participations",
        queryset=Participation.objects.filter(etat=Participation.Etat.CONFIRMEE)
        .select_related("organisation")
        .order_by("-role", "organisation__nom"),
        to_attr="participations_confirmees",
    )


@extend_schema_view(
    list=extend_schema(summary="Les alliances publiées, avec les filtres de la recherche"),
    retrieve=extend_schema(
        summary="Une alliance publiée, par son identifiant",
        parameters=[
            OpenApiParameter(
                "slug",
                OpenApiTypes.STR,
                OpenApiParameter.PATH,
                description="Identifiant de l'alliance (celui de l'adresse de sa page).",
            )
        ],
    ),
)
class AllianceViewSet(PublicApiMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = AllianceSerializer
    filterset_class = AllianceApiFilter
    filter_backends = [filters.DjangoFilterBackend]
    pagination_class = Curseur
    lookup_field = "slug"
    # Any slug reaches the view, which answers a JSON 404 for those that do not exist; a NUL
    # byte (which PostgreSQL refuses) falls to the API's JSON 404 route.
    lookup_value_regex = "[^/\x00]+"

    def get_queryset(self):
        return (
            Alliance.objects.published()
            .select_related("commune")
            .prefetch_related("domaines", "odd", _partenaires())
        )
