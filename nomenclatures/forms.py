"""Form fields for domaines and ODD, and the date picker: the same in every form."""

from datetime import date

from django import forms

from nomenclatures.models import ODD, Domaine


def domaines_field() -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        Domaine.objects.all(),
        label="Domaines d'action",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


def odd_field() -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        ODD.objects.all(),
        label="Objectifs de développement durable",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class DateInput(forms.DateInput):
    """The browser's date picker. HTML allows it no value but an ISO date: one that is not
    (typed in the address of a search, or sent by hand) is shown empty, next to the form's
    error that says what was wrong."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")

    def format_value(self, value):
        value = super().format_value(value)
        try:
            return date.fromisoformat(value).isoformat() if value else value
        except ValueError:
            return None
