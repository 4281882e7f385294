from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.urls import reverse
from django.utils import timezone


class UserManager(BaseUserManager):
    """Users are identified by their email address; there is no username."""

    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields):
        if not email:
            raise ValueError("L'adresse de courriel est obligatoire.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        if not extra_fields["is_staff"] or not extra_fields["is_superuser"]:
            raise ValueError("Un superutilisateur doit avoir is_staff et is_superuser.")
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    username = None
    email = models.EmailField("adresse de courriel", unique=True)
    is_demo = models.BooleanField(
        "compte de démonstration",
        default=False,
        help_text="Créé par le jeu de données de démonstration ; à ne jamais garder en production.",
    )
    # Set for every account when a new version of the conditions générales is published
    # (pages.services.cgu_publish), cleared when the account accepts it.
    cgu_a_accepter = models.BooleanField("doit accepter les conditions générales", default=False)
    # Set when the account was deleted by its owner: the row stays, anonymised, so that what
    # others received (messages, decisions) still reads « compte supprimé ».
    supprime_le = models.DateTimeField("supprimé le", null=True, blank=True, editable=False)
    # Set when the account, unused for almost three years, was warned that it will be
    # anonymised (comptes.droits.comptes_purge); cleared when it comes back.
    inactivite_avertie_le = models.DateTimeField(
        "averti de son inactivité le", null=True, blank=True, editable=False
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = "utilisateur"
        verbose_name_plural = "utilisateurs"
        ordering = ["email"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """How pages name the account to others."""
        return "compte supprimé" if self.supprime_le else self.email


class CourrielQuerySet(models.QuerySet):
    def dus(self, now=None):
        """Waiting messages whose next attempt is due."""
        return self.filter(etat=Courriel.Etat.EN_ATTENTE, prochain_essai__lte=now or timezone.now())


class Courriel(models.Model):
    """One email in the outbox: written in the transaction of the change that causes it, sent
    after commit by Celery, and by a periodic sweep for whatever is still waiting (a broker
    that was down delays mail, never loses it). See comptes/outbox.py."""

    class Etat(models.TextChoices):
        EN_ATTENTE = "en_attente", "en attente"
        ENVOYE = "envoye", "envoyé"
        ECHEC = "echec", "échec"

    sujet = models.CharField("sujet", max_length=255)
    destinataires = models.TextField("destinataires")
    # The whole message (bodies, alternatives, attachments in base64, headers), as
    # comptes.email.serialize_message writes it.
    message = models.JSONField("message")
    etat = models.CharField("état", max_length=12, choices=Etat.choices, default=Etat.EN_ATTENTE)
    tentatives = models.PositiveSmallIntegerField("tentatives", default=0)
    derniere_erreur = models.TextField("dernière erreur", blank=True)
    created_at = models.DateTimeField("écrit le", default=timezone.now)
    prochain_essai = models.DateTimeField("prochain essai", default=timezone.now)
    sent_at = models.DateTimeField("envoyé le", null=True, blank=True)

    objects = CourrielQuerySet.as_manager()

    class Meta:
        verbose_name = "courriel"
        verbose_name_plural = "courriels"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["prochain_essai"],
                condition=models.Q(etat="en_attente"),
                name="courriel_en_attente",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sujet} → {self.destinataires}"


class ExportDonnees(models.Model):
    """A copy of everything the platform holds about an account, built by a task and
    downloaded by its owner through the emailed link until `expire_le`."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="compte",
        on_delete=models.CASCADE,
        related_name="exports_donnees",
    )
    jeton = models.CharField("jeton", max_length=64, unique=True)
    contenu = models.JSONField("contenu", null=True, blank=True)
    created_at = models.DateTimeField("demandé le", default=timezone.now)
    pret_le = models.DateTimeField("prêt le", null=True, blank=True)
    expire_le = models.DateTimeField("valable jusqu'au")

    class Meta:
        verbose_name = "export de données personnelles"
        verbose_name_plural = "exports de données personnelles"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user} — {self.created_at:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("mes_donnees_export", kwargs={"jeton": self.jeton})
