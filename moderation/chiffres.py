"""The moderation figures: the dashboard of a perimeter and the public figures (volumes,
outcomes, waiting times), national and per territory."""

from datetime import timedelta

from django.core.cache import cache
from django.db import connection, models
from django.utils import timezone

from moderation.models import Decision, Signalement, Soumission, Statut, rows_q
from moderation.motifs import MOTIFS
from moderation.workflow import ESCALADE_APRES

# Figures -------------------------------------------------------------------------------------


def median(values: list) -> float | None:
    values = sorted(values)
    if not values:
        return None
    middle = len(values) // 2
    return values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2


class _MedianSeconds(models.Aggregate):
    """PostgreSQL's median of a duration, in seconds, computed by the database."""

    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM %(expressions)s))"
    output_field = models.FloatField()


def median_hours(decisions) -> float | None:
    """The median wait of these decisions, in hours: `percentile_cont` on PostgreSQL (no row
    leaves the database), the waits sorted in Python on SQLite (development and local tests)."""
    decisions = decisions.filter(attente__isnull=False)
    if connection.vendor == "postgresql":
        seconds = decisions.aggregate(m=_MedianSeconds("attente"))["m"]
        return None if seconds is None else seconds / 3600
    return median([d.total_seconds() / 3600 for d in decisions.values_list("attente", flat=True)])


def perimetre_q(niveau: str, code: str | None) -> models.Q:
    """Moderation rows of one perimeter (a niveau and its code), with the same rule as the
    catalyseurs' scope."""
    row = (
        niveau,
        code if niveau == "region" else None,
        code if niveau == "departement" else None,
        code if niveau == "epci" else None,
    )
    return rows_q([row])


def dashboard(niveau: str, code: str | None, *, now=None) -> dict:
    """What a perimeter's catalyseurs watch: pending items, how fast decisions come (median over
    30 days, in hours), items waiting for more than 7 days, open reports."""
    now = now or timezone.now()
    where = perimetre_q(niveau, code)
    waiting = Soumission.objects.filter(where)
    hours = median_hours(
        Decision.objects.moderator_outcomes().filter(
            where, created_at__gte=now - timedelta(days=30)
        )
    )
    return {
        "en_attente": waiting.count(),
        "en_retard": waiting.filter(submitted_at__lt=now - ESCALADE_APRES).count(),
        "mediane_heures": hours,
        "signalements": Signalement.objects.ouverts()
        .filter(where)
        .values("nature", "object_id")
        .distinct()
        .count(),
    }


# The public figures are read by anyone: computed at most once per territory in this delay.
CHIFFRES_CACHE_SECONDES = 300


def public_figures(niveau: str, code: str | None) -> dict:
    """`figures_compute` for now, cached a few minutes per territory."""
    key = f"moderation:chiffres:{niveau}:{code or ''}"
    figures = cache.get(key)
    if figures is None:
        figures = figures_compute(niveau, code)
        cache.set(key, figures, CHIFFRES_CACHE_SECONDES)
    return figures


def figures_compute(niveau: str, code: str | None, *, now=None) -> dict:
    """The public moderation figures of a territory over the last 12 months: decisions per
    month (unpublications included), median time to decision (hours), share of each reason."""
    from django.db.models import Count
    from django.db.models.functions import TruncMonth

    now = now or timezone.now()
    decisions = Decision.objects.moderator_outcomes().filter(
        perimetre_q(niveau, code), created_at__gte=now - timedelta(days=365)
    )
    per_month = list(
        decisions.annotate(mois=TruncMonth("created_at"))
        .values("mois", "vers")
        .annotate(n=Count("pk"))
        .order_by("mois", "vers")
    )
    months: dict = {}
    for row in per_month:
        month = months.setdefault(
            row["mois"],
            {"mois": row["mois"], "total": 0, **dict.fromkeys(Statut.values, 0)},
        )
        month[row["vers"]] = row["n"]
        month["total"] += row["n"]
    reasons = list(
        decisions.exclude(motif="").values("motif").annotate(n=Count("pk")).order_by("-n")
    )
    total_reasons = sum(row["n"] for row in reasons)
    return {
        "mois": list(months.values()),
        "total": sum(month["total"] for month in months.values()),
        "mediane_heures": median_hours(decisions),
        "motifs": [
            {
                "motif": MOTIFS.get(row["motif"]),
                "code": row["motif"],
                "n": row["n"],
                "part": round(100 * row["n"] / total_reasons),
            }
            for row in reasons
        ],
    }
