"""The follow-up form (state, what was done, the indicators of the alliance's typologie) and the
evaluation form. Values accept a French decimal comma; an empty value is no value."""

from decimal import Decimal

from django import forms

from nomenclatures.models import ODD
from suivis import indicateurs
from suivis.models import Evaluation, ReponseSuivi

VALEUR_ERREURS = {
    "invalid": "Saisissez un nombre, par exemple 12 ou 12,5.",
    "min_value": "Saisissez un nombre positif ou nul.",
    "max_digits": "Ce nombre est trop grand : 12 chiffres au plus avant la virgule.",
    "max_decimal_places": "Deux chiffres au plus après la virgule.",
    "max_whole_digits": "Ce nombre est trop grand : 12 chiffres au plus avant la virgule.",
}


class ValeurField(forms.DecimalField):
    """A number as people type it in French: « 1 500,50 » (spaces between thousands, ordinary
    or not, and a decimal comma)."""

    def to_python(self, value):
        if isinstance(value, str):
            value = "".join(value.split()).replace("\u202f", "")
        return super().to_python(value)


def _sans_zeros(valeur: Decimal) -> Decimal:
    """42.00 shows as 42, 12.50 as 12,5 (never as 1.5E+3)."""
    return valeur.quantize(Decimal(1)) if valeur == valeur.to_integral() else valeur.normalize()


def _field_name(code: str, odd: int | None) -> str:
    return f"ind_{code}" if odd is None else f"ind_{code}_odd{odd}"


class ReponseForm(forms.Form):
    etat = forms.ChoiceField(
        label="Où en est l'alliance ?",
        choices=ReponseSuivi.Etat.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Dites où en est l'alliance : en cours, terminée ou en pause."},
    )
    realise = forms.CharField(
        label="Ce qui a été fait",
        help_text="Depuis le suivi précédent (ou depuis le début de l'alliance pour le premier) : "
        "actions menées, difficultés, prochaines étapes.",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        error_messages={
            "required": "Racontez en quelques lignes ce qui a été fait pendant la période.",
            "max_length": "5 000 caractères au plus (vous en avez saisi %(show_value)d).",
        },
    )

    def __init__(self, *args, alliance, reponse: ReponseSuivi | None = None, odd=None, **kwargs):
        """`odd`: the alliance's ODD, read by the caller (all seventeen when it has none, so
        that its beneficiaries still count somewhere)."""
        super().__init__(*args, **kwargs)
        self.alliance = alliance
        odd = {o.numero: o for o in (odd or ODD.objects.all())}
        existantes = {}
        if reponse is not None and reponse.pk and reponse.is_answered:
            self.initial.setdefault("etat", reponse.etat)
            self.initial.setdefault("realise", reponse.realise)
            existantes = {(v.indicateur, v.odd_id): v.valeur for v in reponse.valeurs.all()}
        self.groupes: list[tuple[indicateurs.Indicateur, list[str]]] = []
        self._cles: dict[str, tuple[str, int | None]] = {}
        for indicateur in indicateurs.for_typologie(alliance.typologie):
            cles = [(indicateur.code, numero) for numero in odd] if indicateur.par_odd else []
            cles = cles or [(indicateur.code, None)]
            noms = []
            for code, numero in cles:
                nom = _field_name(code, numero)
                label = indicateur.label if numero is None else str(odd[numero])
                self.fields[nom] = ValeurField(
                    label=f"{label} ({indicateur.unite})",
                    help_text=indicateur.aide if numero is None else "",
                    widget=forms.TextInput(attrs={"inputmode": "decimal"}),
                    required=False,
                    min_value=Decimal(0),
                    max_digits=14,
                    decimal_places=2,
                    localize=True,
                    error_messages=VALEUR_ERREURS,
                )
                if (code, numero) in existantes:
                    self.initial.setdefault(nom, _sans_zeros(existantes[(code, numero)]))
                self._cles[nom] = (code, numero)
                noms.append(nom)
            self.groupes.append((indicateur, noms))

    def indicateur_groups(self):
        """Each indicator with its bound fields, as the template shows them."""
        return [(indicateur, [self[nom] for nom in noms]) for indicateur, noms in self.groupes]

    def valeurs(self) -> dict[tuple[str, int | None], Decimal | None]:
        return {cle: self.cleaned_data.get(nom) for nom, cle in self._cles.items()}


NOTES = [
    (1, "1 — rien"),
    (2, "2 — un peu"),
    (3, "3 — assez"),
    (4, "4 — beaucoup"),
    (5, "5 — énormément"),
]


def _note(label: str, aide: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        help_text=aide,
        choices=NOTES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": f"Donnez une note de 1 à 5 pour « {label.lower()} »."},
    )


class EvaluationForm(forms.ModelForm):
    innovation = _note(
        "Innovation", "L'alliance vous a-t-elle permis de faire ce que vous ne saviez pas faire ?"
    )
    performance = _note(
        "Performance", "A-t-elle amélioré vos résultats, votre efficacité, votre impact ?"
    )
    confiance = _note("Confiance", "La relation avec vos partenaires est-elle solide et loyale ?")

    class Meta:
        model = Evaluation
        fields = ["innovation", "performance", "confiance", "changements"]
        labels = {"changements": "Ce que l'alliance a changé pour nous"}
        help_texts = {
            "changements": "Pratiques, compétences, image, façon de travailler avec les autres. "
            "Seuls les membres de votre organisation liront ce texte."
        }
        widgets = {"changements": forms.Textarea(attrs={"rows": 6})}
        error_messages = {
            "changements": {"max_length": "5 000 caractères au plus."},
        }
