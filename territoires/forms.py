import re

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F, Q
from django.urls import reverse_lazy

from territoires.models import Commune, normalize_search


class AutocompleteForm(forms.Form):
    """The commune autocomplete's query: a name or a postal code, typed by a person."""

    MAX_LENGTH = 100
    MAX_RESULTS = 20

    q = forms.CharField(
        required=False,
        strip=True,
        max_length=MAX_LENGTH,
        error_messages={
            "max_length": "La recherche ne doit pas dépasser %(limit_value)d caractères.",
        },
    )

    def clean_q(self) -> str:
        query = self.cleaned_data["q"]
        # Control characters never appear in a commune's name; refusing them here also keeps
        # NUL bytes away from PostgreSQL, which rejects them with an error.
        if any(not char.isprintable() for char in query):
            raise forms.ValidationError(
                "La recherche contient des caractères non imprimables.", code="invalid"
            )
        return query


class CommuneInput(forms.TextInput):
    """A text input that suggests communes as the user types (static/js/suggestions.js)."""

    def __init__(self, attrs=None):
        super().__init__(
            {
                "data-suggestions": reverse_lazy("territoires:commune_autocomplete"),
                "autocomplete": "off",
                "spellcheck": "false",
                **(attrs or {}),
            }
        )

    def format_value(self, value):
        if isinstance(value, Commune):
            return str(value)
        if isinstance(value, int):
            commune = Commune.objects.filter(pk=value).first()
            return str(commune) if commune else ""
        return super().format_value(value)


# How many communes an ambiguous entry offers to pick from (a postal code covers up to about 40
# communes in the countryside; a name like « Saint-Martin » needs its département anyway).
CANDIDATS_MAX = 12


class CommuneField(forms.Field):
    """A commune typed as « Nom (département) », a code INSEE, a postal code or a unique name.

    Works without JavaScript: when the text names several communes, the field keeps them in
    `candidats` and the form shows them as choices under the input (components/form_field.html);
    the choice picked is sent under the field's name after the text, so it is the value read.
    """

    widget = CommuneInput
    default_error_messages = {
        "inconnue": "Aucune commune ne correspond à « %(saisie)s ». "
        "Tapez son nom ou son code postal.",
        "ambigue": "Plusieurs communes correspondent à « %(saisie)s » : choisissez la vôtre "
        "ci-dessous, ou précisez le département, par exemple %(exemples)s.",
    }
    LABEL = re.compile(r"^(?P<nom>.+?)\s*\((?P<dep>\w{2,3})\)$")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidats: list[Commune] = []

    def to_python(self, value):
        self.candidats = []
        text = (value or "").strip()
        if text in self.empty_values:
            return None
        if len(text) > AutocompleteForm.MAX_LENGTH or not text.isprintable():
            raise ValidationError(
                self.error_messages["inconnue"], code="inconnue", params={"saisie": text[:40]}
            )
        candidates = self._candidates(text)
        if len(candidates) == 1:
            return candidates[0]
        if not candidates:
            raise ValidationError(
                self.error_messages["inconnue"], code="inconnue", params={"saisie": text}
            )
        self.candidats = candidates
        exemples = " ou ".join(f"« {commune} »" for commune in candidates[:2])
        raise ValidationError(
            self.error_messages["ambigue"],
            code="ambigue",
            params={"saisie": text, "exemples": exemples},
        )

    def _candidates(self, text: str) -> list[Commune]:
        communes = Commune.objects.actuelles()
        match = self.LABEL.match(text)
        if match:
            found = communes.filter(
                nom_recherche=normalize_search(match["nom"]),
            ).filter(Q(departement_id=match["dep"]) | Q(collectivite_outre_mer=match["dep"]))
            return list(found[:CANDIDATS_MAX])
        if text.isdigit():
            # A postal code first, as people know them, then a code INSEE: 69001 is the postal
            # code of Lyon's first arrondissement and the code INSEE of Affoux.
            if len(text) != 5:
                return []
            postal = Q(codes_postaux__startswith=text) | Q(codes_postaux__contains=f" {text}")
            by_postal = communes.filter(postal).order_by(F("population").desc(nulls_last=True))
            return list(by_postal[:CANDIDATS_MAX]) or list(communes.filter(code_insee=text))
        return list(
            communes.filter(nom_recherche=normalize_search(text)).order_by(
                F("population").desc(nulls_last=True)
            )[:CANDIDATS_MAX]
        )
