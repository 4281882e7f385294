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


def can_decide_recours(user, recours: Recours, item: models.Model) -> bool:
    """Never the author of the contested decision, nor once the item moved on since it; staff,
    or a catalyseur of a wider perimeter than the author's (the author's rank is read now: a
    removed catalyseur counts for none)."""
    if not _recours_open_to(user, recours, item):
        return False
    if not can_moderate(user, item):
        return False
    decision = recours.decision
    author_rank = rank(decision.by, item) if decision.by else 0
    return user.is_staff or rank(user, item) > author_rank


def _recours_open_to(user, recours: Recours, item: models.Model) -> bool:
    decision = recours.decision
    return (
        recours.decided_at is None
        and decision.by_id != user.pk
        # The item moved on since the contested decision (resubmitted, published again…).
        and item.statut == decision.vers
    )


def recours_to_decide(user, rows: list[tuple]) -> list[Recours]:
    """The open appeals this user may decide (the rule of `can_decide_recours`), oldest first,
    in a constant number of queries whatever their number: the appeals scoped in SQL, their
    items (one query per kind, already filtered by `moderated_by`), and the authors'
    appointments. Each appeal gets its item as `recours.item`."""
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
    mine = None if user.is_staff else rows
    result = []
    for recours in pending:
        decision = recours.decision
        item = items.get((decision.nature, decision.object_id))
        if item is None or not _recours_open_to(user, recours, item):
            continue
        author = decision.by
        author_rank = rank(author, item, authors.get(author.pk, [])) if author else 0
        if user.is_staff or rank(user, item, mine) > author_rank:
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
    """The active catalyseurs who may decide this appeal (`can_decide_recours`); staff when
    none can."""
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
    candidates = User.objects.filter(
        is_active=True,
        pk__in=Catalyseur.objects.actifs().filter(covering).values("user"),
    ).order_by("pk")
    deciders = [user for user in candidates if can_decide_recours(user, recours, item)]
    if deciders:
        return deciders
    return list(
        User.objects.filter(is_active=True, is_staff=True).exclude(pk=recours.decision.by_id)
    )


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
    """Accepting publishes the item; either way the members receive the answer."""
    item = model_of(recours.decision.nature).objects.get(pk=recours.decision.object_id)
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
