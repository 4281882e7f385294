"""The observatoire's filters, shared by its pages, its CSV files and the API's figures."""

import re

from django import forms
from django.core.exceptions import ValidationError

from alliances.models import Alliance
from nomenclatures.models import Domaine, Typologie
from observatoire.chiffres import PREMIERE_ANNEE, Filtres, derniere_annee
from territoires.models import Departement, Region

# An INSEE code of région or département: checked before any query (PostgreSQL refuses NUL).
CODE_RE = re.compile(r"^[0-9A-Z]{1,3}$")


class ObservatoireForm(forms.Form):
    """Typologie, domaine and period. Unknown parameters and absurd periods are errors with a
    French message, which the page answers with a 400 that keeps what was typed."""

    typologie = forms.ChoiceField(
        label="Typologie",
        choices=[("", "Toutes les typologies"), *Typologie.choices],
        required=False,
        error_messages={"invalid_choice": "Cette typologie n'existe pas."},
    )
    domaine = forms.ModelChoiceField(
        label="Domaine d'action",
        queryset=Domaine.objects.all(),
        to_field_name="code",
        required=False,
        empty_label="Tous les domaines",
        error_messages={"invalid_choice": "Ce domaine d'action n'existe pas."},
    )
    debut = forms.IntegerField(
        label="Commencées à partir de",
        help_text="Une année, par exemple 2018.",
        required=False,
        error_messages={"invalid": "L'année s'écrit avec quatre chiffres, par exemple 2018."},
    )
    fin = forms.IntegerField(
        label="Commencées jusqu'en",
        help_text="Une année, par exemple 2025.",
        required=False,
        error_messages={"invalid": "L'année s'écrit avec quatre chiffres, par exemple 2025."},
    )

    def __init__(
        self, data=None, *, extra_keys: tuple[str, ...] = (), empty_period_allowed=False, **kwargs
    ):
        # The API accepts a period that ends before it starts: it selects nothing (api.base).
        super().__init__(data, **kwargs)
        self.extra_keys = extra_keys
        self.empty_period_allowed = empty_period_allowed
        for name in ("debut", "fin"):
            self.fields[name].widget.attrs.update(
                {"min": PREMIERE_ANNEE, "max": derniere_annee(), "inputmode": "numeric"}
            )

    def clean(self):
        data = super().clean()
        unknown = sorted(set(self.data) - set(self.fields) - set(self.extra_keys))
        if unknown:
            raise ValidationError(
                "Filtre inconnu : %(noms)s. Les filtres possibles sont typologie, domaine, "
                "debut et fin.",
                code="unknown",
                params={"noms": ", ".join(unknown)},
            )
        last = derniere_annee()
        for name in ("debut", "fin"):
            year = data.get(name)
            if year is not None and not PREMIERE_ANNEE <= year <= last:
                self.add_error(name, f"Choisissez une année entre {PREMIERE_ANNEE} et {last}.")
        debut, fin = data.get("debut"), data.get("fin")
        if debut is not None and fin is not None and debut > fin and not self.empty_period_allowed:
            self.add_error("fin", "La période finit avant de commencer : vérifiez les années.")
        return data

    def filtres(self) -> Filtres:
        """The validated filters (call after is_valid())."""
        data = self.cleaned_data
        domaine = data.get("domaine")
        return Filtres(
            typologie=data.get("typologie") or "",
            domaine=domaine.code if domaine else "",
            debut=data.get("debut"),
            fin=data.get("fin"),
        )


WIDGET_MAX = 20


class WidgetForm(forms.Form):
    """The widget's parameters: one place (or none: France) and how many alliances to show.
    Anything else, or a number out of range (including digits `int()` refuses, like « ² »), is
    refused by the view with a 400."""

    region = forms.CharField(required=False, max_length=3)
    departement = forms.CharField(required=False, max_length=3)
    organisation = forms.CharField(required=False, max_length=255)
    nombre = forms.IntegerField(required=False, min_value=1, max_value=WIDGET_MAX)

    def clean(self):
        data = super().clean()
        unknown = sorted(set(self.data) - set(self.fields))
        if unknown:
            raise ValidationError("Paramètre inconnu.", code="unknown")
        if data.get("nombre") is None:
            data["nombre"] = 5
        return data


class ImpactForm(forms.Form):
    """The impact page's filters: a typologie and a territory (an INSEE code of région or
    département). Unknown parameters and codes are errors with a French message."""

    typologie = forms.ChoiceField(
        label="Typologie",
        choices=[("", "Toutes les typologies"), *Typologie.choices],
        required=False,
        error_messages={"invalid_choice": "Cette typologie n'existe pas."},
    )
    region = forms.CharField(label="Région (code INSEE)", required=False, max_length=3)
    departement = forms.CharField(label="Département (code INSEE)", required=False, max_length=3)

    def clean(self):
        data = super().clean()
        unknown = sorted(set(self.data) - set(self.fields))
        if unknown:
            raise ValidationError(
                "Filtre inconnu : %(noms)s. Les filtres possibles sont typologie, region et "
                "departement.",
                code="unknown",
                params={"noms": ", ".join(unknown)},
            )
        for name, model, inconnu in (
            ("region", Region, "Aucune région n'a le code « {} »."),
            ("departement", Departement, "Aucun département n'a le code « {} »."),
        ):
            code = data.get(name)
            place = None
            if code:
                place = model.objects.filter(code=code).first() if CODE_RE.match(code) else None
                if place is None:
                    self.add_error(name, inconnu.format(code))
            data[name] = place
        return data

    def alliances(self):
        """The published alliances under the filters (call after is_valid())."""
        alliances = Alliance.objects.published()
        data = self.cleaned_data
        if data.get("typologie"):
            alliances = alliances.filter(typologie=data["typologie"])
        if data.get("departement"):
            alliances = alliances.filter(departement=data["departement"])
        elif data.get("region"):
            alliances = alliances.filter(region=data["region"])
        return alliances
