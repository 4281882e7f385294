"""Follow-ups of alliances and évaluations partenariales (issue 16, items 3 and 4).

A `Suivi` is one due date of an alliance (3, 6, 12 months, then yearly: suivis.calendrier),
created by the daily job when it falls due. Each confirmed partner answers for its side in a
`ReponseSuivi`: the row is written when the partner is asked (so that it is asked once), and
answered later; it stays correctable until the next follow-up falls due. Indicator values are
rows (`ValeurIndicateur`: one per réponse, indicator and, for the indicators counted by ODD,
ODD) with a numeric value, so that the observatoire sums them in SQL.

An `Evaluation` is private to the organisation that wrote it: the public only sees averages
over enough alliances (suivis.impact)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Avg, Count, Exists, F, OuterRef, Q, Sum

from alliances.models import Participation
from moderation.models import Statut, perimeter_q

SEUIL_AGREGATS = 5


class SuiviQuerySet(models.QuerySet):
    def open_on(self, today):
        """Follow-ups that can still be answered or corrected: the next one is not due yet."""
        return self.filter(echeance__lte=today, prochaine_echeance__gt=today)

    def in_perimeter_of(self, user, rows: list[tuple] | None = None):
        """Follow-ups of the published alliances in the user's perimeter (everything for staff,
        the national alliances only for national catalyseurs), as catalyseurs watch them."""
        condition = perimeter_q(
            user,
            region="alliance__region_id",
            departement="alliance__departement_id",
            epci="alliance__commune__epci_id",
            national="portee_nationale",
            rows=rows,
        )
        return (
            self.filter(alliance__statut=Statut.PUBLIEE)
            .annotate(portee_nationale=Q(alliance__portee="nationale"))
            .filter(condition)
        )

    def for_territoire(self):
        """What the catalyseurs' list shows: the alliance and how many partners answered."""
        return self.select_related("alliance", "alliance__commune").annotate(
            partenaires=Count("reponses"),
            repondus=Count("reponses", filter=Q(reponses__answered_at__isnull=False)),
        )


class Suivi(models.Model):
    alliance = models.ForeignKey(
        "alliances.Alliance",
        verbose_name="alliance",
        on_delete=models.CASCADE,
        related_name="suivis",
    )
    rang = models.PositiveSmallIntegerField("mois depuis le début de l'alliance")
    echeance = models.DateField("échéance")
    # The due date of the next rang, fixed when this one is created: until then the partners
    # answer and correct this follow-up (the alliance's dates may change later, its follow-ups
    # keep theirs).
    prochaine_echeance = models.DateField("modifiable jusqu'au")
    # Set once, when partners left two reminders unanswered and the catalyseurs were told.
    signale_le = models.DateField("signalé aux catalyseurs le", null=True, blank=True)
    created_at = models.DateTimeField("créé le", auto_now_add=True)

    objects = SuiviQuerySet.as_manager()

    class Meta:
        verbose_name = "suivi"
        verbose_name_plural = "suivis"
        ordering = ["alliance", "rang"]
        constraints = [
            # One follow-up per rang: two workers planning the same day create it once.
            models.UniqueConstraint(fields=["alliance", "rang"], name="suivi_unique_par_rang"),
            models.CheckConstraint(
                condition=Q(prochaine_echeance__gt=F("echeance")), name="suivi_echeances_ordre"
            ),
        ]
        indexes = [models.Index(fields=["prochaine_echeance"], name="suivi_ouvert")]

    def __str__(self) -> str:
        return f"{self.alliance} — suivi à {self.label}"

    @property
    def label(self) -> str:
        if self.rang % 12 == 0 and self.rang > 12:
            return f"{self.rang // 12} ans"
        return f"{self.rang} mois"

    def is_open(self, today) -> bool:
        return self.echeance <= today < self.prochaine_echeance


class ReponseSuiviQuerySet(models.QuerySet):
    def answered(self):
        return self.filter(answered_at__isnull=False)

    def waiting(self):
        return self.filter(answered_at__isnull=True)

    def of_partners(self):
        """Réponses of organisations whose part in the alliance is still confirmed: one that
        declined or was removed since is neither asked, reminded nor reported as silent."""
        partenaire = Participation.objects.filter(
            alliance=OuterRef("suivi__alliance"),
            organisation=OuterRef("organisation"),
            etat=Participation.Etat.CONFIRMEE,
        )
        return self.filter(Exists(partenaire))

    def of_member(self, user):
        """Réponses of the organisations the user is a member of."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(organisation__membres__user=user)

    def for_espace(self, user, today):
        """The follow-ups my organisations answer or may still correct, the nearest first."""
        return (
            self.of_member(user)
            .of_partners()
            .filter(suivi__prochaine_echeance__gt=today)
            .select_related("suivi", "suivi__alliance", "organisation")
            .order_by("answered_at", "suivi__prochaine_echeance", "pk")
        )


class ReponseSuivi(models.Model):
    class Etat(models.TextChoices):
        EN_COURS = "en_cours", "en cours"
        TERMINEE = "terminee", "terminée"
        EN_PAUSE = "en_pause", "en pause"

    suivi = models.ForeignKey(
        Suivi, verbose_name="suivi", on_delete=models.CASCADE, related_name="reponses"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name="organisation",
        on_delete=models.CASCADE,
        related_name="reponses_suivi",
    )
    etat = models.CharField("état de l'alliance", max_length=10, choices=Etat.choices, blank=True)
    realise = models.TextField("ce qui a été fait", blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="répondu par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField("répondu le", null=True, blank=True)
    updated_at = models.DateTimeField("modifié le", null=True, blank=True)
    # When the partner's admins were asked, and reminded: the job's conditional updates on these
    # columns make sure that no message goes twice.
    demandee_le = models.DateField("demandé le", null=True, blank=True)
    relances = models.PositiveSmallIntegerField("relances", default=0)
    derniere_relance_le = models.DateField("dernière relance le", null=True, blank=True)

    objects = ReponseSuiviQuerySet.as_manager()

    class Meta:
        verbose_name = "réponse à un suivi"
        verbose_name_plural = "réponses aux suivis"
        ordering = ["suivi", "organisation__nom"]
        constraints = [
            models.UniqueConstraint(
                fields=["suivi", "organisation"], name="reponse_suivi_unique_par_partenaire"
            ),
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True) | ~Q(etat=""),
                name="reponse_suivi_etat_si_repondue",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.suivi} — {self.organisation}"

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None


class ValeurIndicateurQuerySet(models.QuerySet):
    def publiques(self):
        """Values of answered follow-ups of published alliances: what the public may read."""
        return self.filter(
            reponse__answered_at__isnull=False, reponse__suivi__alliance__statut=Statut.PUBLIEE
        )

    def of_alliances(self, alliances):
        return self.filter(reponse__suivi__alliance__in=alliances)

    def cumuls(self, *, territoire: str | None = None, par_odd: bool = False):
        """Sums by indicator and typologie; `territoire` "region" or "departement" adds that
        code, `par_odd` the ODD (the values of indicators not counted by ODD then drop out).
        Each row: indicateur, typologie, [region|departement], [odd], total, alliances."""
        groupes = {"typologie": F("reponse__suivi__alliance__typologie")}
        if territoire is not None:
            if territoire not in {"region", "departement"}:
                raise ValueError(f"Territoire inconnu : {territoire}")
            groupes[territoire] = F(f"reponse__suivi__alliance__{territoire}_id")
        rows = self.filter(odd__isnull=False) if par_odd else self
        champs = ["indicateur", *groupes, *(["odd"] if par_odd else [])]
        return (
            rows.annotate(**groupes)
            .values(*champs)
            .annotate(
                total=Sum("valeur"),
                alliances=Count("reponse__suivi__alliance", distinct=True),
            )
            .order_by(*champs)
        )


class ValeurIndicateur(models.Model):
    reponse = models.ForeignKey(
        ReponseSuivi, verbose_name="réponse", on_delete=models.CASCADE, related_name="valeurs"
    )
    # A code of suivis/indicateurs.yaml (checked by the service, not by choices: the file
    # changes without a migration).
    indicateur = models.CharField("indicateur", max_length=40)
    odd = models.ForeignKey(
        "nomenclatures.ODD",
        verbose_name="ODD",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    valeur = models.DecimalField(
        "valeur", max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )

    objects = ValeurIndicateurQuerySet.as_manager()

    class Meta:
        verbose_name = "valeur d'indicateur"
        verbose_name_plural = "valeurs d'indicateurs"
        ordering = ["reponse", "indicateur", "odd"]
        constraints = [
            models.UniqueConstraint(
                fields=["reponse", "indicateur"],
                condition=Q(odd__isnull=True),
                name="valeur_unique_sans_odd",
            ),
            models.UniqueConstraint(
                fields=["reponse", "indicateur", "odd"],
                condition=Q(odd__isnull=False),
                name="valeur_unique_par_odd",
            ),
            models.CheckConstraint(condition=Q(valeur__gte=0), name="valeur_positive"),
        ]
        indexes = [models.Index(fields=["indicateur", "odd"], name="valeur_indicateur_odd")]

    def __str__(self) -> str:
        odd = f" (ODD {self.odd_id})" if self.odd_id else ""
        return f"{self.indicateur}{odd} : {self.valeur}"


NOTE = [MinValueValidator(1), MaxValueValidator(5)]


class EvaluationQuerySet(models.QuerySet):
    def of_alliances(self, alliances):
        return self.filter(alliance__in=alliances)

    def aggregate_public(self, seuil: int = SEUIL_AGREGATS) -> dict | None:
        """Average marks, only when they cover at least `seuil` distinct alliances (fewer
        would let anyone guess what one partner said); else None."""
        resultat = self.aggregate(
            alliances=Count("alliance", distinct=True),
            evaluations=Count("pk"),
            innovation=Avg("innovation"),
            performance=Avg("performance"),
            confiance=Avg("confiance"),
        )
        if resultat["alliances"] < seuil:
            return None
        return resultat


class Evaluation(models.Model):
    """What the alliance brought to one partner, marked from 1 (rien) to 5 (beaucoup)."""

    alliance = models.ForeignKey(
        "alliances.Alliance",
        verbose_name="alliance",
        on_delete=models.CASCADE,
        related_name="evaluations",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name="organisation",
        on_delete=models.CASCADE,
        related_name="evaluations",
    )
    innovation = models.PositiveSmallIntegerField("innovation", validators=NOTE)
    performance = models.PositiveSmallIntegerField("performance", validators=NOTE)
    confiance = models.PositiveSmallIntegerField("confiance", validators=NOTE)
    changements = models.TextField("ce que l'alliance a changé pour nous", blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="rédigée par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("rédigée le", auto_now_add=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)

    objects = EvaluationQuerySet.as_manager()

    class Meta:
        verbose_name = "évaluation partenariale"
        verbose_name_plural = "évaluations partenariales"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["alliance", "organisation"], name="evaluation_unique_par_partenaire"
            ),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{note}__gte": 1, f"{note}__lte": 5}),
                    name=f"evaluation_{note}_de_1_a_5",
                )
                for note in ("innovation", "performance", "confiance")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.alliance}"
