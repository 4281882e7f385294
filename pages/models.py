"""The site's institutional pages (mentions légales, données personnelles, conditions générales
d'utilisation, accessibilité): Markdown that staff edit in the admin, so that a text changes
without a deploy. Their first texts are files of pages/textes/, loaded by a migration.

The conditions générales have a version: publishing a new one (services.cgu_publish) asks every
account to accept it before going on (User.cgu_a_accepter, read by the middleware without a
query), and each acceptance is kept (AcceptationCGU)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone


class Page(models.Model):
    class Slug(models.TextChoices):
        MENTIONS_LEGALES = "mentions-legales", "mentions légales"
        DONNEES_PERSONNELLES = "donnees-personnelles", "données personnelles"
        CGU = "conditions-generales", "conditions générales d'utilisation"
        ACCESSIBILITE = "accessibilite", "accessibilité"

    slug = models.SlugField("adresse", max_length=40, unique=True, choices=Slug.choices)
    titre = models.CharField("titre", max_length=200)
    contenu = models.TextField("contenu", help_text="En Markdown : titres ##, listes, liens.")
    version = models.PositiveIntegerField(
        "version",
        default=1,
        editable=False,
        help_text="Pour les conditions générales : augmentée par « publier une nouvelle version ».",
    )
    en_vigueur_le = models.DateTimeField("en vigueur depuis le", default=timezone.now)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)

    class Meta:
        verbose_name = "page du site"
        verbose_name_plural = "pages du site"
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.titre

    def get_absolute_url(self) -> str:
        return reverse("pages:page", args=[self.slug])


class AcceptationCGU(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="acceptations_cgu",
        verbose_name="compte",
    )
    version = models.PositiveIntegerField("version acceptée")
    accepted_at = models.DateTimeField("acceptée le", default=timezone.now)

    class Meta:
        verbose_name = "acceptation des conditions générales"
        verbose_name_plural = "acceptations des conditions générales"
        constraints = [
            models.UniqueConstraint(fields=["user", "version"], name="une_acceptation_par_version")
        ]

    def __str__(self) -> str:
        return f"{self.user} — version {self.version}"
