"""The forms of the moderation space: a decision, a report, an appeal and its answer (the
queue's filters are in `moderation.filters`)."""

from django import forms

from moderation.models import Signalement, Statut
from moderation.motifs import MOTIFS_CHOIX


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
