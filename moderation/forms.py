"""The forms of the moderation space: a decision, a report, an appeal and its answer (the
queue's filters are in `moderation.filters`)."""

from django import forms

from moderation.models import Signalement, Statut
from moderation.motifs import MOTIFS_CHOIX


class ActionSelect(forms.RadioSelect):
    """Radio buttons of which some choices are shown but can't be taken (`disabled`)."""

    disabled: frozenset = frozenset()

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        if value in self.disabled:
            option["attrs"]["disabled"] = True
        return option


class DecisionForm(forms.Form):
    ACTIONS = {
        "publier": Statut.PUBLIEE,
        "corriger": Statut.A_CORRIGER,
        "refuser": Statut.REFUSEE,
        "depublier": Statut.DEPUBLIEE,
    }

    action = forms.ChoiceField(
        label="Décision",
        widget=ActionSelect,
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

    def __init__(self, *args, statut: str = Statut.EN_ATTENTE, blockers: list[str] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["motif"].choices = [("", "Choisir un motif")] + MOTIFS_CHOIX
        if statut == Statut.PUBLIEE:
            self.fields["action"].choices = [("depublier", "Dépublier")]
        else:
            self.fields["action"].choices = self.fields["action"].choices[:3]
        # What prevents publication (`workflow.publication_blockers`): the choice stays in
        # sight, greyed out, with its reason.
        self.blockers = list(blockers)
        if self.blockers and statut != Statut.PUBLIEE:
            self.fields["action"].choices = [
                ("publier", "Publier (impossible pour l'instant)"),
                *self.fields["action"].choices[1:],
            ]
            self.fields["action"].widget.disabled = frozenset({"publier"})

    def clean(self):
        data = super().clean()
        action = data.get("action")
        if action == "publier" and self.blockers:
            self.add_error("action", "Publication impossible. " + " ".join(self.blockers))
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
