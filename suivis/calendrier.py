"""When an alliance's follow-ups fall due: 3, 6 and 12 months after its start, then every year
(24, 36… months) while it runs. Pure date arithmetic, shared by the beat job, the pages and the
permissions, so that they never disagree.

The start is the alliance's `date_debut`, or the day it was first published when it has none.
A follow-up of rang r is due on start + r months; it stays open (answered, then corrected)
until the next rang falls due."""

import calendar
from datetime import date

from django.utils import timezone

PREMIERS_RANGS = (3, 6, 12)
# Yearly after the first year.
ANNEE = 12
# The partnership evaluation opens with the 12-month follow-up.
RANG_EVALUATION = 12


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it has none (31 → 30)."""
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def next_rang(rang: int) -> int:
    for premier in PREMIERS_RANGS:
        if premier > rang:
            return premier
    return rang + ANNEE


def echeance(debut: date, rang: int) -> date:
    return add_months(debut, rang)


def start_of(alliance) -> date | None:
    """The day the follow-ups count from, or None (an alliance never published and undated)."""
    if alliance.date_debut is not None:
        return alliance.date_debut
    if alliance.published_at is not None:
        return timezone.localdate(alliance.published_at)
    return None


def current_rang(debut: date, today: date) -> int | None:
    """The latest rang due on `today` (None before the first, three months after the start)."""
    rang, courant = PREMIERS_RANGS[0], None
    while echeance(debut, rang) <= today:
        courant, rang = rang, next_rang(rang)
    return courant


def published_today(alliance, today: date) -> bool:
    return alliance.published_at is not None and timezone.localdate(alliance.published_at) >= today


def may_have_suivis(alliance, today: date) -> bool:
    """Whether the alliance can have follow-ups at all, read from its own row (no query): it
    was published before today (the daily job never asks on the day an alliance appears) and
    its first follow-up is due. The alliance's page reads its follow-ups only then."""
    debut = start_of(alliance)
    if debut is None or published_today(alliance, today):
        return False
    if alliance.published_at is None and alliance.statut != "publiee":
        return False
    return echeance(debut, PREMIERS_RANGS[0]) <= today


def evaluation_opens_on(alliance) -> date | None:
    debut = start_of(alliance)
    return None if debut is None else echeance(debut, RANG_EVALUATION)


def evaluation_is_open(alliance, today: date | None = None) -> bool:
    opens = evaluation_opens_on(alliance)
    return opens is not None and opens <= (today or timezone.localdate())
