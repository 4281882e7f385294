"""Reports (signalements): anyone reports a published item to the catalyseurs of its place;
enough verified reports hide it until a catalyseur decides."""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone

from moderation.models import Signalement, Statut
from moderation.permissions import can_moderate
from moderation.workflow import nature_of, place_of, signalements_close, title_of, transition

# Signalements --------------------------------------------------------------------------------
# Three people with a verified account reporting a published item hide it until a catalyseur
# decides. Visitors' and unverified accounts' reports reach the queue but never hide anything:
# creating addresses or accounts costs nothing, verifying an email costs a little.
SIGNALEMENTS_POUR_MASQUER = 3
# Once a catalyseur kept an item after reports, new reports within this delay go to the queue
# without hiding it again (the same people cannot take it down at once).
REPIT_APRES_MAINTIEN = timedelta(days=30)
# A few reports an hour per address (and per account) is plenty for honest use.
SIGNALEMENTS_PAR_HEURE = 5


class TropDeSignalements(ValidationError):
    pass


def _empreinte(user, adresse: str) -> str:
    """One reporter: their account, or a keyed hash of the visitor's address (the address
    itself is not kept)."""
    if user is not None and user.is_authenticated:
        return f"u{user.pk}"
    return "ip" + _hash(adresse)


def _hash(adresse: str) -> str:
    return hashlib.sha256(f"{settings.SECRET_KEY}:{adresse}".encode()).hexdigest()[:40]


def _count_one(key: str) -> int:
    """Atomic counter that lives one hour from its first use (`add` then `incr`: two reporters
    at once both count, which `get` then `set` would lose)."""
    cache.add(key, 0, 3600)
    try:
        return cache.incr(key)
    except ValueError:  # expired between the two calls
        cache.add(key, 1, 3600)
        return 1


def signalements_rate_check(*, user, adresse: str) -> None:
    """Count one report for the sender's address, and for their account when signed in;
    raise TropDeSignalements past the hourly limit of either. Counting by address for signed-in
    people too means that several accounts on one machine share one allowance."""
    keys = [f"signalements:ip:{_hash(adresse)}"]
    if user is not None and user.is_authenticated:
        keys.append(f"signalements:u:{user.pk}")
    counts = [_count_one(key) for key in keys]
    if max(counts) > SIGNALEMENTS_PAR_HEURE:
        raise TropDeSignalements(
            "Vous avez envoyé beaucoup de signalements en peu de temps : réessayez dans une heure.",
            code="trop_de_signalements",
        )


def _verified_reporters(nature: str, object_id: int) -> int:
    from allauth.account.models import EmailAddress

    return (
        Signalement.objects.ouverts()
        .filter(
            nature=nature,
            object_id=object_id,
            user__in=EmailAddress.objects.filter(verified=True).values("user"),
        )
        .values("user")
        .distinct()
        .count()
    )


@transaction.atomic
def signalement_create(
    *, item: models.Model, user, adresse: str, motif: str, texte: str = ""
) -> Signalement:
    """Report a published item (`adresse`: the sender's IP address, see
    `comptes.http.client_ip`). Raises TropDeSignalements past the hourly limit. The same
    person reporting again while their first report is open changes nothing; the third distinct
    verified account hides the item, unless a catalyseur kept it recently."""
    if item.statut != Statut.PUBLIEE:
        raise ValidationError("Seul un contenu publié peut être signalé.", code="non_publie")
    signalements_rate_check(user=user, adresse=adresse)
    # Reports on one item are served one at a time: the same person twice at once makes one
    # report, and the third reporter is counted exactly once.
    type(item).objects.select_for_update().filter(pk=item.pk).first()
    nature = nature_of(item)
    empreinte = _empreinte(user, adresse)
    existing = Signalement.objects.ouverts().filter(
        nature=nature, object_id=item.pk, empreinte=empreinte
    )
    signalement = existing.first()
    if signalement is None:
        signalement = Signalement.objects.create(
            nature=nature,
            object_id=item.pk,
            titre=title_of(item)[:200],
            motif=motif,
            texte=texte.strip(),
            user=user if user is not None and user.is_authenticated else None,
            empreinte=empreinte,
            **place_of(item),
        )
    people = _verified_reporters(nature, item.pk)
    kept_recently = Signalement.objects.filter(
        nature=nature,
        object_id=item.pk,
        issue=Signalement.Issue.MAINTENU,
        closed_at__gte=timezone.now() - REPIT_APRES_MAINTIEN,
    ).exists()
    if people >= SIGNALEMENTS_POUR_MASQUER and not kept_recently:
        transition(
            item,
            to=Statut.EN_ATTENTE,
            by=None,
            motif="signalements",
            texte=f"{people} personnes ont signalé ce contenu.",
            par_signalements=True,
        )
    return signalement


@transaction.atomic
def signalements_keep(item: models.Model, *, by) -> int:
    """A moderator read the reports on a published item and keeps it as it is."""
    if not can_moderate(by, item):
        raise PermissionDenied
    return signalements_close(item, by=by, issue=Signalement.Issue.MAINTENU)
