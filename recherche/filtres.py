"""What the search pages share: the text filter, a place with a radius (PlaceForm,
PlaceFilterMixin), facet counts and totals kept in the cache (FacetsMixin), and a paginator
told its total."""

import hashlib
from urllib.parse import urlencode

import django_filters
from django import forms
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Page, Paginator
from django.utils.functional import cached_property

from territoires.forms import CommuneField


def text_filter() -> django_filters.CharFilter:
    return django_filters.CharFilter(
        label="Rechercher",
        method="filter_text",
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
    )


class PlaceForm(forms.Form):
    """A place and a radius around it, for the searches of alliances, offres and acteurs."""

    commune = CommuneField(
        label="Près de (commune)",
        required=False,
        help_text="Nom ou code postal, par exemple « Lyon (69) ».",
    )
    rayon = forms.IntegerField(
        label="Dans un rayon de (km)",
        required=False,
        min_value=1,
        max_value=300,
        error_messages={
            "min_value": "Le rayon doit être d'au moins %(limit_value)s km.",
            "max_value": "Le rayon ne peut pas dépasser %(limit_value)s km.",
            "invalid": "Le rayon s'écrit en kilomètres, sans décimales.",
        },
    )


class PlaceFilterMixin:
    """For a FilterSet whose form is a PlaceForm: its declared filters (`apply_filters`), then
    its place (`apply_place`): within the radius of the commune, through the queryset's
    `near(latitude, longitude, km)`, which annotates a `distance`; or in the commune itself
    (`filter_commune`)."""

    def apply_filters(self, queryset, names=None):
        """The declared filters only (the API has no place nor sort), or those in `names`."""
        data = self.form.cleaned_data
        # Not FilterSet.filter_queryset(): it would look for a filter behind every form field,
        # place and sort too.
        for name, filter_ in self.filters.items():
            if name in data and (names is None or name in names):
                queryset = filter_.filter(queryset, data[name])
        return queryset

    def apply_place(self, queryset):
        data = self.form.cleaned_data
        commune = data.get("commune")
        if commune is None:
            return queryset
        if data.get("rayon") and commune.latitude is not None:
            return queryset.near(commune.latitude, commune.longitude, data["rayon"])
        return self.filter_commune(queryset, commune)

    def filter_commune(self, queryset, commune):
        return queryset.filter(commune=commune)


class CountedPaginator(Paginator):
    """A paginator told its total instead of counting it. With `by_ids`, a page first sorts
    the ids alone (which an index can give without reading the rows), then reads its rows."""

    def __init__(self, object_list, per_page: int, *, count: int, by_ids: bool = False):
        super().__init__(object_list, per_page)
        self.known_count = count
        self.by_ids = by_ids

    @cached_property
    def count(self) -> int:
        return self.known_count

    def page(self, number) -> Page:
        page = super().page(number)
        if self.by_ids:
            ids = list(page.object_list.values_list("pk", flat=True))
            rows = self.object_list.order_by().in_bulk(ids)
            page.object_list = [rows[pk] for pk in ids if pk in rows]
        return page


class FacetsMixin:
    """Facet counts (how many results each value of a filter would give, the other filters
    staying) and the total of a search, both cached, for the alliance, offre and resource
    searches. A filterset counts its facets in `_count_facets()` and names their values in
    `facet_values()`."""

    # The cache key's prefix: one per filterset, since two of them may share a query string.
    FACETS_CACHE_PREFIX = ""
    # Facet counts scan every matching row, which takes seconds at national scale: they are
    # kept a few minutes per search, so a count may lag a publication by that much.
    FACETS_CACHE_SECONDS = 300
    # Whether a page sorts the ids first (CountedPaginator): worth it on large tables only.
    PAGE_BY_IDS = False

    def _cache_key(self, what: str) -> str:
        """One key per search whatever the page and the sort, which change no count, and per
        base queryset: a saved search's digest filters fewer alliances than the page."""
        data = self.data.copy()
        for name in ("page", "tri", "bbox", "zoom"):
            data.pop(name, None)
        query = urlencode(sorted((k, sorted(v)) for k, v in data.lists()), doseq=True)
        try:
            base = str(self.queryset.query)
        except EmptyResultSet:  # a queryset.none()
            base = "none"
        seed = f"{base}|{query}"
        return f"{self.FACETS_CACHE_PREFIX}:{what}:" + hashlib.sha256(seed.encode()).hexdigest()

    def facets(self) -> dict[str, dict]:
        """For each facet, {value: number of results} under all the other filters."""
        key = self._cache_key("facettes")
        counts = cache.get(key)
        if counts is None:
            counts = self._count_facets()
            cache.set(key, counts, self.FACETS_CACHE_SECONDS)
        return counts

    def paginate(self, queryset, per_page: int, number) -> Page:
        """The requested page of `queryset` (this search's results, as the page lists them),
        its total kept like the facets: counting a million rows costs as much as a facet."""
        key = self._cache_key("total")
        total = cache.get(key)
        if total is None:
            total = self._count_total()
            cache.set(key, total, self.FACETS_CACHE_SECONDS)
        paginator = CountedPaginator(queryset, per_page, count=total, by_ids=self.PAGE_BY_IDS)
        return paginator.get_page(number)

    def _count_total(self) -> int:
        return self.qs.order_by().count()

    def _count_facets(self) -> dict[str, dict]:
        raise NotImplementedError

    def facet_labels(self) -> dict[str, dict]:
        raise NotImplementedError

    def facet_values(self) -> dict[str, list[tuple[str, str, int]]]:
        """For each facet, its (value, label, count), most frequent first."""
        labels = self.facet_labels()
        return {
            name: [
                (value, labels[name].get(value, value), count)
                for value, count in sorted(values.items(), key=lambda item: -item[1])
            ]
            for name, values in self.facets().items()
        }

    def facet_groups(self) -> list[dict]:
        """Facets ready to show: for each filter, its values with their count and the link that
        sets (or, for the current value, removes) that value, the other filters kept."""
        groups = []
        for name, values in self.facet_values().items():
            current = self.data.get(name, "")
            items = []
            for value, label, count in values:
                query = self.data.copy()
                query.pop("page", None)
                if value == current:
                    query.pop(name, None)
                else:
                    query[name] = value
                items.append(
                    {
                        "label": label,
                        "count": count,
                        "url": "?" + query.urlencode(),
                        "selected": value == current,
                    }
                )
            groups.append({"label": self.filters[name].label, "items": items})
        return groups
