import django_filters
from django.db.models import Count, F

from recherche.filtres import FacetsMixin, text_filter
from ressources.models import AXES, Categorie, Etiquette, Format, Maturite, Ressource

# Single-valued filters: the column a facet counts.
COLONNES = {"maturite": "maturite", "categorie": "categorie", "format": "format"}
CHOIX = {
    **AXES,
    "maturite": Maturite,
    "categorie": Categorie,
    "format": Format,
}


def _etiquette_filter(label: str, axe: str, empty_label: str) -> django_filters.ChoiceFilter:
    return django_filters.ChoiceFilter(
        label=label, choices=AXES[axe].choices, empty_label=empty_label, method="filter_etiquette"
    )


class RessourceFilter(FacetsMixin, django_filters.FilterSet):
    """The library's search: text and six filters, with facet counts (how many resources each
    value would give, the other filters staying). Unknown values make their field invalid: it
    is then ignored, with the form's French message, and the page still answers."""

    q = text_filter()
    profil = _etiquette_filter("Je suis", "profil", "Tous les profils")
    objectif = _etiquette_filter("Je veux", "objectif", "Tous les objectifs")
    maturite = django_filters.ChoiceFilter(
        label="Maturité", choices=Maturite.choices, empty_label="Toutes"
    )
    typologie = _etiquette_filter("Typologie d'alliance", "typologie", "Toutes les typologies")
    categorie = django_filters.ChoiceFilter(
        label="Catégorie", choices=Categorie.choices, empty_label="Toutes"
    )
    format = django_filters.ChoiceFilter(label="Format", choices=Format.choices, empty_label="Tous")

    FACETS = ["profil", "objectif", "maturite", "typologie", "categorie", "format"]
    FACETS_CACHE_PREFIX = "facettes-ressources"

    class Meta:
        model = Ressource
        fields: list[str] = []  # all declared above

    def filter_text(self, queryset, name, value):
        return queryset.search(value)

    def filter_etiquette(self, queryset, name, value):
        return queryset.with_etiquette(name, value)

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset).order_by(*self.ordering())

    def ordering(self) -> list:
        if self.form.cleaned_data.get("q"):
            return ["-rang", F("publiee_le").desc(), "-pk"]
        return [F("publiee_le").desc(), "-pk"]

    def _count_facets(self) -> dict[str, dict[str, int]]:
        """For each facet, {value: number of resources} under all the other filters: one
        query per facet (tags are counted in their own table)."""
        counts = {}
        for name in self.FACETS:
            data = self.data.copy()
            data.pop(name, None)
            others = type(self)(data, queryset=self.queryset).qs.order_by()
            if name in COLONNES:
                rows = others.values(COLONNES[name]).annotate(n=Count("pk"))
                counts[name] = {row[COLONNES[name]]: row["n"] for row in rows}
            else:
                rows = (
                    Etiquette.objects.filter(axe=name, ressource__in=others.values("pk"))
                    .values("valeur")
                    .annotate(n=Count("ressource"))
                )
                counts[name] = {row["valeur"]: row["n"] for row in rows}
        return counts

    def facet_values(self) -> dict[str, list[tuple[str, str, int]]]:
        """Values in the order of their choices (a reading order: découvrir before
        approfondir), those without any resource left out."""
        return {
            name: [
                (value, label, values[value])
                for value, label in CHOIX[name].choices
                if values.get(value)
            ]
            for name, values in self.facets().items()
        }
