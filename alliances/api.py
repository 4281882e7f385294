"""Alliances and organisations in the public API (registered in alliances/apps.py).

Public data only: published alliances, published organisations, partners through confirmed
participations; never an email address nor a member's name.
"""

from django.db.models import Prefetch
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from alliances.filters import AllianceFilter
from alliances.models import Alliance, Participation
from api.base import Curseur, PublicApiMixin, api_filterset
from offres.filters import OffreFilter
from offres.models import Offre, TypeRessource
from organisations.filters import OrganisationFilter
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
    filterset_class = OrganisationFilter
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
