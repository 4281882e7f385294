"""The Charte du faire alliance: the platform's charter of good practice in alliances, in
versions, and the signatures that organisations give it (who, when, which version).

A version is written in the admin as a draft, then published (services.charte_publish): from
then on its text is frozen, since signatures refer to it. The version in force is the published
one with the highest number. An organisation's badge reads `Organisation.charte_signee_le`, set
when one of its admins signs the version in force and cleared when a newer one is published;
each signature stays here, the history of what the organisation committed to."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from moderation import historique


class CharteQuerySet(models.QuerySet):
    def publiees(self):
        return self.filter(publiee_le__isnull=False)

    def en_vigueur(self) -> "Charte | None":
        return self.publiees().order_by("-version").first()


class Charte(models.Model):
    version = models.PositiveIntegerField("version", unique=True, editable=False)
    texte = models.TextField(
        "texte", help_text="En Markdown : un titre ## par principe, des listes, des liens."
    )
    resume = models.CharField(
        "ce qui change",
        max_length=300,
        blank=True,
        help_text="Une phrase, reprise dans le courriel qui demande de signer de nouveau.",
    )
    publiee_le = models.DateTimeField("publiée le", null=True, blank=True, editable=False)
    created_at = models.DateTimeField("rédigée le", default=timezone.now, editable=False)

    objects = CharteQuerySet.as_manager()

    class Meta:
        verbose_name = "version de la charte du faire alliance"
        verbose_name_plural = "versions de la charte du faire alliance"
        ordering = ["-version"]

    def __str__(self) -> str:
        etat = "publiée" if self.publiee_le else "brouillon"
        return f"Charte du faire alliance, version {self.version} ({etat})"

    def get_absolute_url(self) -> str:
        return reverse("chartes:charte")


@historique.track(
    model_name="EvenementSignatureCharte", fields=("organisation", "charte", "signee_par")
)
class SignatureCharte(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="signatures_charte",
        verbose_name="organisation",
    )
    charte = models.ForeignKey(
        Charte, on_delete=models.PROTECT, related_name="signatures", verbose_name="version"
    )
    signee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="signée par",
    )
    # The signer as they were named then: the record stays readable if the account goes.
    signataire = models.CharField("nom du signataire", max_length=200)
    signee_le = models.DateTimeField("signée le", default=timezone.now)

    class Meta:
        verbose_name = "signature de la charte"
        verbose_name_plural = "signatures de la charte"
        ordering = ["-signee_le"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "charte"], name="une_signature_par_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — version {self.charte.version}"
