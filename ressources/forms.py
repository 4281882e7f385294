import re

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.http import QueryDict

from ressources.autodiagnostic import QUESTIONS, RAYON_DEFAUT, REPONSES
from ressources.fichiers import check_document
from ressources.models import AXES, Maturite, Objectif, Profil, Ressource
from territoires.forms import CommuneField

# Paths of the library that a resource's slug must not take.
SLUGS_RESERVES = {"flux", "kit-odd-17", "je-suis", "cartographie", "autodiagnostic"}


class RessourceAdminForm(forms.ModelForm):
    """The staff's form: the three axes as checkboxes, the document checked from its content."""

    profils = forms.MultipleChoiceField(
        label="profils", choices=Profil.choices, widget=forms.CheckboxSelectMultiple
    )
    objectifs = forms.MultipleChoiceField(
        label="objectifs", choices=Objectif.choices, widget=forms.CheckboxSelectMultiple
    )
    lien = forms.URLField(
        label="lien externe", required=False, assume_scheme="https", max_length=500
    )
    typologies = forms.MultipleChoiceField(
        label="typologies d'alliance",
        choices=AXES["typologie"].choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Ressource
        fields = [
            "titre",
            "slug",
            "resume",
            "contenu",
            "categorie",
            "format",
            "maturite",
            "domaines",
            "odd",
            "fichier",
            "lien",
            "editeur_organisation",
            "editeur_nom",
            "publiee",
            "publiee_le",
            "is_demo",
            "fiche_kit",
            "ordre",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for axe, field in (
                ("profil", "profils"),
                ("objectif", "objectifs"),
                ("typologie", "typologies"),
            ):
                self.initial[field] = self.instance.valeurs(axe)

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug in SLUGS_RESERVES:
            raise forms.ValidationError(
                "Cette adresse est réservée à une page de la bibliothèque : "
                "choisissez-en une autre.",
                code="slug_reserve",
            )
        return slug

    def clean_fichier(self):
        fichier = self.cleaned_data.get("fichier")
        # A new upload is checked; a file already stored was checked when it came in.
        if isinstance(fichier, UploadedFile):
            self.instance.fichier_type = check_document(fichier)
        elif not fichier:
            self.instance.fichier_type = ""
        return fichier

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("fichier") and cleaned.get("lien"):
            self.add_error(
                "lien",
                forms.ValidationError(
                    "Une ressource a soit un fichier, soit un lien externe : "
                    "retirez l'un des deux.",
                    code="fichier_et_lien",
                ),
            )
        return cleaned

    def valeurs(self) -> dict[str, list[str]]:
        return {
            "profil": self.cleaned_data["profils"],
            "objectif": self.cleaned_data["objectifs"],
            "typologie": self.cleaned_data["typologies"],
        }


class CartographieForm(forms.Form):
    maturite = forms.ChoiceField(
        label="Niveau de maturité",
        choices=[("", "Tous les niveaux"), *Maturite.choices],
        required=False,
    )


class AutodiagnosticForm(forms.Form):
    """« Où en suis-je pour faire alliance ? »: read from the query string (nothing is stored),
    so that the result page is a link to share."""

    CHOIX_MANQUANT = "Choisissez une réponse."
    # Unicode's « Cc » category: the C0 and C1 control characters, and DEL.
    CONTROLE = re.compile(r"[\x00-\x1f\x7f-\x9f]")

    profil = forms.ChoiceField(
        label="Je suis…",
        choices=Profil.choices,
        widget=forms.RadioSelect,
        error_messages={"required": CHOIX_MANQUANT, "invalid_choice": CHOIX_MANQUANT},
    )
    objectif = forms.ChoiceField(
        label="Je veux surtout…",
        choices=Objectif.choices,
        widget=forms.RadioSelect,
        error_messages={"required": CHOIX_MANQUANT, "invalid_choice": CHOIX_MANQUANT},
    )
    commune = CommuneField(
        label="Ma commune (facultatif)",
        required=False,
        help_text="Pour vous montrer des offres ou des alliances près de chez vous : nom ou code "
        "postal, par exemple « Lyon (69) ».",
    )
    rayon = forms.IntegerField(
        label="Dans un rayon de (km)",
        required=False,
        min_value=1,
        max_value=300,
        initial=RAYON_DEFAUT,
        error_messages={
            "min_value": "Le rayon doit être d'au moins %(limit_value)s km.",
            "max_value": "Le rayon ne peut pas dépasser %(limit_value)s km.",
            "invalid": "Le rayon s'écrit en kilomètres, sans décimales.",
        },
    )

    def __init__(self, data: QueryDict | None = None, *args, **kwargs):
        if data is not None:
            data = self._sans_caracteres_de_controle(data)
        super().__init__(data, *args, **kwargs)
        for question in QUESTIONS:
            self.fields[question.code] = forms.ChoiceField(
                label=question.texte,
                choices=REPONSES,
                widget=forms.RadioSelect,
                error_messages={
                    "required": self.CHOIX_MANQUANT,
                    "invalid_choice": self.CHOIX_MANQUANT,
                },
            )
        # The place comes last, after the questions.
        self.order_fields(["profil", "objectif", *(q.code for q in QUESTIONS)])

    @classmethod
    def from_query(cls, query: QueryDict) -> "AutodiagnosticForm":
        """The form read from a query string. A query that holds none of its fields (a link
        shared with only `utm_source` or `fbclid`) is the empty questionnaire, as the bare
        address, not a questionnaire answered with nothing."""
        form = cls(query)
        if not any(name in query for name in form.fields):
            return cls()
        return form

    @property
    def reponses_manquantes(self) -> bool:
        """Whether a required question has no valid answer (the commune and the rayon, optional,
        carry their own message)."""
        return any(field.required and name in self.errors for name, field in self.fields.items())

    @classmethod
    def _sans_caracteres_de_controle(cls, data: QueryDict) -> QueryDict:
        """The answers without control characters: nobody types them, and echoed back in the
        page (the commune's input and its error message) a NUL byte makes the HTML invalid."""
        cleaned = QueryDict(mutable=True)
        for key, values in data.lists():
            cleaned.setlist(key, [cls.CONTROLE.sub("", value) for value in values])
        return cleaned
