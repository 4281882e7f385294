"""Conventions: the agreement that the partners of a mise en relation or an alliance draft
from a model (conventions/modeles/), edit clause by clause, and validate — each partner through
one of its admins. When every partner has validated the same version, its text is frozen in a
`VersionConvention` and stays readable as it was signed."""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

from alliances.models import Alliance, Participation
from moderation import historique
from organisations.models import Organisation


class PartieConventionQuerySet(models.QuerySet):
    def actives(self):
        """The parties still in: for a convention of an alliance, an organisation that
        declined its part or was removed from the alliance is out (it no longer reads the
        draft, and its validation is no longer awaited)."""
        encore = Participation.objects.filter(
            alliance=OuterRef("convention__alliance"), organisation=OuterRef("organisation")
        ).exclude(etat=Participation.Etat.REFUSEE)
        return self.filter(Q(convention__alliance__isnull=True) | Exists(encore))


class ConventionQuerySet(models.QuerySet):
    def of_user(self, user):
        """The conventions where one of the user's organisations is a party still in."""
        if not user.is_authenticated:
            return self.none()
        parties = PartieConvention.objects.actives().filter(organisation__membres__user=user)
        return self.filter(pk__in=parties.values("convention"))

    def for_listing(self):
        return self.select_related("alliance").prefetch_related(
            models.Prefetch("parties", queryset=PartieConvention.objects.actives())
        )


class Convention(models.Model):
    class Etat(models.TextChoices):
        REDACTION = "redaction", "en rédaction"
        VALIDEE = "validee", "validée par toutes les parties"

    modele = models.CharField("modèle", max_length=40)
    titre = models.CharField("titre", max_length=200)
    objet = models.TextField("objet", max_length=3000)
    date_debut = models.DateField("date d'effet", null=True, blank=True)
    duree_mois = models.PositiveSmallIntegerField("durée (mois)", null=True, blank=True)
    # The alliance it belongs to: set at once when drafted from an alliance, and when the
    # alliance born from its mise en relation is declared.
    alliance = models.ForeignKey(
        Alliance,
        verbose_name="alliance",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="conventions",
    )
    organisations = models.ManyToManyField(
        Organisation, through="PartieConvention", related_name="conventions"
    )
    # Each save of the draft moves to the next version: a validation is for one version, so a
    # change made after it voids it.
    version = models.PositiveIntegerField("version", default=1)
    etat = models.CharField(
        "état", max_length=12, choices=Etat.choices, default=Etat.REDACTION, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="rédigée par",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)
    validee_le = models.DateTimeField("validée le", null=True, blank=True)
    is_demo = models.BooleanField("démonstration", default=False)

    objects = ConventionQuerySet.as_manager()

    class Meta:
        verbose_name = "convention"
        verbose_name_plural = "conventions"
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return self.titre

    def get_absolute_url(self) -> str:
        return reverse("conventions:convention_detail", kwargs={"pk": self.pk})

    @property
    def is_draft(self) -> bool:
        return self.etat == self.Etat.REDACTION


class PartieConvention(models.Model):
    """A party as the agreement names it: its legal identity is copied from the organisation
    when the draft is created, then belongs to the draft (a party may correct it)."""

    convention = models.ForeignKey(
        Convention, verbose_name="convention", on_delete=models.CASCADE, related_name="parties"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="organisation",
        on_delete=models.CASCADE,
        related_name="parties_conventions",
    )
    ordre = models.PositiveSmallIntegerField("ordre", default=0)
    nom = models.CharField("dénomination", max_length=200)
    forme = models.CharField("forme", max_length=100, blank=True)
    identifiant = models.CharField("SIREN ou RNA", max_length=40, blank=True)
    siege = models.CharField("siège", max_length=300, blank=True)
    representant = models.CharField("représentée par", max_length=200, blank=True)
    qualite = models.CharField("en qualité de", max_length=100, blank=True)
    contribution = models.TextField("contribution", max_length=2000, blank=True)

    objects = PartieConventionQuerySet.as_manager()

    class Meta:
        verbose_name = "partie"
        verbose_name_plural = "parties"
        ordering = ["ordre", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["convention", "organisation"], name="partie_convention_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nom} — {self.convention}"


class Clause(models.Model):
    convention = models.ForeignKey(
        Convention, verbose_name="convention", on_delete=models.CASCADE, related_name="clauses"
    )
    ordre = models.PositiveSmallIntegerField("ordre", default=0)
    titre = models.CharField("titre", max_length=200)
    texte = models.TextField("texte", max_length=10_000, help_text="Markdown simple.")

    class Meta:
        verbose_name = "clause"
        verbose_name_plural = "clauses"
        ordering = ["ordre", "pk"]

    def __str__(self) -> str:
        return self.titre


@historique.track(
    model_name="EvenementValidationConvention",
    fields=("convention", "organisation", "version", "validee_par"),
)
class ValidationConvention(models.Model):
    """One partner's agreement to one version of the draft, given by one of its admins."""

    convention = models.ForeignKey(
        Convention,
        verbose_name="convention",
        on_delete=models.CASCADE,
        related_name="validations",
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name="organisation", on_delete=models.CASCADE, related_name="+"
    )
    version = models.PositiveIntegerField("version validée")
    validee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="validée par",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    signataire = models.CharField("nom de la personne qui a validé", max_length=200)
    validee_le = models.DateTimeField("validée le", auto_now_add=True)

    class Meta:
        verbose_name = "validation"
        verbose_name_plural = "validations"
        ordering = ["validee_le"]
        constraints = [
            models.UniqueConstraint(
                fields=["convention", "organisation", "version"],
                name="validation_convention_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.convention} (version {self.version})"


class VersionConvention(models.Model):
    """The text every party validated, frozen: titles, parties and clauses as they stood."""

    convention = models.ForeignKey(
        Convention,
        verbose_name="convention",
        on_delete=models.CASCADE,
        related_name="versions_figees",
    )
    numero = models.PositiveIntegerField("version")
    contenu = models.JSONField("contenu")
    figee_le = models.DateTimeField("figée le", auto_now_add=True)

    class Meta:
        verbose_name = "version validée"
        verbose_name_plural = "versions validées"
        ordering = ["-numero"]
        constraints = [
            models.UniqueConstraint(
                fields=["convention", "numero"], name="version_convention_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.convention} — version {self.numero}"
