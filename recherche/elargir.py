"""What a search page proposes when it finds nothing: one link per change that widens the
search (lift a filter, widen the radius to the next step, drop a word or the whole text), each
keeping the other filters as they are. Every search page (alliances, offres, acteurs,
ressources, the moderation queue) reads its active filters from its form, here, and shows the
links with components/sans_resultat.html."""

from dataclasses import dataclass
from datetime import date

from django import forms
from django.core.paginator import Page
from django.http import HttpRequest, QueryDict
from django.utils.formats import date_format

# Widening a radius goes to the next of these steps (km); past the last, only lifting the
# place is proposed.
RAYONS_KM = (5, 10, 20, 50, 100, 200, 300)
# The radius proposed around a commune searched alone.
RAYON_AUTOUR_KM = 10
# Fields that change how results are shown, not which ones.
NON_FILTRES = frozenset({"page", "tri"})
# A long text gets one « without this word » link per word, up to this many words.
MOTS_MAX = 5


@dataclass(frozen=True)
class Elargissement:
    libelle: str
    url: str


def filtres_actifs(form: forms.Form) -> list[str]:
    """The names of the form's fields that narrow the results: those given a valid value (an
    invalid value is ignored by the search, with its message). A radius counts only with its
    commune, which it measures from."""
    form.is_valid()  # cleaned_data, already there once the filterset has run
    data = getattr(form, "cleaned_data", {})
    actifs = [
        name
        for name in form.fields
        if name not in NON_FILTRES
        # An unticked box (False) keeps every result.
        and data.get(name) is not False
        and data.get(name) not in (None, "", [], ())
    ]
    if "rayon" in actifs and "commune" not in actifs:
        actifs.remove("rayon")
    return actifs


def _valeur(form: forms.Form, name: str) -> str:
    """How the page writes a filter's value: its choice's label, a place's name, a date."""
    value = form.cleaned_data[name]
    field = form.fields[name]
    if value is True:
        return "oui"
    if isinstance(field, forms.ModelChoiceField):
        return str(value)
    if isinstance(field, forms.ChoiceField):
        return str(dict(field.choices).get(value, value))
    if isinstance(value, date):
        return date_format(value, "j F Y")
    return str(value)


def _url(path: str, data: QueryDict, *, sans=(), avec: dict | None = None) -> str:
    query = data.copy()
    for name in (*sans, "page"):
        query.pop(name, None)
    for name, value in (avec or {}).items():
        query[name] = value
    encoded = query.urlencode()
    return f"{path}?{encoded}" if encoded else path


def _texte(form: forms.Form, data: QueryDict, path: str) -> list[Elargissement]:
    texte = form.cleaned_data["q"].strip()
    mots = texte.split()
    liens = []
    if 1 < len(mots) <= MOTS_MAX:
        for index, mot in enumerate(mots):
            reste = " ".join(mots[:index] + mots[index + 1 :])
            liens.append(
                Elargissement(
                    f"Chercher « {reste} », sans le mot « {mot} »",
                    _url(path, data, avec={"q": reste}),
                )
            )
    liens.append(
        Elargissement(f"Chercher sans le texte « {texte} »", _url(path, data, sans=("q",)))
    )
    return liens


def _lieu(form: forms.Form, data: QueryDict, path: str, actifs: list[str]) -> list[Elargissement]:
    commune = form.cleaned_data["commune"]
    liens = []
    if "rayon" in actifs:
        rayon = form.cleaned_data["rayon"]
        plus_large = next((km for km in RAYONS_KM if km > rayon), None)
        if plus_large is not None:
            liens.append(
                Elargissement(
                    f"Élargir le rayon à {plus_large} km autour de {commune}",
                    _url(path, data, avec={"rayon": str(plus_large)}),
                )
            )
    elif "rayon" in form.fields and getattr(commune, "latitude", None) is not None:
        liens.append(
            Elargissement(
                f"Chercher dans un rayon de {RAYON_AUTOUR_KM} km autour de {commune}",
                _url(path, data, avec={"rayon": str(RAYON_AUTOUR_KM)}),
            )
        )
    # Without its commune a radius measures from nowhere: both go.
    ou = f"près de {commune}" if "rayon" in actifs else f"à {commune}"
    liens.append(
        Elargissement(
            f"Chercher partout, pas seulement {ou}", _url(path, data, sans=("commune", "rayon"))
        )
    )
    return liens


def elargissements(form: forms.Form, data: QueryDict, path: str) -> list[Elargissement]:
    """The links that widen a search, in the order of its form's fields: for its text, one
    without each word (a text of a few words) and one without the text; for a commune with a
    radius, the next radius step; for a commune alone, a radius around it; then a link that
    lifts each other filter. `data` is the request's query string, `path` the page's."""
    actifs = filtres_actifs(form)
    liens: list[Elargissement] = []
    for name in actifs:
        if name == "q":
            liens += _texte(form, data, path)
        elif name == "commune" and "rayon" in form.fields:
            liens += _lieu(form, data, path, actifs)
        elif name == "rayon":
            continue  # with its commune, above
        else:
            label = form.fields[name].label or name
            liens.append(
                Elargissement(
                    f"Retirer le filtre « {label} : {_valeur(form, name)} »",
                    _url(path, data, sans=(name,)),
                )
            )
    return liens


def elargissements_si_vide(page: Page, form: forms.Form, request: HttpRequest) -> list:
    """elargissements() for a search page whose results are empty; nothing otherwise."""
    if page.paginator.count:
        return []
    return elargissements(form, request.GET, request.path)
