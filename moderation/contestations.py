"""Recours: the members of an item contest a refusal or an unpublication, once per decision,
and someone wider than the decision's author (or staff) decides."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from comptes.email import one_line
from moderation import registry
from moderation.models import Catalyseur, Decision, Recours, Signalement, Statut
from moderation.permissions import can_contest, can_moderate
from moderation.workflow import (
    member_emails,
    model_of,
    nature_of,
    place_of,
    signalements_close,
    transition,
)

# Recours -------------------------------------------------------------------------------------
# How wide a perimeter is: an appeal goes to someone wider than the author of the decision.
RANGS = {"epci": 1, "departement": 2, "region": 3, "national": 4}
RANG_EQUIPE = 5


def covers(row: tuple, place: dict) -> bool:
    """Whether an appointment (niveau, region, departement, epci) holds this place."""
    niveau, *codes = row
    if niveau == "national":
        return True
    if place["national"]:
        return False
    index = {"region": 0, "departement": 1, "epci": 2}[niveau]
    return codes[index] == place[f"{niveau}_id"]


def _appointments(user_ids) -> dict[int, list[tuple]]:
    """The active appointments of these users, as `perimeter_rows` gives them, in one query."""
    rows: dict[int, list[tuple]] = {}
    for user_id, *row in (
        Catalyseur.objects.actifs()
        .filter(user__in=user_ids)
        .values_list("user_id", "niveau", "region_id", "departement_id", "epci_id")
    ):
        rows.setdefault(user_id, []).append(tuple(row))
    return rows


def rank(user, item: models.Model, appointments: list[tuple] | None = None) -> int:
    """The widest perimeter from which the user moderates the item (0: none). One query unless
    the user's `appointments` are given."""
    if user.is_staff:
        return RANG_EQUIPE
    if appointments is None:
        appointments = _appointments([user.pk]).get(user.pk, [])
    place = place_of(item)
    return max((RANGS[row[0]] for row in appointments if covers(row, place)), default=0)


def author_rank(decision: Decision, item: models.Model, appointments: list[tuple]) -> int:
    """The rank an appeal against this decision must exceed. Staff decisions count as a
    région's, so that a national catalyseur (or another staff member) decides their appeal; a
    removed catalyseur counts for none (their appointments are read now)."""
    if decision.by is None:
        return 0
    if decision.by.is_staff:
        return RANGS["region"]
    return rank(decision.by, item, appointments)


def may_decide(user, recours: Recours, item: models.Model, *, mine, authors) -> bool:
    """The one rule of who decides an appeal, used by the permission, the list of appeals
    waiting for a user and the notification: never the author of the contested decision, nor
    once the item moved on since it; staff, or a catalyseur of a wider perimeter than the
    author's. `mine` and `authors` are the appointments of the user and of the decisions'
    authors (by user id), read beforehand so that lists cost a constant number of queries.
    The caller has checked that the user moderates the item (`moderated_by`: perimeter, no
    conflict of interest)."""
    if not _recours_open_to(user, recours, item):
        return False
    decision = recours.decision
    threshold = author_rank(decision, item, authors.get(decision.by_id, []))
    return rank(user, item, mine) > threshold


def can_decide_recours(user, recours: Recours, item: models.Model) -> bool:
    """Whether this user may decide this appeal (`may_decide`)."""
    if not can_moderate(user, item):
        return False
    ids = {user.pk, recours.decision.by_id} - {None}
    appointments = _appointments(ids)
    return may_decide(user, recours, item, mine=appointments.get(user.pk, []), authors=appointments)


def _recours_open_to(user, recours: Recours, item: models.Model) -> bool:
    decision = recours.decision
    return (
        recours.decided_at is None
        and decision.by_id != user.pk
        # The item moved on since the contested decision (resubmitted, published again…).
        and item.statut == decision.vers
    )


def recours_to_decide(user, rows: list[tuple]) -> list[Recours]:
    """The open appeals this user may decide (`may_decide`), oldest first, in a constant
    number of queries whatever their number: the appeals scoped in SQL, their items (one
    query per kind, already filtered by `moderated_by`), and the authors' appointments. Each
    appeal gets its item as `recours.item`."""
    pending = list(
        Recours.objects.filter(
            decided_at__isnull=True, decision__in=Decision.objects.moderated_by(user, rows)
        )
        .exclude(decision__by=user)
        .select_related("decision", "decision__by")
        .order_by("created_at", "pk")
    )
    if not pending:
        return []
    items: dict[tuple, models.Model] = {}
    for nature in {r.decision.nature for r in pending}:
        ids = [r.decision.object_id for r in pending if r.decision.nature == nature]
        kind = registry.kind_named(nature)
        scope = kind.model.objects.moderated_by(user, rows).filter(pk__in=ids)
        for item in scope.select_related(*kind.place_related):
            items[(nature, item.pk)] = item
    authors = _appointments({r.decision.by_id for r in pending if r.decision.by_id})
    result = []
    for recours in pending:
        decision = recours.decision
        item = items.get((decision.nature, decision.object_id))
        if item is not None and may_decide(user, recours, item, mine=rows, authors=authors):
            recours.item = item
            result.append(recours)
    return result


@transaction.atomic
def recours_create(*, by, item: models.Model, texte: str) -> Recours:
    """The item's members contest its latest refusal or unpublication, once (the rule of
    `permissions.can_contest`, with a message for each way it fails). The catalyseurs who may
    decide the appeal are emailed."""
    if not registry.kind_of(item).members(item).filter(pk=by.pk).exists():
        raise PermissionDenied
    # Two appeals sent at once: the second waits, then finds the first (one per decision).
    type(item).objects.select_for_update().filter(pk=item.pk).first()
    if not can_contest(by, item):
        latest = Decision.objects.of_item(nature_of(item), item.pk).first()
        if latest is not None and Recours.objects.filter(decision=latest).exists():
            raise ValidationError("Cette décision a déjà été contestée.", code="deja_conteste")
        raise ValidationError(
            "Seul un refus ou une dépublication encore en vigueur se conteste.",
            code="non_contestable",
        )
    latest = Decision.objects.of_item(nature_of(item), item.pk).first()
    recours = Recours.objects.create(decision=latest, texte=texte.strip(), by=by)
    # In this transaction: the emails enter the outbox with the appeal, or neither does.
    recours_notify(recours_id=recours.pk)
    return recours


def recours_deciders(recours: Recours, item: models.Model) -> list:
    """Who is called on to decide this appeal, all of whom may (`may_decide`): the active
    catalyseurs wider than the decision's author who moderate the item; staff other than
    the author when there is none. Staff may decide every appeal, but are only emailed
    when no catalyseur can."""
    from django.contrib.auth import get_user_model

    place = place_of(item)
    covering = models.Q(niveau=Catalyseur.Niveau.NATIONAL)
    if not place["national"]:
        covering |= (
            models.Q(niveau=Catalyseur.Niveau.REGION, region_id=place["region_id"])
            | models.Q(niveau=Catalyseur.Niveau.DEPARTEMENT, departement_id=place["departement_id"])
            | models.Q(niveau=Catalyseur.Niveau.EPCI, epci_id=place["epci_id"])
        )
    User = get_user_model()
    active = User.objects.filter(is_active=True).order_by("pk")
    catalyseurs = list(
        active.filter(
            is_staff=False, pk__in=Catalyseur.objects.actifs().filter(covering).values("user")
        )
    )
    appointments = _appointments({u.pk for u in catalyseurs} | {recours.decision.by_id} - {None})
    deciders = [
        user
        for user in catalyseurs
        if may_decide(user, recours, item, mine=appointments.get(user.pk, []), authors=appointments)
        and can_moderate(user, item)
    ]
    if deciders:
        return deciders
    return [
        user
        for user in active.filter(is_staff=True)
        if may_decide(user, recours, item, mine=[], authors=appointments)
        and can_moderate(user, item)
    ]


def recours_notify(*, recours_id: int) -> int:
    """Email an appeal to those who may decide it, once; returns how many were emailed."""
    with transaction.atomic():
        recours = (
            Recours.objects.select_for_update(of=("self",))
            .select_related("decision", "decision__by")
            .filter(pk=recours_id, notified_at__isnull=True, decided_at__isnull=True)
            .first()
        )
        if recours is None:
            return 0
        item = (
            model_of(recours.decision.nature).objects.filter(pk=recours.decision.object_id).first()
        )
        recours.notified_at = timezone.now()
        recours.save(update_fields=["notified_at"])
        if item is None:
            return 0
        recipients = sorted({user.email for user in recours_deciders(recours, item)})
        if not recipients:
            return 0
        body = render_to_string(
            "moderation/emails/recours_depose.txt",
            {"recours": recours, "site_url": settings.SITE_URL},
        )
        subject = one_line(f"Modération : recours à trancher sur « {recours.decision.titre} »")
        send_mail(subject, body, None, recipients)
    return len(recipients)


@transaction.atomic
def recours_decide(*, by, recours: Recours, accepte: bool, reponse: str) -> Recours:
    """Accepting publishes the item; either way the members receive the answer. The appeal's
    row is locked and read again: of two people deciding at once, the second finds it decided
    (a ValidationError that says so). The item is locked before the appeal, in the order that
    a resubmission or a report takes them (transition), so that the two never deadlock."""
    decision = recours.decision  # a decision never changes: read without a lock
    item = model_of(decision.nature).objects.select_for_update().get(pk=decision.object_id)
    recours = (
        Recours.objects.select_for_update(of=("self",))
        .select_related("decision", "decision__by")
        .get(pk=recours.pk)
    )
    if recours.decided_at is not None:
        raise ValidationError(
            "Ce recours vient d'être tranché par une autre personne.", code="deja_tranche"
        )
    if not can_decide_recours(by, recours, item):
        raise PermissionDenied
    recours.decided_at = timezone.now()
    recours.decided_by = by
    recours.accepte = accepte
    recours.reponse = reponse.strip()
    recours.save()
    if accepte:
        transition(item, to=Statut.PUBLIEE, by=by, texte="Recours accepté.", par_recours=True)
        signalements_close(item, by=by, issue=Signalement.Issue.MAINTENU)
    recipients = member_emails(item)
    body = render_to_string(
        "moderation/emails/recours.txt",
        {"recours": recours, "site_url": settings.SITE_URL},
    )
    send_mail(one_line(f"Votre recours sur « {recours.decision.titre} »"), body, None, recipients)
    return recours
