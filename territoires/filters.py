"""List filters by région and by département, the same on every page and in the API."""

import django_filters

from territoires.models import Departement, Region


def region_filter() -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(
        label="Région",
        queryset=Region.objects.order_by("nom"),
        to_field_name="code",
        empty_label="Toutes les régions",
    )


def departement_filter() -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(
        label="Département",
        queryset=Departement.objects.order_by("code"),
        to_field_name="code",
        empty_label="Tous les départements",
    )
