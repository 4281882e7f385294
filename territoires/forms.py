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


class CommuneField(forms.Field):
    """A commune typed as « Nom (département) », a code INSEE, a postal code or a unique name.

    Works without JavaScript: when the text names several communes, the error lists them so the
    person can pick one by typing its département.
    """

    widget = CommuneInput
    default_error_messages = {
        "inconnue": "Aucune commune ne correspond à « %(saisie)s ». "
        "Tapez son nom ou son code postal.",
        "ambigue": "Plusieurs communes correspondent à « %(saisie)s » : précisez le département, "
        "par exemple %(exemples)s.",
    }
    LABEL = re.compile(r"^(?P<nom>.+?)\s*\((?P<dep>\w{2,3})\)$")

    def to_python(self, value):
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
        exemples = " ou ".join(f"« {commune} »" for commune in candidates[:3])
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
            return list(found[:5])
        if text.isdigit():
            # A postal code or a code INSEE (69001 is both Lyon's first arrondissement and Affoux).
            return list(communes.search(text)[:5]) if len(text) == 5 else []
        return list(
            communes.filter(nom_recherche=normalize_search(text)).order_by(
                F("population").desc(nulls_last=True)
            )[:5]
        )
