"""Form fields for domaines and ODD, the same in every form."""

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
