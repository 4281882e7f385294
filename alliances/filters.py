import django_filters
from django import forms
from django.db.models import Count, Exists, F, OuterRef

from alliances.models import ODD, Alliance, Domaine, Organisation, Participation
from territoires.forms import CommuneField
from territoires.models import Departement, Region

# Filters that the directory and the alliance search share; each filterset that uses
# text_filter() defines filter_text(), which calls its queryset's own search().


def text_filter() -> django_filters.CharFilter:
    return django_filters.CharFilter(
        label="Rechercher",
        method="filter_text",
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
    )


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


class AllianceSearchForm(forms.Form):
    """The parts of the alliance search that are not plain filters: place and radius, sort."""

    TRI_CHOICES = [
        ("pertinence", "Pertinence"),
        ("recent", "Les plus récentes"),
        ("proximite", "Les plus proches"),
    ]

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
        "tri",
    ]


class AllianceFilter(django_filters.FilterSet):
    """Search of published alliances: text, filters, place and radius, sort, and facet counts
    (how many alliances each value of a filter would give, the other filters staying)."""

    q = text_filter()
    typologie = django_filters.ChoiceFilter(
        label="Typologie", choices=Alliance.Typologie.choices, empty_label="Toutes"
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
    region = django_filters.ModelChoiceFilter(
        label="Région",
        queryset=Region.objects.order_by("nom"),
        to_field_name="code",
        empty_label="Toutes les régions",
    )
    departement = django_filters.ModelChoiceFilter(
        label="Département",
        queryset=Departement.objects.order_by("code"),
        to_field_name="code",
        empty_label="Tous les départements",
    )
    debut_apres = django_filters.DateFilter(
        label="Commencée après le",
        field_name="date_debut",
        lookup_expr="gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    debut_avant = django_filters.DateFilter(
        label="Commencée avant le",
        field_name="date_debut",
        lookup_expr="lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    # Filter name → the path whose values are counted for its facet.
    FACETS = {
        "typologie": "typologie",
        "etat": "etat",
        "domaine": "domaines",
        "odd": "odd",
        "partenaire": "participations__organisation__kind",
        "region": "region",
    }

    class Meta:
        model = Alliance
        form = AllianceSearchForm
        fields: list[str] = []  # all declared above

    def filter_text(self, queryset, name, value):
        return queryset.search(value)

    def filter_partenaire(self, queryset, name, value):
        confirmed = Participation.objects.filter(
            alliance=OuterRef("pk"),
            etat=Participation.Etat.CONFIRMEE,
            organisation__kind=value,
        )
        return queryset.filter(Exists(confirmed))

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        # Not super(): it would look for a filter behind every form field, place and sort too.
        for name, filter_ in self.filters.items():
            if name in data:
                queryset = filter_.filter(queryset, data[name])
        commune = data.get("commune")
        if commune is not None:
            if data.get("rayon") and commune.latitude is not None:
                queryset = queryset.near(commune.latitude, commune.longitude, data["rayon"])
            else:
                queryset = queryset.filter(commune=commune)
        return queryset.order_by(*self.ordering())

    def ordering(self) -> list:
        data = self.form.cleaned_data
        tri = data.get("tri") or "pertinence"
        if tri == "proximite" and data.get("commune") and data.get("rayon"):
            return ["distance", "-date_debut", "pk"]
        if tri == "pertinence" and data.get("q"):
            return ["-rang", "-date_debut", "pk"]
        return [F("date_debut").desc(nulls_last=True), "-pk"]

    def facets(self) -> dict[str, dict]:
        """For each facet, {value: number of alliances} under all the other filters."""
        counts = {}
        for name, path in self.FACETS.items():
            data = self.data.copy()
            data.pop(name, None)
            data.pop("tri", None)
            others = type(self)(data, queryset=self.queryset)
            # An alliance holds each typologie, état, région, domaine or ODD value once, so a
            # plain count is exact there; only partner kinds repeat within an alliance.
            rows = (
                others.qs.order_by()
                .filter(**self._facet_condition(name))
                .values(path)
                .annotate(n=Count("pk", distinct=name == "partenaire"))
            )
            counts[name] = {str(row[path]): row["n"] for row in rows if row[path] is not None}
        return counts

    def facet_groups(self) -> list[dict]:
        """Facets ready to show: for each filter, its values with their count and the link that
        sets (or, for the current value, removes) that value, the other filters kept."""
        counts = self.facets()
        labels = {
            "typologie": dict(Alliance.Typologie.choices),
            "etat": dict(Alliance.Etat.choices),
            "partenaire": dict(Organisation.Kind.choices),
            "domaine": dict(Domaine.objects.values_list("code", "nom")),
            "odd": {str(numero): f"ODD {numero}" for numero in range(1, 18)},
            "region": dict(Region.objects.values_list("code", "nom")),
        }
        groups = []
        for name, values in counts.items():
            current = self.data.get(name, "")
            items = []
            for value, count in sorted(values.items(), key=lambda item: -item[1]):
                query = self.data.copy()
                query.pop("page", None)
                if value == current:
                    query.pop(name, None)
                else:
                    query[name] = value
                items.append(
                    {
                        "label": labels[name].get(value, value),
                        "count": count,
                        "url": "?" + query.urlencode(),
                        "selected": value == current,
                    }
                )
            groups.append({"label": self.filters[name].label, "items": items})
        return groups

    @staticmethod
    def _facet_condition(name: str) -> dict:
        # A partner counts for its kind only once it has confirmed its part.
        if name == "partenaire":
            return {"participations__etat": Participation.Etat.CONFIRMEE}
        return {}
