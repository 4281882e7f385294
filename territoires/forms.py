from django import forms


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
