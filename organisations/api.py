"""Organisations in the public API (registered in organisations/apps.py): published
organisations only, never an email address nor a member."""

import django_filters
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from api.base import Curseur, PublicApiMixin, api_filterset
from organisations.filters import OrganisationFilter
from organisations.models import Organisation


class OrganisationApiFilter(api_filterset(OrganisationFilter)):
    """The directory's filters; the place is a commune's INSEE code, as the API's other
    filters take codes (the page's commune field reads names and postal codes)."""

    commune = django_filters.CharFilter(
        label="Commune du siège (code INSEE)", field_name="siege__code_insee", max_length=5
    )


class OrganisationSerializer(serializers.ModelSerializer):
    commune = serializers.CharField(source="siege.code_insee", help_text="Code INSEE du siège.")
    departement = serializers.CharField(
        source="siege.departement_id", allow_null=True, help_text="Code INSEE du département."
    )
    region = serializers.CharField(
        source="siege.region_id", allow_null=True, help_text="Code INSEE de la région."
    )
    domaines = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    odd = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    url = serializers.SerializerMethodField(help_text="Fiche publique de l'organisation.")

    class Meta:
        model = Organisation
        fields = [
            "slug",
            "nom",
            "kind",
            "siren",
            "siret",
            "rna",
            "taille",
            "description",
            "site_web",
            "commune",
            "departement",
            "region",
            "domaines",
            "odd",
            "updated_at",
            "url",
        ]

    def get_url(self, organisation) -> str:
        return self.context["request"].build_absolute_uri(organisation.get_absolute_url())


@extend_schema_view(
    list=extend_schema(summary="Les organisations publiées, avec les filtres de l'annuaire"),
    retrieve=extend_schema(
        summary="Une organisation publiée, par son identifiant",
        parameters=[
            OpenApiParameter(
                "slug",
                OpenApiTypes.STR,
                OpenApiParameter.PATH,
                description="Identifiant de l'organisation (celui de l'adresse de sa fiche).",
            )
        ],
    ),
)
class OrganisationViewSet(PublicApiMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = OrganisationSerializer
    filterset_class = OrganisationApiFilter
    filter_backends = [filters.DjangoFilterBackend]
    pagination_class = Curseur
    lookup_field = "slug"
    # Any slug reaches the view, which answers a JSON 404 for those that do not exist; a NUL
    # byte (which PostgreSQL refuses) falls to the API's JSON 404 route.
    lookup_value_regex = "[^/\x00]+"

    def get_queryset(self):
        return (
            Organisation.objects.published()
            .select_related("siege")
            .prefetch_related("domaines", "odd")
        )
