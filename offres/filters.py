"""The search of offres: text, filters, place and radius (national offres included), sort, and
facet counts under the other filters."""

import django_filters
from django.db.models import Count, F, Q

from alliances.filters import AllianceSearchForm, FacetedFilterSet
from nomenclatures.filters import domaine_filter, odd_filter
from nomenclatures.models import Domaine, Typologie
from offres.models import Offre, TypeRessource, ressource_q
from territoires.models import Region


class OffreSearchForm(AllianceSearchForm):
    """Place and radius, and sort, for offres: the same fields as for alliances."""

    field_order = [
        "q",
        "sens",
        "typologie",
        "ressource",
        "domaine",
        "odd",
        "region",
        "departement",
        "commune",
        "rayon",
        "tri",
    ]


class OffreFilter(FacetedFilterSet):
    """Search of open published offres: text, filters, place and radius (national offres
    included), sort, and facet counts under the other filters."""

    sens = django_filters.ChoiceFilter(
        label="Sens",
        choices=[("propose", "Proposées"), ("recherche", "Recherchées")],
        empty_label="Toutes",
    )
    typologie = django_filters.ChoiceFilter(
        label="Typologie", choices=Typologie.choices, empty_label="Toutes"
    )
    ressource = django_filters.ChoiceFilter(
        label="Ressource",
        choices=TypeRessource.choices,
        empty_label="Toutes",
        method="filter_ressource",
    )
    domaine = domaine_filter()
    odd = odd_filter()

    FACETS = {"sens": "sens", "typologie": "typologie", "domaine": "domaines", "region": "region"}
    FACETS_CACHE_PREFIX = "facettes-offres"

    class Meta:
        model = Offre
        form = OffreSearchForm
        fields: list[str] = []

    def filter_ressource(self, queryset, name, value):
        return queryset.with_ressource(value)

    def filter_commune(self, queryset, commune):
        # National offres reach every commune.
        return queryset.filter(Q(commune=commune) | Q(national=True))

    def ordering(self) -> list:
        data = self.form.cleaned_data
        tri = data.get("tri") or "pertinence"
        if tri == "proximite" and data.get("commune") and data.get("rayon"):
            return [F("distance").asc(nulls_last=True), "-created_at", "pk"]
        if tri == "pertinence" and data.get("q"):
            return ["-rang", "-created_at", "pk"]
        return ["-created_at", "-pk"]

    def _count_facets(self) -> dict[str, dict]:
        counts = super()._count_facets()
        # Ressources are a list in one column: one conditional count per value, in one query.
        totals = self._others("ressource").aggregate(
            **{code: Count("pk", filter=ressource_q(code)) for code in TypeRessource.values}
        )
        counts["ressource"] = {code: n for code, n in totals.items() if n}
        # The order the page shows them in.
        return {
            name: counts[name] for name in ("sens", "typologie", "ressource", "domaine", "region")
        }

    def facet_labels(self) -> dict[str, dict]:
        return {
            "sens": dict(self.filters["sens"].extra["choices"]),
            "typologie": dict(Typologie.choices),
            "ressource": dict(TypeRessource.choices),
            "domaine": dict(Domaine.objects.values_list("code", "nom")),
            "region": dict(Region.objects.values_list("code", "nom")),
        }
