"""Forms of an alliance: its declaration, edits and partners, and the map's view."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Q

from alliances.models import Alliance, Participation
from nomenclatures.forms import DateInput, domaines_field, odd_field
from organisations.forms import OrganisationInput
from organisations.models import Organisation
from territoires.forms import CommuneField


def _is_email(value: str) -> bool:
    try:
        validate_email(value)
    except ValidationError:
        return False
    return True


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
            "date_debut": DateInput(),
            "date_fin": DateInput(),
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
