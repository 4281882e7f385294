"""The referential in the public API: filters and serializers of communes and EPCI, their
identifiers, names, populations and parents, to join the other data sets on INSEE and SIREN
codes. The viewsets, whose detail adds a count of alliances and organisations, are the
observatoire's (observatoire/api.py); lists count nothing."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from territoires.filters import departement_filter, region_filter
from territoires.models import EPCI, Commune, Departement, Region, normalize_search

ACTUEL_LABEL = (
    "true : encore au référentiel ; false : disparu (fusion), gardé pour les contenus qui le "
    "citent."
)


class StrictBooleanField(forms.NullBooleanField):
    """« true » or « false », or nothing: any other value is an error (a 400), where Django's
    field would read it as « no filter » and answer the whole list."""

    widget = forms.TextInput

    def to_python(self, value):
        if value in (None, ""):
            return None
        if value in ("true", "True", "1"):
            return True
        if value in ("false", "False", "0"):
            return False
        raise ValidationError("Valeur attendue : true ou false.", code="invalid")

    def validate(self, value):
        pass


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


class CommuneFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Début du nom, sans tenir compte des accents, tirets ni apostrophes.",
        method="filter_q",
        # As every search text of the API (api.base.PARAMETER_SCHEMAS).
        max_length=200,
    )
    departement = departement_filter()
    region = region_filter()
    epci = django_filters.ModelChoiceFilter(
        label="EPCI (SIREN)", queryset=EPCI.objects.all(), to_field_name="siren"
    )
    actuelle = StrictBooleanFilter(label=ACTUEL_LABEL)

    class Meta:
        model = Commune
        fields = ["q", "departement", "region", "epci", "actuelle"]

    def filter_q(self, queryset, name, value):
        normalized = normalize_search(value)
        return queryset.filter(nom_recherche__startswith=normalized) if normalized else queryset


class EPCIFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Début du nom (majuscules ou minuscules).",
        field_name="nom",
        lookup_expr="istartswith",
        max_length=200,
    )
    # The model knows no parent: an EPCI is in a département (or a région) when one of its
    # communes is; an EPCI may span several départements.
    departement = django_filters.ModelChoiceFilter(
        label="Département (code INSEE) d'au moins une de ses communes.",
        queryset=Departement.objects.all(),
        to_field_name="code",
        method="filter_parent",
    )
    region = django_filters.ModelChoiceFilter(
        label="Région (code INSEE) d'au moins une de ses communes.",
        queryset=Region.objects.all(),
        to_field_name="code",
        method="filter_parent",
    )
    actuel = StrictBooleanFilter(label=ACTUEL_LABEL)

    class Meta:
        model = EPCI
        fields = ["q", "departement", "region", "actuel"]

    # The schema shows the INSEE code that the filter takes.
    @extend_schema_field(OpenApiTypes.STR)
    def filter_parent(self, queryset, name, value):
        communes = Commune.objects.filter(epci=OuterRef("siren"), **{name: value})
        return queryset.filter(Exists(communes))


class CommuneSerializer(serializers.ModelSerializer):
    codes_postaux = serializers.ListField(
        source="codes_postaux_list", child=serializers.CharField()
    )
    departement = serializers.CharField(
        source="departement_id", allow_null=True, help_text="Code INSEE du département."
    )
    region = serializers.CharField(
        source="region_id", allow_null=True, help_text="Code INSEE de la région."
    )
    collectivite_outre_mer = serializers.CharField(
        help_text="Code de la collectivité d'outre-mer, pour les communes hors département."
    )
    epci = serializers.CharField(source="epci_id", allow_null=True, help_text="SIREN de l'EPCI.")
    url = serializers.SerializerMethodField(help_text="Page publique de la commune.")

    class Meta:
        model = Commune
        fields = [
            "code_insee",
            "siren",
            "nom",
            "population",
            "codes_postaux",
            "departement",
            "region",
            "collectivite_outre_mer",
            "epci",
            "latitude",
            "longitude",
            "actuelle",
            "url",
        ]
        extra_kwargs = {
            "latitude": {"help_text": "Centre de la commune (WGS 84)."},
            "longitude": {"help_text": "Centre de la commune (WGS 84)."},
        }

    def get_url(self, commune: Commune) -> str:
        return self.context["request"].build_absolute_uri(commune.get_absolute_url())


class EPCISerializer(serializers.ModelSerializer):
    departements = serializers.SerializerMethodField(
        help_text="Codes INSEE des départements de ses communes."
    )
    regions = serializers.SerializerMethodField(
        help_text="Codes INSEE des régions de ses communes."
    )
    url = serializers.SerializerMethodField(help_text="Page publique de l'EPCI.")

    class Meta:
        model = EPCI
        fields = [
            "siren",
            "nom",
            "nature",
            "population",
            "departements",
            "regions",
            "actuel",
            "url",
        ]

    def get_departements(self, epci: EPCI) -> list[str]:
        return self.context["parents"].get(epci.siren, ([], []))[0]

    def get_regions(self, epci: EPCI) -> list[str]:
        return self.context["parents"].get(epci.siren, ([], []))[1]

    def get_url(self, epci: EPCI) -> str:
        return self.context["request"].build_absolute_uri(epci.get_absolute_url())


def epci_parents(sirens: list[str]) -> dict[str, tuple[list[str], list[str]]]:
    """The départements and régions of each EPCI's current communes: one query per page."""
    found: dict[str, tuple[set, set]] = {}
    rows = (
        Commune.objects.actuelles()
        .filter(epci__in=sirens)
        .values_list("epci_id", "departement_id", "region_id")
        .distinct()
    )
    for siren, departement, region in rows:
        departements, regions = found.setdefault(siren, (set(), set()))
        departements.add(departement)
        regions.add(region)
    return {
        siren: (sorted(filter(None, departements)), sorted(filter(None, regions)))
        for siren, (departements, regions) in found.items()
    }
