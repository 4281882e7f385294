from django import forms
from django.core.files.uploadedfile import UploadedFile

from ressources.fichiers import check_document
from ressources.models import AXES, Maturite, Objectif, Profil, Ressource

# Paths of the library that a resource's slug must not take.
SLUGS_RESERVES = {"flux", "kit-odd-17", "je-suis", "cartographie"}


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
