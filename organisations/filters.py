"""The filters of the public directory /acteurs/."""

import django_filters

from nomenclatures.filters import domaine_filter, odd_filter
from organisations.models import Organisation
from recherche.filtres import text_filter
from territoires.models import Departement, Region


class OrganisationFilter(django_filters.FilterSet):
    """The public directory's filters. Unknown values make the field invalid and are ignored,
    with the form's French message, rather than breaking the page."""

    q = text_filter()
    kind = django_filters.ChoiceFilter(
        label="Type de structure", choices=Organisation.Kind.choices, empty_label="Tous les types"
    )
    domaine = domaine_filter()
    odd = odd_filter()
    region = django_filters.ModelChoiceFilter(
        label="Région",
        field_name="siege__region",
        queryset=Region.objects.order_by("nom"),
        to_field_name="code",
        empty_label="Toutes les régions",
    )
    departement = django_filters.ModelChoiceFilter(
        label="Département",
        field_name="siege__departement",
        queryset=Departement.objects.order_by("code"),
        to_field_name="code",
        empty_label="Tous les départements",
    )
    commune = django_filters.CharFilter(
        label="Commune (code INSEE)", field_name="siege__code_insee", max_length=5
    )

    class Meta:
        model = Organisation
        fields = ["q", "kind", "domaine", "odd", "region", "departement", "commune"]

    def filter_text(self, queryset, name, value):
        return queryset.search(value)
