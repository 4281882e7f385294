"""List filters by domaine and by ODD, the same on every search page."""

import django_filters

from nomenclatures.models import ODD, Domaine


def domaine_filter() -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(
        label="Domaine d'action",
        field_name="domaines",
        queryset=Domaine.objects.all(),
        to_field_name="code",
        empty_label="Tous les domaines",
    )


def odd_filter() -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(
        label="ODD", queryset=ODD.objects.all(), empty_label="Tous les ODD"
    )
