"""Moderation: the statuses every moderated content shares, the catalyseurs and their
perimeters, and the rows of the workflow (queue, append-only decisions, reports, appeals).

One history and one queue for every kind of moderated content (see moderation.registry). Rows
name their item by (nature, object_id) rather than by a foreign key per kind or a contenttypes
generic relation: one column pair covers organisations, alliances and offres (and whatever kind
comes next) without a migration, the history of an item is one indexed query whatever its kind,
and tests never depend on the ContentType cache.
"""

import pgtrigger
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db import models
from django.db.models import Q
from django.utils import timezone

from moderation import historique, registry
from moderation.motifs import MOTIFS
from territoires.models import EPCI, Commune, Departement, Region


class Statut(models.TextChoices):
    """Moderation status shared by organisations, alliances and offres (DESIGN.md §4)."""

    BROUILLON = "brouillon", "brouillon"
    EN_ATTENTE = "en_attente", "en attente de modération"
    PUBLIEE = "publiee", "publiée"
    A_CORRIGER = "a_corriger", "à corriger"
    REFUSEE = "refusee", "refusée"
    DEPUBLIEE = "depubliee", "dépubliée"


class CatalyseurQuerySet(models.QuerySet):
    def actifs(self):
        return self.filter(actif=True)


@historique.track(
    model_name="EvenementCatalyseur",
    fields=("user", "organisation", "niveau", "region", "departement", "epci", "actif"),
    update=("user", "organisation", "niveau", "region", "departement", "epci", "actif"),
)
class Catalyseur(models.Model):
    """A user appointed by staff to moderate one perimeter on behalf of an organisation (a
    community foundation, a CCI, a collectivité's team…). A row per appointment: a person may
    hold several, and removing one (`actif` false) takes effect on the next request."""

    class Niveau(models.TextChoices):
        NATIONAL = "national", "national"
        REGION = "region", "région"
        DEPARTEMENT = "departement", "département"
        EPCI = "epci", "EPCI"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="utilisateur",
        on_delete=models.CASCADE,
        related_name="catalyseurs",
    )
    # Lazy reference: moderation imports none of the apps it moderates (DESIGN.md §3).
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name="pour le compte de",
        on_delete=models.PROTECT,
        related_name="catalyseurs",
    )
    niveau = models.CharField("niveau du périmètre", max_length=12, choices=Niveau.choices)
    region = models.ForeignKey(
        Region,
        verbose_name="région",
        on_delete=models.PROTECT,
        to_field="code",
        null=True,
        blank=True,
        related_name="catalyseurs",
    )
    departement = models.ForeignKey(
        Departement,
        verbose_name="département",
        on_delete=models.PROTECT,
        to_field="code",
        null=True,
        blank=True,
        related_name="catalyseurs",
    )
    epci = models.ForeignKey(
        EPCI,
        verbose_name="EPCI",
        on_delete=models.PROTECT,
        to_field="siren",
        null=True,
        blank=True,
        related_name="catalyseurs",
    )
    actif = models.BooleanField("actif", default=True)
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="nommé par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    appointed_at = models.DateTimeField("nommé le", default=timezone.now)
    ended_at = models.DateTimeField("fin de la mission", null=True, blank=True)
    # The daily digest lists the items that entered the queue since this moment.
    digest_sent_at = models.DateTimeField("dernier récapitulatif", null=True, blank=True)

    objects = CatalyseurQuerySet.as_manager()

    class Meta:
        verbose_name = "catalyseur territorial"
        verbose_name_plural = "catalyseurs territoriaux"
        ordering = ["-appointed_at"]
        constraints = [
            # Exactly the territory that the level names, and no other.
            models.CheckConstraint(
                condition=(
                    Q(
                        niveau="national",
                        region__isnull=True,
                        departement__isnull=True,
                        epci__isnull=True,
                    )
                    | Q(
                        niveau="region",
                        region__isnull=False,
                        departement__isnull=True,
                        epci__isnull=True,
                    )
                    | Q(
                        niveau="departement",
                        region__isnull=True,
                        departement__isnull=False,
                        epci__isnull=True,
                    )
                    | Q(
                        niveau="epci",
                        region__isnull=True,
                        departement__isnull=True,
                        epci__isnull=False,
                    )
                ),
                name="catalyseur_perimetre_du_niveau",
                violation_error_message=(
                    "Le périmètre doit correspondre au niveau choisi : aucun territoire pour le "
                    "niveau national, sinon la seule région, le seul département ou le seul EPCI "
                    "du niveau."
                ),
            ),
        ]
        indexes = [models.Index(fields=["user", "actif"], name="catalyseur_user_actif")]

    def __str__(self) -> str:
        return f"{self.user} — {self.perimetre_label}"

    @property
    def perimetre(self):
        return self.region or self.departement or self.epci

    @property
    def perimetre_label(self) -> str:
        if self.niveau == self.Niveau.NATIONAL:
            return "France entière"
        return f"{self.get_niveau_display()} : {self.perimetre}"


# Observatoire ---------------------------------------------------------------------------------


def perimeter_rows(user) -> list[tuple]:
    """The user's active appointments as (niveau, region, departement, epci): one query, read
    fresh, so that a removed catalyseur loses access on the next request. A page that scopes
    several lists reads them once and passes them on."""
    if not user.is_authenticated or not user.is_active or user.is_staff:
        return []
    return list(
        Catalyseur.objects.actifs()
        .filter(user=user)
        .values_list("niveau", "region_id", "departement_id", "epci_id")
    )


def rows_q(
    rows: list[tuple],
    *,
    region: str = "region_id",
    departement: str = "departement_id",
    epci: str = "epci_id",
    national: str | None = "national",
) -> Q:
    """The condition that selects what these appointments (niveau, region, departement, epci)
    cover: everything for a national one, else the régions, départements and EPCI named (items
    of national scope stay with staff and national catalyseurs), nothing without rows. Field
    names default to those of the moderation rows; each item model passes its own."""
    nothing = Q(pk__in=[])
    if any(niveau == Catalyseur.Niveau.NATIONAL for niveau, *_ in rows):
        return Q()
    condition = nothing
    for niveau, field, index in (
        (Catalyseur.Niveau.REGION, region, 1),
        (Catalyseur.Niveau.DEPARTEMENT, departement, 2),
        (Catalyseur.Niveau.EPCI, epci, 3),
    ):
        codes = [row[index] for row in rows if row[0] == niveau]
        if codes:
            condition |= Q(**{f"{field}__in": codes})
    if national is not None and condition != nothing:
        condition &= Q(**{national: False})
    return condition


def perimeter_q(user, *, rows: list[tuple] | None = None, **fields) -> Q:
    """The condition that selects the rows in the user's perimeter: everything for staff,
    nothing for a visitor or an inactive account, else what their active appointments cover
    (`rows_q`). One query (the user's appointments) unless `rows` are given."""
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    if user.is_staff:
        return Q()
    if rows is None:
        rows = perimeter_rows(user)
    return rows_q(rows, **fields)


class Lieu(models.Model):
    """Where an item sits, copied on the moderation rows so that a perimeter's queue, reports
    and figures are one indexed query without joining three item tables."""

    commune = models.ForeignKey(
        Commune, verbose_name="commune", on_delete=models.PROTECT, null=True, related_name="+"
    )
    departement = models.ForeignKey(
        Departement,
        verbose_name="département",
        on_delete=models.PROTECT,
        to_field="code",
        null=True,
        related_name="+",
    )
    region = models.ForeignKey(
        Region,
        verbose_name="région",
        on_delete=models.PROTECT,
        to_field="code",
        null=True,
        related_name="+",
    )
    epci = models.ForeignKey(
        EPCI,
        verbose_name="EPCI",
        on_delete=models.PROTECT,
        to_field="siren",
        null=True,
        related_name="+",
    )
    national = models.BooleanField("portée nationale", default=False)

    class Meta:
        abstract = True


class ModerationQuerySet(models.QuerySet):
    def about(self, item: models.Model):
        """The rows about one moderated item."""
        return self.filter(nature=registry.kind_of(item).nature, object_id=item.pk)

    def moderated_by(self, user, rows: list[tuple] | None = None):
        """Rows about items in the user's perimeter, without those of their own organisations
        (a catalyseur never judges their own structure: the others or staff do)."""
        condition = perimeter_q(
            user,
            region="region_id",
            departement="departement_id",
            epci="epci_id",
            national="national",
            rows=rows,
        )
        if not user.is_authenticated:
            return self.none()
        # A catalyseur never judges the content of their own organisations: each kind says
        # which of its items those are.
        conflict = Q()
        for kind in registry.kinds():
            conflict |= Q(nature=kind.nature, object_id__in=kind.conflicts(user))
        return self.filter(condition).exclude(conflict)


class Soumission(Lieu):
    """An item waiting for a decision: one row while its status is `en_attente`, written and
    removed by `moderation.workflow.transition` only. The queue reads this table alone."""

    nature = models.CharField("nature", max_length=12, choices=registry.nature_choices)
    object_id = models.PositiveBigIntegerField("identifiant")
    titre = models.CharField("titre", max_length=200)
    submitted_at = models.DateTimeField("soumise le", default=timezone.now)
    escalated_at = models.DateTimeField("signalée au périmètre englobant le", null=True)
    # Set when reports, not its authors, sent a published item back to the queue.
    par_signalements = models.BooleanField("remise en file par des signalements", default=False)

    objects = ModerationQuerySet.as_manager()

    class Meta:
        verbose_name = "élément à modérer"
        verbose_name_plural = "éléments à modérer"
        ordering = ["submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["nature", "object_id"], name="soumission_unique"),
        ]
        indexes = [
            models.Index(fields=["submitted_at", "id"], name="soumission_file"),
            models.Index(fields=["region", "submitted_at", "id"], name="soumission_region"),
            models.Index(
                fields=["departement", "submitted_at", "id"], name="soumission_departement"
            ),
            models.Index(fields=["epci", "submitted_at", "id"], name="soumission_epci"),
        ]

    def __str__(self) -> str:
        return f"{self.get_nature_display()} : {self.titre}"


class DecisionQuerySet(ModerationQuerySet):
    def of_item(self, nature: str, object_id: int):
        return self.filter(nature=nature, object_id=object_id)

    def moderator_outcomes(self):
        """What the public figures count: decisions that end a wait, and unpublications."""
        return self.filter(
            (Q(de=Statut.EN_ATTENTE) & ~Q(vers=Statut.EN_ATTENTE))
            | Q(de=Statut.PUBLIEE, vers=Statut.DEPUBLIEE)
        )


class _DecisionChange(pgtrigger.Condition):
    """An UPDATE of a decision that changes anything, except the one the database itself makes
    when the author's account is deleted (`by` set to NULL, nothing else)."""

    def __init__(self):
        super().__init__("-")

    def resolve(self, model):
        others = pgtrigger.AnyChange(exclude=["by"]).resolve(model)
        return f'(({others}) OR NEW."by_id" IS NOT NULL)'


@historique.track(
    model_name="EvenementDecision",
    fields=("nature", "object_id", "de", "vers", "by", "motif"),
    delete=False,
)
class Decision(Lieu):
    """One transition of an item's status, kept forever: the append-only history that members
    and moderators read, and the source of the public moderation figures. On PostgreSQL the
    database refuses to rewrite or delete one (triggers below), whatever the code path: a
    queryset's update(), the admin, raw SQL. SQLite has only the ORM's guard (save, delete)."""

    nature = models.CharField("nature", max_length=12, choices=registry.nature_choices)
    object_id = models.PositiveBigIntegerField("identifiant")
    titre = models.CharField("titre de l'élément", max_length=200)
    de = models.CharField("statut avant", max_length=20, choices=Statut.choices)
    vers = models.CharField("statut après", max_length=20, choices=Statut.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("le", default=timezone.now, db_index=True)
    motif = models.CharField("motif", max_length=30, blank=True)
    texte = models.TextField("précisions", blank=True, max_length=3000)
    message = models.TextField("message au déposant", blank=True, max_length=3000)
    # How long the item waited for this decision (decisions that leave `en_attente`).
    attente = models.DurationField("attente", null=True, blank=True)
    # What the public saw once published: the review page compares the next version with it.
    contenu = models.JSONField("contenu publié", null=True, blank=True)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = "décision de modération"
        verbose_name_plural = "décisions de modération"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["nature", "object_id", "created_at"], name="decision_element"),
        ]
        triggers = [
            pgtrigger.Protect(
                name="decision_non_modifiable",
                operation=pgtrigger.Update,
                condition=_DecisionChange(),
            ),
            pgtrigger.Protect(name="decision_non_supprimable", operation=pgtrigger.Delete),
        ]

    def __str__(self) -> str:
        return f"{self.titre} : {self.get_de_display()} → {self.get_vers_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise ValueError("Une décision de modération ne se modifie pas.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Une décision de modération ne se supprime pas.")

    @property
    def motif_detail(self):
        """The published reason (label and what to change), None without one."""
        return MOTIFS.get(self.motif)

    @property
    def motif_label(self) -> str:
        motif = self.motif_detail
        return motif.label if motif else ""


class SignalementQuerySet(ModerationQuerySet):
    def ouverts(self):
        return self.filter(closed_at__isnull=True)


class Signalement(Lieu):
    """Someone (signed in or not) reports a published item to the catalyseurs of its place."""

    class Motif(models.TextChoices):
        INEXACT = "inexact", "informations fausses ou trompeuses"
        INAPPROPRIE = "inapproprie", "propos injurieux, haineux ou discriminatoires"
        PUBLICITE = "publicite", "publicité ou démarchage sans lien avec une alliance"
        ARNAQUE = "arnaque", "tentative d'arnaque ou d'usurpation"
        DONNEES_PERSONNELLES = "donnees_personnelles", "données personnelles exposées"
        DOUBLON = "doublon", "doublon d'une autre fiche"
        AUTRE = "autre", "autre raison"

    class Issue(models.TextChoices):
        MAINTENU = "maintenu", "contenu maintenu"
        RETIRE = "retire", "contenu retiré ou à corriger"

    nature = models.CharField("nature", max_length=12, choices=registry.nature_choices)
    object_id = models.PositiveBigIntegerField("identifiant")
    titre = models.CharField("titre de l'élément", max_length=200)
    motif = models.CharField("motif", max_length=30, choices=Motif.choices)
    texte = models.TextField("précisions", blank=True, max_length=2000)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="signalé par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Who reported, as one distinct person: "u<id>" for an account, a keyed hash of the IP
    # address for a visitor (the address itself is not kept).
    empreinte = models.CharField("empreinte de l'auteur", max_length=80)
    created_at = models.DateTimeField("signalé le", default=timezone.now)
    closed_at = models.DateTimeField("clos le", null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="clos par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    issue = models.CharField("suite donnée", max_length=12, choices=Issue.choices, blank=True)

    objects = SignalementQuerySet.as_manager()

    class Meta:
        verbose_name = "signalement"
        verbose_name_plural = "signalements"
        ordering = ["created_at", "pk"]
        constraints = [
            # One open report per person and item: three reports are three people.
            models.UniqueConstraint(
                fields=["nature", "object_id", "empreinte"],
                condition=Q(closed_at__isnull=True),
                name="signalement_unique_ouvert",
            ),
        ]
        indexes = [
            models.Index(
                fields=["nature", "object_id"],
                condition=Q(closed_at__isnull=True),
                name="signalement_ouvert",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.titre} : {self.get_motif_display()}"


class Recours(models.Model):
    """The submitter contests a refusal or an unpublication, once per decision. Someone other
    than the decision's author, at a wider perimeter (or staff), answers it."""

    decision = models.OneToOneField(
        Decision,
        verbose_name="décision contestée",
        on_delete=models.PROTECT,
        related_name="recours",
    )
    texte = models.TextField("arguments", max_length=3000)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="déposé par",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField("déposé le", default=timezone.now)
    decided_at = models.DateTimeField("tranché le", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="tranché par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    accepte = models.BooleanField("accepté", null=True, blank=True)
    reponse = models.TextField("réponse", blank=True, max_length=3000)
    # Set once the catalyseurs who may decide were emailed (the task can run twice).
    notified_at = models.DateTimeField("catalyseurs prévenus le", null=True, blank=True)

    class Meta:
        verbose_name = "recours"
        verbose_name_plural = "recours"
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Recours sur {self.decision}"


def _forget_deleted_item(sender, instance, **kwargs):
    """A deleted item leaves the queue and the open reports (the history of decisions stays: it
    is append-only). A receiver rather than a line in each delete path, because items also
    disappear by cascade (an organisation takes its offres with it) and from the admin's bulk
    delete, which no service sees."""
    nature = registry.kind_of(sender).nature
    Soumission.objects.filter(nature=nature, object_id=instance.pk).delete()
    Signalement.objects.filter(nature=nature, object_id=instance.pk).delete()


def _connect_forget(kind: registry.Kind) -> None:
    models.signals.post_delete.connect(
        _forget_deleted_item,
        sender=kind.model,
        dispatch_uid=f"moderation_forget_{kind.nature}",
    )


registry.on_register(_connect_forget)


def _remember_moderator(sender, request, user, **kwargs):
    """Whether the header shows the « Modération » link, read once at login and kept in the
    session, so that pages pay no query for it. The moderation pages refresh it (an
    appointment made during the session shows there); they check access on every request
    anyway."""
    if request is not None and hasattr(request, "session"):
        request.session["moderation"] = bool(
            user.is_staff or Catalyseur.objects.actifs().filter(user=user).exists()
        )


user_logged_in.connect(_remember_moderator, dispatch_uid="moderation_remember_moderator")
