"""The library's published resources in the public API (registered in ressources/apps.py)."""

from django.urls import reverse
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from api.base import Curseur, PublicApiMixin
from ressources.filters import RessourceFilter
from ressources.models import Ressource


class RessourceSerializer(serializers.ModelSerializer):
    profils = serializers.SerializerMethodField(help_text="Codes des profils visés.")
    objectifs = serializers.SerializerMethodField(help_text="Codes des objectifs.")
    typologies = serializers.SerializerMethodField(help_text="Typologies d'alliance concernées.")
    domaines = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    odd = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    editeur = serializers.CharField(help_text="Organisation ou structure qui la publie.")
    fichier = serializers.SerializerMethodField(help_text="Adresse du document, s'il y en a un.")
    url = serializers.SerializerMethodField(help_text="Page publique de la ressource.")

    class Meta:
        model = Ressource
        fields = [
            "slug",
            "titre",
            "resume",
            "categorie",
            "format",
            "maturite",
            "profils",
            "objectifs",
            "typologies",
            "domaines",
            "odd",
            "editeur",
            "lien",
            "fichier",
            "publiee_le",
            "updated_at",
            "url",
        ]

    def get_profils(self, ressource) -> list[str]:
        return ressource.valeurs("profil")

    def get_objectifs(self, ressource) -> list[str]:
        return ressource.valeurs("objectif")

    def get_typologies(self, ressource) -> list[str]:
        return ressource.valeurs("typologie")

    def get_fichier(self, ressource) -> str | None:
        if not ressource.fichier:
            return None
        # The library's download address (checked type, right headers), not the stored file's.
        url = reverse("ressources:ressource_fichier", kwargs={"slug": ressource.slug})
        return self.context["request"].build_absolute_uri(url)

    def get_url(self, ressource) -> str:
        return self.context["request"].build_absolute_uri(ressource.get_absolute_url())


@extend_schema_view(
    list=extend_schema(summary="Les ressources publiées, avec les filtres de la bibliothèque"),
    retrieve=extend_schema(
        summary="Une ressource publiée, par son identifiant",
        parameters=[
            OpenApiParameter(
                "slug",
                OpenApiTypes.STR,
                OpenApiParameter.PATH,
                description="Identifiant de la ressource (celui de l'adresse de sa page).",
            )
        ],
    ),
)
class RessourceViewSet(PublicApiMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = RessourceSerializer
    filterset_class = RessourceFilter
    filter_backends = [filters.DjangoFilterBackend]
    pagination_class = Curseur
    lookup_field = "slug"
    lookup_value_regex = "[^/\\x00]+"

    def get_queryset(self):
        return Ressource.objects.published().for_detail()
