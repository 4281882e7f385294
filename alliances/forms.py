from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Q
from django.http import QueryDict
from django.urls import reverse_lazy
from django.utils import timezone

from alliances.identifiants import clean_rna, clean_siren, clean_siret
from alliances.images import reencode_logo
from alliances.models import Alliance, Participation
from moderation.models import Statut
from nomenclatures.models import ODD, Domaine
from offres.models import Alerte, MiseEnRelation, Offre, TypeRessource, encode_ressources
from organisations.models import Membre, Organisation
from territoires.forms import CommuneField


def domaines_field() -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        Domaine.objects.all(),
        label="Domaines d'action",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


def odd_field() -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        ODD.objects.all(),
        label="Objectifs de développement durable",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


def _is_email(value: str) -> bool:
    try:
        validate_email(value)
    except ValidationError:
        return False
    return True


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
                "data-suggestions": reverse_lazy("alliances:organisation_autocomplete"),
                "autocomplete": "off",
                **(attrs or {}),
            }
        )


class PartenaireField(forms.CharField):
    """A published organisation, typed as its suggestion (« Nom — Commune (dd) »), its exact
    name when no other organisation bears it, or its SIREN or RNA."""

    widget = OrganisationInput

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        published = Organisation.objects.published().select_related("siege")
        nom, _, lieu = text.partition(" — ")
        candidates = list(published.filter(nom__iexact=nom.strip())[:10])
        if lieu:
            candidates = [o for o in candidates if str(o.siege) == lieu.strip()]
        if not candidates:
            compact = text.replace(" ", "").upper()
            candidates = list(published.filter(Q(siren=compact) | Q(rna=compact))[:2])
        if len(candidates) == 1:
            return candidates[0]
        if not candidates:
            raise ValidationError(
                f"Aucune organisation publiée ne s'appelle « {text} ». Choisissez-la dans les "
                "suggestions, ou donnez son SIREN ou son RNA.",
                code="partenaire_inconnu",
            )
        raise ValidationError(
            f"Plusieurs organisations s'appellent « {text} » : choisissez-la dans les "
            "suggestions (avec sa commune).",
            code="partenaire_ambigu",
        )


class AllianceForm(forms.ModelForm):
    commune = CommuneField(
        label="Lieu principal (commune)",
        help_text="Nom ou code postal, par exemple « Lyon (69) ».",
    )
    domaines = domaines_field()
    odd = odd_field()

    class Meta:
        model = Alliance
        fields = [
            "titre",
            "description",
            "typologie",
            "modalite",
            "etat",
            "date_debut",
            "date_fin",
            "commune",
            "portee",
            "domaines",
            "odd",
            "resultats",
            "personnes_touchees",
            "emplois",
            "budget",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "resultats": forms.Textarea(attrs={"rows": 4}),
            "date_debut": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "date_fin": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "modalite": "Contrat-échange : une partie apporte des ressources à l'autre. "
            "Contrat-alliance : chacun co-construit une solution qui n'existerait pas sans "
            "l'alliance.",
        }

    def clean(self):
        cleaned = super().clean()
        debut, fin = cleaned.get("date_debut"), cleaned.get("date_fin")
        if debut and fin and fin < debut:
            self.add_error("date_fin", "La date de fin doit suivre la date de début.")
        return cleaned


class PartenairesMixin:
    """Partners named on a form: up to four published organisations, plus people invited by
    email when their organisation is not on the platform yet. Sets `cleaned_data["partenaires"]`
    (organisations) and `cleaned_data["invites"]` (addresses)."""

    PARTENAIRES = 4

    def add_partner_fields(self) -> None:
        for index in range(1, self.PARTENAIRES + 1):
            self.fields[f"partenaire_{index}"] = PartenaireField(
                label=f"Partenaire {index}",
                required=False,
                max_length=300,
                help_text="Une organisation publiée sur la plateforme." if index == 1 else "",
            )
        self.fields["invites"] = forms.CharField(
            label="Partenaires absents de la plateforme (courriels)",
            required=False,
            max_length=2000,
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text="Une adresse par ligne : chaque personne est invitée à inscrire son "
            "organisation, qui rejoindra alors l'alliance.",
        )

    def clean_invites(self) -> list[str]:
        emails = [
            line.strip() for line in self.cleaned_data["invites"].splitlines() if line.strip()
        ]
        if len(emails) > self.PARTENAIRES:
            raise ValidationError(
                f"Invitez au plus {self.PARTENAIRES} partenaires à la fois.", code="trop_d_invites"
            )
        invalid = [email for email in emails if not _is_email(email)]
        if invalid:
            raise ValidationError(
                "Ces adresses ne sont pas valides : " + ", ".join(invalid), code="invite_invalide"
            )
        return emails

    def partner_fields(self):
        return [self[f"partenaire_{index}"] for index in range(1, self.PARTENAIRES + 1)]

    def clean_partners(self, cleaned: dict, *, already: set[int], deja: str) -> None:
        """Collect the partners; `already` holds the organisations that take part already
        (the declaring one, or the current participants when adding partners later)."""
        partenaires = [
            cleaned[f"partenaire_{index}"]
            for index in range(1, self.PARTENAIRES + 1)
            if cleaned.get(f"partenaire_{index}")
        ]
        others = [p for p in partenaires if p.pk not in already]
        if partenaires and not others and not cleaned.get("invites"):
            self.add_error("partenaire_1", deja)
        if not partenaires and not cleaned.get("invites") and not self.has_error("invites"):
            self.add_error(
                "partenaire_1",
                "Nommez au moins un partenaire, publié sur la plateforme ou invité par courriel.",
            )
        cleaned["partenaires"] = others


class DeclarationForm(PartenairesMixin, AllianceForm):
    """Declaring an alliance: the alliance itself, who carries it, and up to four partners."""

    porteur = forms.ModelChoiceField(
        Organisation.objects.none(),
        label="Organisation qui déclare l'alliance",
        empty_label=None,
    )
    contribution = forms.CharField(
        label="Contribution de votre organisation",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["porteur"].queryset = Organisation.objects.published().filter(
            membres__user=user
        )
        self.add_partner_fields()

    def clean(self):
        cleaned = super().clean()
        porteur = cleaned.get("porteur")
        self.clean_partners(
            cleaned,
            already={porteur.pk} if porteur else set(),
            deja="Une alliance réunit au moins deux organisations : ajoutez un partenaire "
            "autre que la vôtre.",
        )
        return cleaned


class AjoutPartenairesForm(PartenairesMixin, forms.Form):
    """Adding partners to an alliance already declared."""

    def __init__(self, *args, alliance: Alliance, **kwargs):
        super().__init__(*args, **kwargs)
        self.alliance = alliance
        self.add_partner_fields()

    def clean(self):
        cleaned = super().clean()
        already = set(
            self.alliance.participations.exclude(etat=Participation.Etat.REFUSEE).values_list(
                "organisation_id", flat=True
            )
        )
        self.clean_partners(
            cleaned,
            already=already,
            deja="Ces organisations font déjà partie de l'alliance : nommez-en une autre.",
        )
        return cleaned


class MapViewForm(forms.Form):
    """The part of the map a browser shows: bounding box « ouest,sud,est,nord » and zoom."""

    bbox = forms.CharField(max_length=120)
    zoom = forms.IntegerField(min_value=0, max_value=20)

    def clean_bbox(self) -> tuple[float, float, float, float]:
        try:
            west, south, east, north = (
                float(part) for part in self.cleaned_data["bbox"].split(",")
            )
        except ValueError:
            raise ValidationError(
                "bbox s'écrit « ouest,sud,est,nord » en degrés décimaux.", code="bbox"
            ) from None
        if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
            raise ValidationError("bbox sort des limites du globe.", code="bbox_limites")
        return west, south, east, north


# Offres, mises en relation et alertes


def _plain_text(value: str) -> str:
    """Messages are plain text: refuse control characters (NUL bytes break PostgreSQL)."""
    if any(not (char.isprintable() or char in "\r\n\t") for char in value):
        raise ValidationError(
            "Le texte contient des caractères non imprimables.", code="non_imprimable"
        )
    return value


def single_line(value: str) -> str:
    """Names and titles are one line: they end up in email subjects and page titles."""
    if any(char in value for char in "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"):
        raise ValidationError(
            "Écrivez-le sur une seule ligne, sans retour à la ligne.", code="plusieurs_lignes"
        )
    return _plain_text(value)


class OffreForm(forms.ModelForm):
    organisation = forms.ModelChoiceField(
        Organisation.objects.none(), label="Organisation qui publie l'offre", empty_label=None
    )
    ressources = forms.MultipleChoiceField(
        label="Ressources",
        choices=TypeRessource.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Cochez au moins une ressource."},
    )
    commune = CommuneField(
        label="Lieu (commune)", help_text="Nom ou code postal, par exemple « Lyon (69) »."
    )
    rayon_km = forms.IntegerField(
        label="Rayon d'action (km)",
        required=False,
        max_value=1000,
        help_text="Jusqu'où votre organisation peut agir autour de ce lieu.",
        error_messages={
            "max_value": "Au-delà de %(limit_value)s km, choisissez plutôt la portée nationale.",
            "invalid": "Le rayon s'écrit en kilomètres, sans décimales.",
        },
    )
    domaines = domaines_field()
    odd = odd_field()

    class Meta:
        model = Offre
        fields = [
            "organisation",
            "sens",
            "titre",
            "description",
            "typologie",
            "ressources",
            "domaines",
            "odd",
            "commune",
            "rayon_km",
            "national",
            "date_limite",
        ]
        labels = {"sens": "Votre organisation", "national": "Portée nationale"}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "date_limite": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "description": "Texte simple : ce que vous proposez ou cherchez, pour qui, quand.",
            "date_limite": "Facultative : l'offre se ferme d'elle-même après cette date.",
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # The organisation of an existing offre does not change.
            del self.fields["organisation"]
            self.initial["ressources"] = self.instance.ressources_list
        else:
            self.fields["organisation"].queryset = Organisation.objects.filter(
                membres__user=user
            ).order_by("nom")
        self.fields["sens"].choices = [
            ("propose", "propose des ressources"),
            ("recherche", "recherche des ressources"),
        ]

    def clean_titre(self) -> str:
        return single_line(self.cleaned_data["titre"])

    def clean_description(self) -> str:
        return _plain_text(self.cleaned_data["description"])

    def clean_ressources(self) -> str:
        return encode_ressources(self.cleaned_data["ressources"])

    def clean_rayon_km(self):
        rayon = self.cleaned_data.get("rayon_km")
        if rayon is not None and rayon < 1:
            raise ValidationError(
                "Le rayon d'action doit être d'au moins 1 km.", code="rayon_negatif"
            )
        return rayon

    def clean_date_limite(self):
        date = self.cleaned_data.get("date_limite")
        unchanged = self.instance.pk and date == self.instance.date_limite
        if date and date < timezone.localdate() and not unchanged:
            raise ValidationError(
                "La date limite est déjà passée : choisissez aujourd'hui ou une date à venir.",
                code="date_passee",
            )
        return date

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("national"):
            cleaned["rayon_km"] = None
        elif not cleaned.get("rayon_km") and not self.has_error("rayon_km"):
            self.add_error(
                "rayon_km",
                "Indiquez un rayon d'action en kilomètres, ou cochez la portée nationale.",
            )
        return cleaned


class MiseEnRelationForm(forms.Form):
    emettrice = forms.ModelChoiceField(
        Organisation.objects.none(), label="Au nom de", empty_label=None
    )
    message = forms.CharField(
        label="Votre message",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Présentez votre organisation et ce que vous envisagez ensemble. Vos "
        "coordonnées ne sont transmises que si l'organisation accepte.",
        error_messages={"required": "Écrivez un message : il est vide."},
    )

    def __init__(self, *args, user, offre: Offre, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["emettrice"].queryset = (
            Organisation.objects.filter(membres__user=user)
            .exclude(pk=offre.organisation_id)
            .exclude(statut__in=[Statut.REFUSEE, Statut.DEPUBLIEE])
            .order_by("nom")
        )

    def has_senders(self) -> bool:
        """Whether the user has an organisation that may write (read once per page)."""
        if not hasattr(self, "_has_senders"):
            self._has_senders = self.fields["emettrice"].queryset.exists()
        return self._has_senders

    def clean_message(self) -> str:
        return _plain_text(self.cleaned_data["message"])


class ReponseForm(forms.Form):
    decision = forms.ChoiceField(
        label="Votre réponse",
        choices=[("accepter", "Accepter"), ("decliner", "Décliner")],
    )
    reponse = forms.CharField(
        label="Message",
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Obligatoire pour accepter : proposez un échange, une date, un interlocuteur.",
    )
    motif = forms.ChoiceField(
        label="Raison du refus",
        required=False,
        choices=[("", "Choisissez une raison"), *MiseEnRelation.Motif.choices],
        help_text="Elle est transmise à l'organisation qui vous a écrit, avec votre texte s'il "
        "y en a un. Sauf « offre déjà pourvue » et « autre raison », elle classe aussi plus bas "
        "les partenaires semblables dans vos suggestions.",
    )

    def clean_reponse(self) -> str:
        return _plain_text(self.cleaned_data["reponse"])

    def clean(self):
        cleaned = super().clean()
        decision = cleaned.get("decision")
        if decision == "accepter" and not cleaned.get("reponse", "").strip():
            self.add_error("reponse", "Écrivez un message pour accepter la demande.")
        if decision == "decliner" and not cleaned.get("motif"):
            self.add_error("motif", "Choisissez la raison du refus.")
        return cleaned


class AlerteForm(forms.ModelForm):
    class Meta:
        model = Alerte
        fields = ["nom", "frequence", "cible", "criteres"]
        labels = {"nom": "Nom de l'alerte", "frequence": "Recevoir les nouveautés"}
        widgets = {
            "cible": forms.HiddenInput,
            "criteres": forms.HiddenInput,
        }

    def clean_nom(self) -> str:
        return single_line(self.cleaned_data["nom"])

    def clean_criteres(self) -> str:
        # Only the search's own parameters are kept (never a page number).
        data = QueryDict(self.cleaned_data.get("criteres", ""), mutable=True)
        for name in ("page", "tri"):
            data.pop(name, None)
        return data.urlencode()[:1000]
