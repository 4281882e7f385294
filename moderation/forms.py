"""The forms of the moderation space: the queue's filters, a decision, a report, an appeal
and its answer."""

from django import forms

from moderation.models import Signalement, Statut
from moderation.motifs import MOTIFS_CHOIX
from moderation.registry import nature_choices


class FileModerationForm(forms.Form):
    """The queue's filters; anything unexpected in the query string is simply ignored."""

    ANCIENNETES = [("", "toutes"), ("3", "plus de 3 jours"), ("7", "plus de 7 jours")]

    nature = forms.ChoiceField(
        label="Type", required=False, choices=lambda: [("", "tous"), *nature_choices()]
    )
    region = forms.CharField(
        label="Région (code)",
        required=False,
        max_length=3,
        help_text="Par exemple 84 pour l'Auvergne-Rhône-Alpes.",
    )
    departement = forms.CharField(
        label="Département (code)",
        required=False,
        max_length=3,
        help_text="Par exemple 69 ou 2A.",
    )
    epci = forms.RegexField(
        label="EPCI (SIREN)",
        required=False,
        regex=r"^\d{9}$",
        help_text="Les 9 chiffres du SIREN de l'intercommunalité.",
        error_messages={"invalid": "Un SIREN compte 9 chiffres."},
    )
    anciennete = forms.ChoiceField(label="En attente depuis", required=False, choices=ANCIENNETES)


class DecisionForm(forms.Form):
    ACTIONS = {
        "publier": Statut.PUBLIEE,
        "corriger": Statut.A_CORRIGER,
        "refuser": Statut.REFUSEE,
        "depublier": Statut.DEPUBLIEE,
    }

    action = forms.ChoiceField(
        label="Décision",
        widget=forms.RadioSelect,
        choices=[
            ("publier", "Publier"),
            ("corriger", "Demander des corrections"),
            ("refuser", "Refuser"),
            ("depublier", "Dépublier"),
        ],
    )
    motif = forms.ChoiceField(
        label="Motif",
        required=False,
        help_text="Obligatoire sauf pour publier : il dit au déposant quelle règle s'applique.",
    )
    texte = forms.CharField(
        label="Précisions sur le motif",
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    message = forms.CharField(
        label="Message au déposant (facultatif)",
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, statut: str = Statut.EN_ATTENTE, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["motif"].choices = [("", "Choisir un motif")] + MOTIFS_CHOIX
        if statut == Statut.PUBLIEE:
            self.fields["action"].choices = [("depublier", "Dépublier")]
        else:
            self.fields["action"].choices = self.fields["action"].choices[:3]

    def clean(self):
        data = super().clean()
        action = data.get("action")
        if action and action != "publier" and not data.get("motif"):
            self.add_error("motif", "Choisissez le motif : le déposant doit savoir quoi changer.")
        if data.get("motif") == "autre" and not data.get("texte", "").strip():
            self.add_error("texte", "Précisez la raison quand le motif est « autre ».")
        return data

    @property
    def statut(self) -> str:
        return self.ACTIONS[self.cleaned_data["action"]]


class SignalementForm(forms.Form):
    motif = forms.ChoiceField(label="Motif du signalement", choices=Signalement.Motif.choices)
    texte = forms.CharField(
        label="Précisions (facultatif)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Ce qui pose problème, sans données personnelles.",
    )


class RecoursForm(forms.Form):
    texte = forms.CharField(
        label="Pourquoi contestez-vous cette décision ?",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class RecoursDecisionForm(forms.Form):
    accepte = forms.TypedChoiceField(
        label="Réponse",
        widget=forms.RadioSelect,
        coerce=lambda value: value == "oui",
        choices=[("oui", "Accepter : publier le contenu"), ("non", "Maintenir la décision")],
    )
    reponse = forms.CharField(
        label="Explication envoyée au déposant",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
