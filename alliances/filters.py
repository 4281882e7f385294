"""The search of alliances (text, filters, place, dates, sort, facets), and what the offres'
search shares with it (FacetedFilterSet)."""

import math

import django_filters
from django import forms
from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Exists, F, OuterRef
from django.utils.functional import cached_property

from alliances import facettes
from alliances.models import (
    MAP_DETAIL_ZOOM,
    Alliance,
    FacettesMiseAJour,
    Participation,
    map_cell_size,
)
from nomenclatures.filters import domaine_filter, odd_filter
from nomenclatures.forms import DateInput
from nomenclatures.models import Domaine, Typologie
from organisations.models import Organisation
from recherche.filtres import FacetsMixin, PlaceFilterMixin, PlaceForm, text_filter
from territoires.filters import departement_filter, region_filter
from territoires.models import Region

# Filters that the directory and the alliance search share; each filterset that uses
# text_filter() defines filter_text(), which calls its queryset's own search().


class PeriodeForm(forms.Form):
    """Checks that a period's start (`debut_apres`) comes before its end (`debut_avant`); the
    search page and the API share it. Without those filters, it checks nothing."""

    def clean(self):
        data = super().clean()
        apres, avant = data.get("debut_apres"), data.get("debut_avant")
        if apres is not None and avant is not None and apres > avant:
            self.add_error(
                "debut_avant",
                forms.ValidationError(
                    "La période finit avant de commencer : choisissez une date « avant » "
                    "postérieure à la date « après ».",
                    code="periode",
                ),
            )
        return data


class AllianceSearchForm(PlaceForm, PeriodeForm):
    """The parts of the alliance search that are not plain filters: place and radius, sort."""

    TRI_CHOICES = [
        ("pertinence", "Pertinence"),
        ("recent", "Les plus récentes"),
        ("proximite", "Les plus proches"),
    ]

    tri = forms.ChoiceField(label="Trier par", choices=TRI_CHOICES, required=False)

    field_order = [
        "q",
        "typologie",
        "domaine",
        "odd",
        "etat",
        "partenaire",
        "region",
        "departement",
        "commune",
        "rayon",
        "debut_apres",
        "debut_avant",
        "signataires",
        "tri",
    ]


class FacetedFilterSet(PlaceFilterMixin, FacetsMixin, django_filters.FilterSet):
    """What the alliance and offre searches share: text, région and département filters, a
    place with a radius (the form's `commune` and `rayon`), a sort (`tri`), and facet counts
    (how many results each value of a filter would give, the other filters staying), cached.

    A subclass names its facets in FACETS (filter name → the path whose values are counted),
    gives their labels in facet_labels() and its sort in ordering(); the model's queryset
    provides search() and near()."""

    q = text_filter()
    region = region_filter()
    departement = departement_filter()

    # Filter name → the path whose values are counted for its facet.
    FACETS: dict[str, str] = {}
    # Facets whose path can repeat within one result (counted with DISTINCT).
    FACETS_DISTINCT: set[str] = set()

    def filter_text(self, queryset, name, value):
        return queryset.search(value)

    def filter_queryset(self, queryset):
        queryset = self.apply_place(self.apply_filters(queryset))
        return queryset.order_by(*self.ordering())

    def ordering(self) -> list:
        raise NotImplementedError

    def _others(self, name: str):
        """The results under every filter but this one."""
        data = self.data.copy()
        data.pop(name, None)
        others = type(self)(data, queryset=self.queryset)
        others.is_valid()
        # Not `others.qs`: counting needs no order.
        return others.apply_place(others.apply_filters(others.queryset))

    def _count_facets(self) -> dict[str, dict]:
        counts = {}
        for name, path in self.FACETS.items():
            rows = (
                self._others(name)
                .filter(**self._facet_condition(name))
                .values(path)
                .annotate(n=Count("pk", distinct=name in self.FACETS_DISTINCT))
            )
            counts[name] = {str(row[path]): row["n"] for row in rows if row[path] is not None}
        return counts

    @staticmethod
    def _facet_condition(name: str) -> dict:
        return {}


class AllianceFilter(FacetedFilterSet):
    """Search of published alliances: text, filters, place and radius, sort, and facet counts
    (how many alliances each value of a filter would give, the other filters staying)."""

    typologie = django_filters.ChoiceFilter(
        label="Typologie", choices=Typologie.choices, empty_label="Toutes"
    )
    domaine = domaine_filter()
    odd = odd_filter()
    etat = django_filters.ChoiceFilter(
        label="État", choices=Alliance.Etat.choices, empty_label="Tous"
    )
    partenaire = django_filters.ChoiceFilter(
        label="Type de partenaire",
        choices=Organisation.Kind.choices,
        empty_label="Tous",
        method="filter_partenaire",
    )
    debut_apres = django_filters.DateFilter(
        label="Commencée après le",
        field_name="date_debut",
        lookup_expr="gte",
        widget=DateInput(),
    )
    debut_avant = django_filters.DateFilter(
        label="Commencée avant le",
        field_name="date_debut",
        lookup_expr="lte",
        widget=DateInput(),
    )

    signataires = django_filters.BooleanFilter(
        label="Partenaires signataires de la Charte du faire alliance",
        help_text="Seulement les alliances dont chaque partenaire confirmé a signé la charte.",
        widget=forms.CheckboxInput,
        method="filter_signataires",
    )

    FACETS = {
        "typologie": "typologie",
        "etat": "etat",
        "domaine": "domaines",
        "odd": "odd",
        "partenaire": "participations__organisation__kind",
        "region": "region",
    }
    # An alliance holds each typologie, état, région, domaine or ODD value once, so a plain
    # count is exact there; only partner kinds repeat within an alliance.
    FACETS_DISTINCT = {"partenaire"}
    FACETS_CACHE_PREFIX = "facettes-alliances"
    # At 1.2 million alliances, the 20 nearest of 77,000 within 10 km of Paris are sorted from
    # an index in 90 ms, where sorting the whole rows took 670 ms (migration 0017).
    PAGE_BY_IDS = True

    class Meta:
        model = Alliance
        form = AllianceSearchForm
        fields: list[str] = []  # all declared above

    def filter_partenaire(self, queryset, name, value):
        confirmed = Participation.objects.filter(
            alliance=OuterRef("pk"),
            etat=Participation.Etat.CONFIRMEE,
            organisation__kind=value,
        )
        return queryset.filter(Exists(confirmed))

    def filter_signataires(self, queryset, name, value):
        """Alliances none of whose confirmed partners lacks the charter in force (a published
        alliance has two confirmed partners at least). An unticked box keeps them all."""
        if not value:
            return queryset
        non_signataire = Participation.objects.filter(
            alliance=OuterRef("pk"),
            etat=Participation.Etat.CONFIRMEE,
            organisation__charte_signee_le__isnull=True,
        )
        return queryset.filter(~Exists(non_signataire))

    def ordering(self) -> list:
        data = self.form.cleaned_data
        tri = data.get("tri") or "pertinence"
        if tri == "proximite" and data.get("commune") and data.get("rayon"):
            return ["distance", "-date_debut", "pk"]
        if tri == "pertinence" and data.get("q") and not self.par_date_faute_de_pertinence:
            return ["-rang", "-date_debut", "pk"]
        return [F("date_debut").desc(nulls_last=True), "-pk"]

    # What the summary does not hold: a search that uses one of them is counted otherwise.
    HORS_RESUME = ("q", "commune", "debut_apres", "debut_avant", "signataires")

    @cached_property
    def _echelle_nationale(self) -> FacettesMiseAJour | None:
        return facettes.in_use()

    @cached_property
    def _hors_resume(self) -> bool:
        self.is_valid()  # the form's cleaned_data, invalid values left out as in the results
        return any(self.form.cleaned_data.get(name) for name in self.HORS_RESUME)

    @property
    def comptages(self) -> FacettesMiseAJour | None:
        """The summary's last rewrite when this search's counts come from it: at national
        scale, for a search that only uses filters the summary holds (no text, place or
        dates). The page then says when the counts were made."""
        return None if self._hors_resume else self._echelle_nationale

    @cached_property
    def candidats(self) -> list[facettes.Candidat] | None:
        """At national scale, for a search with a text, a place or dates: the alliances these
        select (the other filters aside), which its total and facets are counted from, or None
        when there are more than `RECHERCHE_COMPTAGES_PLAFOND` of them (see facettes.py)."""
        if not (self._echelle_nationale and self._hors_resume):
            return None
        selected = self.apply_place(self.apply_filters(self.queryset, names=self.HORS_RESUME))
        return facettes.candidats(selected, self.plafond)

    @property
    def plafond(self) -> int:
        return settings.RECHERCHE_COMPTAGES_PLAFOND

    @property
    def par_date_faute_de_pertinence(self) -> bool:
        """A text search sorted by date because it finds too many alliances to rank them."""
        data = self.form.cleaned_data
        tri = data.get("tri") or "pertinence"
        return bool(data.get("q")) and tri == "pertinence" and self.trop_de_resultats

    @property
    def trop_de_resultats(self) -> bool:
        """True when this search's text, place or dates select too many alliances to count
        them, or to rank them by relevance, within a page's time: the page then says so, shows
        no facet counts, and sorts a text by date. Kept like the facets, so that another page
        of the same search does not select them again."""
        if not (self._hors_resume and self._echelle_nationale):
            return False
        key = self._cache_key("trop")
        trop = cache.get(key)
        if trop is None:
            trop = self.candidats is None
            cache.set(key, trop, self.FACETS_CACHE_SECONDS)
        return trop

    def _criteres(self) -> dict:
        """This search as values of the summary's columns."""
        data = self.form.cleaned_data
        values = {
            "typologie": data.get("typologie"),
            "etat": data.get("etat"),
            "partenaire": data.get("partenaire"),
            "domaine": data["domaine"].code if data.get("domaine") else None,
            "odd": data["odd"].numero if data.get("odd") else None,
            "region": data["region"].code if data.get("region") else None,
            "departement": data["departement"].code if data.get("departement") else None,
        }
        return {name: value for name, value in values.items() if value}

    def _count_total(self) -> int:
        if self.comptages is not None:
            return facettes.total(self._criteres())
        if self.trop_de_resultats:
            # The whole search, other filters included, counted up to one more than the
            # ceiling: the page says « plus de … » only when that is true.
            return self.qs.order_by().values("pk")[: self.plafond + 1].count()
        if self.candidats is not None:
            return facettes.total_of(self.candidats, self._criteres())
        return super()._count_total()

    def _count_facets(self) -> dict[str, dict]:
        if self.comptages is not None:
            return facettes.facets(self._criteres(), self.FACETS)
        if self.trop_de_resultats:
            return {}
        if self.candidats is not None:
            return facettes.facets_of(self.candidats, self._criteres(), self.FACETS)
        return super()._count_facets()

    def facet_labels(self) -> dict[str, dict]:
        return {
            "typologie": dict(Typologie.choices),
            "etat": dict(Alliance.Etat.choices),
            "partenaire": dict(Organisation.Kind.choices),
            "domaine": dict(Domaine.objects.values_list("code", "nom")),
            "odd": {str(numero): f"ODD {numero}" for numero in range(1, 18)},
            "region": dict(Region.objects.values_list("code", "nom")),
        }

    @staticmethod
    def _facet_condition(name: str) -> dict:
        # A partner counts for its kind only once it has confirmed its part.
        if name == "partenaire":
            return {"participations__etat": Participation.Etat.CONFIRMEE}
        return {}

    def map_points(
        self, *, west: float, south: float, east: float, north: float, zoom: int
    ) -> list[dict]:
        """The map's points for a view, kept like the facets. Below the detail zoom the view
        first widens to whole grid cells, so that nearby views share one answer (and a cell
        cut by the edge of the screen still counts all its alliances). At national scale,
        the map without filters reads the cells made by the last rewrite of the counts."""
        cells = None
        if zoom < MAP_DETAIL_ZOOM:
            size = map_cell_size(zoom)
            cells = (
                range(math.floor(west / size), math.ceil(east / size)),
                range(math.floor(south / size), math.ceil(north / size)),
            )
            west, east = cells[0].start * size, cells[0].stop * size
            south, north = cells[1].start * size, cells[1].stop * size
        key = self._cache_key(f"carte:{zoom}:{west:.6f}:{south:.6f}:{east:.6f}:{north:.6f}")
        points = cache.get(key)
        if points is None:
            self.is_valid()
            sans_filtre = not any(v for k, v in self.form.cleaned_data.items() if k != "tri")
            if cells and sans_filtre and self._echelle_nationale:
                points = facettes.cellules(zoom=zoom, columns=cells[0], rows=cells[1])
            else:
                points = self.qs.map_points(
                    west=west, south=south, east=east, north=north, zoom=zoom
                )
            cache.set(key, points, self.FACETS_CACHE_SECONDS)
        return points


# Offres
