"""Forms of an organisation (registration and edits) and of its people (invitations, roles,
join requests, the organisation a member acts for)."""

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy

from moderation.models import Statut
from nomenclatures.forms import domaines_field, odd_field
from organisations.identifiants import clean_rna, clean_siren, clean_siret
from organisations.images import reencode_logo
from organisations.models import Membre, Organisation
from territoires.forms import CommuneField
from textes.validation import single_line


class OrganisationForm(forms.ModelForm):
    # A plain file field: the logo is checked from its content by reencode_logo (size first),
    # not by ImageField's own, less precise, validation.
    logo = forms.FileField(
        label="Logo",
        required=False,
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/png,image/jpeg,image/webp,image/gif"}
        ),
        help_text="PNG, JPEG, WebP ou GIF, 2 Mo au plus.",
    )
    # Identifiers are often typed with spaces or dots ("732 829 320"): the form accepts them and
    # stores the compact number.
    siren = forms.CharField(
        label="SIREN",
        required=False,
        max_length=20,
        help_text="9 chiffres. Obligatoire pour une entreprise ou une collectivité.",
    )
    siret = forms.CharField(
        label="SIRET",
        required=False,
        max_length=25,
        help_text="14 chiffres, si vous le connaissez plutôt que le SIREN.",
    )
    rna = forms.CharField(
        label="RNA",
        required=False,
        max_length=20,
        help_text="W suivi de 9 chiffres : obligatoire pour une association sans SIREN.",
    )
    site_web = forms.URLField(
        label="Site web", required=False, assume_scheme="https", max_length=200
    )
    siege = CommuneField(
        label="Commune du siège",
        help_text="Nom ou code postal, par exemple « Lyon (69) » ou « 69001 ».",
    )
    domaines = domaines_field()
    odd = odd_field()

    class Meta:
        model = Organisation
        fields = [
            "kind",
            "nom",
            "siren",
            "siret",
            "rna",
            "taille",
            "territoire_departement",
            "territoire_region",
            "siege",
            "description",
            "site_web",
            "logo",
            "domaines",
            "odd",
            "email_contact",
        ]
        labels = {
            "territoire_departement": "Département administré (conseil départemental)",
            "territoire_region": "Région administrée (conseil régional)",
        }
        help_texts = {}
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The conflicting organisation and identifier when an identifier is taken, so that the
        # page can offer to join that organisation instead.
        self.existing_organisation: Organisation | None = None
        self.existing_identifier = ""
        self.fields["territoire_departement"].queryset = self.fields[
            "territoire_departement"
        ].queryset.order_by("code")

    def clean_nom(self) -> str:
        return single_line(self.cleaned_data["nom"])

    def clean_siren(self) -> str:
        value = self.cleaned_data["siren"]
        return clean_siren(value) if value.strip() else ""

    def clean_siret(self) -> str:
        value = self.cleaned_data["siret"]
        return clean_siret(value) if value.strip() else ""

    def clean_rna(self) -> str:
        value = self.cleaned_data["rna"]
        return clean_rna(value) if value.strip() else ""

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo and hasattr(logo, "content_type"):  # a new upload, not the stored file
            return reencode_logo(logo)
        return logo

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        siren, siret = cleaned.get("siren", ""), cleaned.get("siret", "")
        if siret and siren and siret[:9] != siren:
            self.add_error(
                "siret", "Ce SIRET n'appartient pas au SIREN indiqué (ses 9 premiers chiffres)."
            )
        elif siret and not siren:
            cleaned["siren"] = siren = siret[:9]
            self.instance.siren = siren
        identifier_errors = any(self.has_error(name) for name in ("siren", "siret", "rna"))
        needs_siren = kind in (Organisation.Kind.ENTREPRISE, Organisation.Kind.COLLECTIVITE)
        if needs_siren and not siren and not identifier_errors:
            self.add_error("siren", "Indiquez le SIREN (ou le SIRET) de la structure.")
        is_association = kind == Organisation.Kind.ASSOCIATION
        if is_association and not (siren or cleaned.get("rna")) and not identifier_errors:
            self.add_error("rna", "Une association s'identifie par son numéro RNA ou son SIREN.")
        if kind != Organisation.Kind.ENTREPRISE:
            cleaned["taille"] = ""
        if kind != Organisation.Kind.COLLECTIVITE:
            cleaned["territoire_departement"] = cleaned["territoire_region"] = None
        self._check_unique_identifier("siren", siren, "SIREN")
        self._check_unique_identifier("rna", cleaned.get("rna", ""), "RNA")
        return cleaned

    def _check_unique_identifier(self, field: str, value: str, label: str) -> None:
        """One organisation per identifier. The existing one is named only if it is public;
        one waiting for moderation can be asked to join without being named, and a refused one
        is not offered at all."""
        if not value or self.has_error(field):
            return
        other = Organisation.objects.filter(**{field: value}).exclude(pk=self.instance.pk).first()
        if other is None:
            return
        if other.is_published:
            message = (
                f"Une organisation est déjà inscrite avec ce {label} : « {other.nom} ». "
                "Vous pouvez demander à la rejoindre."
            )
        elif other.statut == Statut.EN_ATTENTE:
            message = (
                f"Une organisation est déjà inscrite avec ce {label} et attend sa validation. "
                "Vous pouvez demander à la rejoindre."
            )
        else:
            message = (
                f"Ce {label} est déjà utilisé sur la plateforme. Écrivez à l'équipe si vous "
                "pensez qu'il s'agit d'une erreur."
            )
        if other.is_published or other.statut == Statut.EN_ATTENTE:
            self.existing_organisation, self.existing_identifier = other, value
        self.add_error(field, ValidationError(message, code="identifiant_pris"))


class InvitationForm(forms.Form):
    email = forms.EmailField(label="Courriel de la personne à inviter")
    role = forms.ChoiceField(label="Rôle", choices=Membre.Role.choices, initial=Membre.Role.MEMBRE)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label="Rôle", choices=Membre.Role.choices)


class DemandeAdhesionForm(forms.Form):
    message = forms.CharField(
        label="Message aux administrateurs (facultatif)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Présentez-vous : votre fonction dans la structure, pourquoi vous la rejoignez.",
    )


class OrganisationActiveForm(forms.Form):
    organisation = forms.SlugField(max_length=220)


class OrganisationInput(forms.TextInput):
    """A text input that suggests published organisations as the user types."""

    def __init__(self, attrs=None):
        super().__init__(
            {
                "data-suggestions": reverse_lazy("organisations:organisation_autocomplete"),
                "autocomplete": "off",
                **(attrs or {}),
            }
        )
