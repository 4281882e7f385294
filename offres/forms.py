"""Forms of offres, mises en relation (the request and its answer) and alertes."""

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils import timezone

from moderation.models import Statut
from nomenclatures.forms import DateInput, domaines_field, odd_field
from offres.models import Alerte, MiseEnRelation, Offre, TypeRessource, encode_ressources
from organisations.models import Organisation
from territoires.forms import CommuneField
from textes.validation import plain_text, single_line


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
            "date_limite": DateInput(),
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
        return plain_text(self.cleaned_data["description"])

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
        return plain_text(self.cleaned_data["message"])


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
        return plain_text(self.cleaned_data["reponse"])

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
