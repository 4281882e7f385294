"""Offres in the public API (registered in offres/apps.py): the open published offres, with
the filters of their search page."""

from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from api.base import Curseur, PublicApiMixin, api_filterset
from offres.filters import OffreFilter
from offres.models import Offre, TypeRessource

# Offres (issue 5): the open published offres, with the filters of their search page.
OffreApiFilter = api_filterset(OffreFilter)


class OffreSerializer(serializers.ModelSerializer):
    organisation = serializers.CharField(
        source="organisation.slug", help_text="Identifiant de l'organisation qui la publie."
    )
    organisation_nom = serializers.CharField(source="organisation.nom")
    organisation_siren = serializers.SerializerMethodField()
    organisation_rna = serializers.SerializerMethodField()
    ressources = serializers.ListField(
        source="ressources_list",
        child=serializers.ChoiceField(choices=TypeRessource.choices),
        help_text="Ce qui est proposé ou recherché.",
    )
    commune = serializers.CharField(source="commune.code_insee", help_text="Code INSEE.")
    departement = serializers.CharField(source="departement_id", allow_null=True)
    region = serializers.CharField(source="region_id", allow_null=True)
    domaines = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    odd = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    url = serializers.SerializerMethodField(help_text="Page publique de l'offre.")

    class Meta:
        model = Offre
        fields = [
            "slug",
            "titre",
            "description",
            "sens",
            "typologie",
            "ressources",
            "domaines",
            "odd",
            "organisation",
            "organisation_nom",
            "organisation_siren",
            "organisation_rna",
            "commune",
            "departement",
            "region",
            "rayon_km",
            "national",
            "date_limite",
            "updated_at",
            "url",
        ]

    def get_organisation_siren(self, offre) -> str | None:
        return offre.organisation.siren or None

    def get_organisation_rna(self, offre) -> str | None:
        return offre.organisation.rna or None

    def get_url(self, offre) -> str:
        return self.context["request"].build_absolute_uri(offre.get_absolute_url())


@extend_schema_view(
    list=extend_schema(summary="Les offres publiées et ouvertes, avec les filtres de la recherche"),
    retrieve=extend_schema(
        summary="Une offre publiée et ouverte, par son identifiant",
        parameters=[
            OpenApiParameter(
                "slug",
                OpenApiTypes.STR,
                OpenApiParameter.PATH,
                description="Identifiant de l'offre (celui de l'adresse de sa page).",
            )
        ],
    ),
)
class OffreViewSet(PublicApiMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = OffreSerializer
    filterset_class = OffreApiFilter
    filter_backends = [filters.DjangoFilterBackend]
    pagination_class = Curseur
    lookup_field = "slug"
    lookup_value_regex = "[^/\\x00]+"

    def get_queryset(self):
        return (
            Offre.objects.visible()
            .select_related("organisation", "commune")
            .prefetch_related("domaines", "odd")
        )
