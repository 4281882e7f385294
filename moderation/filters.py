"""The filters of the moderation queue: the région and département choosers of the public
pages, and the EPCI that hold something waiting in the moderator's perimeter."""

from datetime import timedelta

import django_filters
from django.utils import timezone

from moderation.models import Soumission
from moderation.registry import nature_choices
from territoires.filters import departement_filter, region_filter
from territoires.models import EPCI


class FileModerationFilter(django_filters.FilterSet):
    """The queue's filters; a value the choices don't hold is simply ignored (the form's
    error is kept, the other filters apply)."""

    ANCIENNETES = [("3", "plus de 3 jours"), ("7", "plus de 7 jours")]

    nature = django_filters.ChoiceFilter(
        label="Type", choices=lambda: nature_choices(), empty_label="tous"
    )
    region = region_filter()
    departement = departement_filter()
    epci = django_filters.ModelChoiceFilter(
        label="EPCI",
        queryset=EPCI.objects.none(),
        to_field_name="siren",
        empty_label="Tous les EPCI",
    )
    anciennete = django_filters.ChoiceFilter(
        label="En attente depuis",
        choices=ANCIENNETES,
        empty_label="toutes",
        method="filter_anciennete",
    )

    class Meta:
        model = Soumission
        fields = ["nature", "region", "departement", "epci", "anciennete"]

    def __init__(self, data, queryset):
        super().__init__(data, queryset=queryset)
        # The EPCI chooser lists those with an item waiting in this queue, by name.
        self.filters["epci"].queryset = EPCI.objects.filter(
            siren__in=queryset.values("epci_id")
        ).order_by("nom")

    def filter_anciennete(self, queryset, name, value):
        return queryset.filter(submitted_at__lt=timezone.now() - timedelta(days=int(value)))
