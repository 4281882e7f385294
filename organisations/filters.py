"""The filters of the public directory /acteurs/: text, type, domaine, ODD, région,
département, a place with a radius, like the searches of alliances and offres, and the
signatories of the Charte du faire alliance."""

import django_filters
from django import forms

from nomenclatures.filters import domaine_filter, odd_filter
from organisations.models import Organisation
from recherche.filtres import PlaceFilterMixin, PlaceForm, text_filter
from territoires.models import Departement, Region


class OrganisationSearchForm(PlaceForm):
    field_order = [
        "q",
        "kind",
        "domaine",
        "odd",
        "region",
        "departement",
        "commune",
        "rayon",
        "signataire",
    ]


class OrganisationFilter(PlaceFilterMixin, django_filters.FilterSet):
    """The public directory's filters. Unknown values make the field invalid and are ignored,
    with the form's French message, rather than breaking the page. A text sorts by relevance,
    a radius by distance, anything else by name."""

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

    signataire = django_filters.BooleanFilter(
        label="Signataires de la Charte du faire alliance seulement",
        widget=forms.CheckboxInput,
        method="filter_signataire",
    )

    class Meta:
        model = Organisation
        form = OrganisationSearchForm
        fields: list[str] = []  # all declared above

    def filter_text(self, queryset, name, value):
        return queryset.search(value)

    def filter_queryset(self, queryset):
        queryset = self.apply_place(self.apply_filters(queryset))
        return queryset.order_by(*self.ordering())

    def filter_signataire(self, queryset, name, value):
        # An unticked box is False: every organisation.
        return queryset.filter(charte_signee_le__isnull=False) if value else queryset

    def filter_commune(self, queryset, commune):
        return queryset.filter(siege=commune)

    def ordering(self) -> list:
        data = self.form.cleaned_data
        if data.get("q"):
            return ["-rang", "nom", "pk"]
        commune = data.get("commune")
        if commune is not None and data.get("rayon") and commune.latitude is not None:
            return ["distance", "nom", "pk"]
        return ["nom", "pk"]
