from django import forms

from conventions import modeles
from conventions.models import Clause, Convention, PartieConvention
from nomenclatures.forms import DateInput

DUREE_MAX_MOIS = 120


class NouvelleConventionForm(forms.Form):
    modele = forms.ChoiceField(
        label="Modèle",
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez un modèle : il donne les premières clauses."},
    )
    titre = forms.CharField(label="Titre de la convention", max_length=200)
    objet = forms.CharField(
        label="Objet",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Ce que les parties font ensemble, en quelques phrases.",
    )
    date_debut = forms.DateField(label="Date d'effet", required=False, widget=DateInput())
    duree_mois = forms.IntegerField(
        label="Durée (mois)", required=False, min_value=1, max_value=DUREE_MAX_MOIS
    )

    def __init__(self, *args, typologie: str = "", modalite: str = "", prefere: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        proposes = modeles.suggested(typologie, modalite, prefere)
        self.fields["modele"].choices = [
            (m.code, f"{m.titre}{' (conseillé)' if m.suits(typologie) else ''} — {m.resume}")
            for m in proposes
        ]
        if proposes and proposes[0].suits(typologie) and not self.is_bound:
            self.initial.setdefault("modele", proposes[0].code)


class ConventionForm(forms.ModelForm):
    # The version the author read: saving a draft that changed meanwhile is refused.
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Convention
        fields = ["titre", "objet", "date_debut", "duree_mois"]
        widgets = {"objet": forms.Textarea(attrs={"rows": 4}), "date_debut": DateInput()}

    def clean_duree_mois(self):
        duree = self.cleaned_data["duree_mois"]
        if duree is not None and not 1 <= duree <= DUREE_MAX_MOIS:
            raise forms.ValidationError(f"Une durée de 1 à {DUREE_MAX_MOIS} mois.")
        return duree


class PartieForm(forms.ModelForm):
    """A party's identity and part: its own members correct it, the other parties read it."""

    organisation = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = PartieConvention
        fields = ["nom", "forme", "identifiant", "siege", "representant", "qualite", "contribution"]
        widgets = {"contribution": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"qualite": "Par exemple : présidente, directeur général."}

    def __init__(self, *args, editable: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.editable = editable
        if not editable:
            # Disabled fields keep their initial value whatever is posted.
            for field in self.fields.values():
                field.disabled = True


class BasePartieFormSet(forms.BaseFormSet):
    def __init__(self, *args, editables: list[bool], **kwargs):
        self.editables = editables
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        editable = (
            self.editables[index] if index is not None and index < len(self.editables) else False
        )
        return {**super().get_form_kwargs(index), "editable": editable}


def partie_formset(editables: list[bool]):
    """The parties' forms: exactly one per party (a posted count that differs is an error,
    not a new party)."""
    n = len(editables)
    return forms.formset_factory(
        PartieForm,
        formset=BasePartieFormSet,
        extra=0,
        min_num=n,
        max_num=n,
        absolute_max=n,
        validate_min=True,
        validate_max=True,
    )


class ClauseForm(forms.ModelForm):
    class Meta:
        model = Clause
        fields = ["titre", "texte"]
        widgets = {"texte": forms.Textarea(attrs={"rows": 5})}


# One empty form more adds a clause when filled; left empty, it is ignored.
ClauseFormSet = forms.formset_factory(ClauseForm, extra=1, can_delete=True)


class ValidationForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    organisation = forms.ChoiceField(label="Au nom de", widget=forms.RadioSelect)
    engagement = forms.BooleanField(
        label="J'ai relu cette version et je la valide au nom de l'organisation.",
        error_messages={"required": "Cochez la case pour valider au nom de l'organisation."},
    )

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [(o.pk, o.nom) for o in organisations]
        if len(organisations) == 1:
            self.initial.setdefault("organisation", organisations[0].pk)
