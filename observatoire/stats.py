"""The platform's own figures, published on /stats/ as beta.gouv products do: accounts,
organisations, offres, mises en relation and what became of them, conventions, follow-ups and
moderation, month by month over the last twelve months (Europe/Paris).

Every read is one grouped query whatever the volume: the page issues the same number of
queries on an empty database and at national scale. The alliance figures are the
observatoire's (observatoire.chiffres) and the moderation figures those of the public page
/moderation/chiffres/ (moderation.chiffres): this module reads neither a second time.
"""

import statistics
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from django.core.cache import cache
from django.db import connection
from django.db.models import (
    Aggregate,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    OuterRef,
    Q,
    Sum,
)
from django.db.models.functions import TruncMonth
from django.utils import timezone

from comptes.models import User
from conventions.models import Convention
from moderation.chiffres import figures_compute, public_figures
from observatoire.chiffres import Ligne
from observatoire.models import ChiffreOrganisation, ObservatoireMiseAJour
from offres.models import MiseEnRelation, Offre
from organisations.models import Organisation
from suivis.models import ReponseSuivi

PARIS = ZoneInfo("Europe/Paris")
MOIS = 12
SECONDES_PAR_JOUR = 86_400
# The page is public and its figures move slowly: computed at most once in this delay.
STATS_CACHE_SECONDES = 300
STATS_CACHE_CLE = "observatoire:stats"


def mois_glissants(now: datetime | None = None) -> list[date]:
    """The first day of each of the last twelve months in Europe/Paris, the oldest first and
    the current month last (January 2026 gives February 2025 … January 2026)."""
    local = timezone.localtime(now or timezone.now(), PARIS)
    year, month = local.year, local.month
    months = []
    for _ in range(MOIS):
        months.append(date(year, month, 1))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return months[::-1]


def _debut(mois: date) -> datetime:
    """Midnight, Paris time, on the first day of that month."""
    return datetime(mois.year, mois.month, 1, tzinfo=PARIS)


def _fin(mois: list[date]) -> datetime:
    """Midnight, Paris time, on the first day of the month after the last one."""
    last = mois[-1]
    year, month = (last.year + 1, 1) if last.month == 12 else (last.year, last.month + 1)
    return datetime(year, month, 1, tzinfo=PARIS)


def _par_mois(queryset, champ: str, mois: list[date], **comptes) -> dict[date, dict[str, int]]:
    """The rows whose `champ` falls in the months, counted per month in Europe/Paris: one
    grouped query, at most twelve rows back. `comptes` names the counts (`n` by default)."""
    comptes = comptes or {"n": Count("pk")}
    rows = (
        queryset.filter(**{f"{champ}__gte": _debut(mois[0]), f"{champ}__lt": _fin(mois)})
        .annotate(mois=TruncMonth(champ, tzinfo=PARIS))
        .values("mois")
        .annotate(**comptes)
        .order_by()
    )
    result = {m: dict.fromkeys(comptes, 0) for m in mois}
    for row in rows:
        key = date(row["mois"].year, row["mois"].month, 1)
        if key in result:
            result[key] = {name: row[name] for name in comptes}
    return result


class _MedianeSecondes(Aggregate):
    """PostgreSQL's median of a duration, in seconds, computed by the database."""

    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM %(expressions)s))"
    output_field = FloatField()


def mediane_reponse_jours(mois: list[date]) -> tuple[float | None, int]:
    """The median time between sending a mise en relation and its answer, in days, over the
    answers given in these months; and how many answers it rests on. `percentile_cont` on
    PostgreSQL (no row leaves the database); on SQLite the durations sorted in Python, which
    gives the same value (the mean of the two middle ones for an even count). One query."""
    answered = MiseEnRelation.objects.filter(
        sent_at__isnull=False, answered_at__gte=_debut(mois[0]), answered_at__lt=_fin(mois)
    ).order_by()
    if connection.vendor == "postgresql":
        duree = ExpressionWrapper(F("answered_at") - F("sent_at"), output_field=DurationField())
        row = answered.aggregate(mediane=_MedianeSecondes(duree), n=Count("pk"))
        seconds, count = row["mediane"], row["n"]
    else:
        durees = [
            (answered_at - sent_at).total_seconds()
            for sent_at, answered_at in answered.values_list("sent_at", "answered_at")
        ]
        seconds, count = (statistics.median(durees) if durees else None), len(durees)
    return (None if seconds is None else seconds / SECONDES_PAR_JOUR), count


def organisations_par_kind() -> tuple[list[Ligne], datetime | None]:
    """Published organisations per kind, every kind listed (zeros included), from the
    observatoire's summary table and the time it was computed; counted live (one query too)
    on a database the observatoire has never computed."""
    refreshed_at = (
        ObservatoireMiseAJour.objects.filter(pk=1).values_list("refreshed_at", flat=True).first()
    )
    if refreshed_at:
        rows = (
            ChiffreOrganisation.objects.filter(
                dimension=ChiffreOrganisation.Dimension.TOTAL, valeur="", domaine=""
            )
            .values("kind")
            .annotate(n=Sum("nombre"))
            .order_by()
        )
    else:
        rows = Organisation.objects.published().values("kind").annotate(n=Count("pk")).order_by()
    counts = {row["kind"]: row["n"] for row in rows}
    lignes = [Ligne(code, label, counts.get(code, 0)) for code, label in Organisation.Kind.choices]
    return lignes, refreshed_at


@dataclass
class Mois:
    """One month of the tables: what happened in it, Paris time."""

    mois: date
    comptes: int = 0
    # Mises en relation sent this month, and what has become of them since.
    envoyees: int = 0
    repondues: int = 0
    acceptees: int = 0
    alliances: int = 0
    conventions: int = 0
    suivis: int = 0
    decisions: int = 0


@dataclass
class Stats:
    """Everything /stats/ shows."""

    calculees_le: datetime
    mois: list[Mois] = field(default_factory=list)
    comptes_actifs: int = 0
    comptes_verifies: int = 0
    organisations: list[Ligne] = field(default_factory=list)
    organisations_calculees_le: datetime | None = None
    offres_publiees: int = 0
    offres_ouvertes: int = 0
    mediane_reponse_jours: float | None = None
    reponses_mesurees: int = 0
    conventions_validees: int = 0
    suivis_repondus: int = 0
    moderation_decisions: int = 0
    moderation_mediane_heures: float | None = None

    @property
    def organisations_publiees(self) -> int:
        return sum(ligne.nombre for ligne in self.organisations)

    def total(self, nom: str) -> int:
        """The sum of one monthly figure over the twelve months."""
        return sum(getattr(mois, nom) for mois in self.mois)

    @property
    def envoyees(self) -> int:
        return self.total("envoyees")

    @property
    def repondues(self) -> int:
        return self.total("repondues")

    @property
    def acceptees(self) -> int:
        return self.total("acceptees")

    @property
    def alliances(self) -> int:
        return self.total("alliances")

    @property
    def taux_reponse(self) -> int | None:
        """The share of the requests sent over the twelve months that were answered (%)."""
        return round(100 * self.repondues / self.envoyees) if self.envoyees else None


def stats_compute(*, now: datetime | None = None) -> Stats:
    """The figures of /stats/ for the twelve months up to `now`: a fixed number of queries,
    whatever the volume of data. With `now` given, the moderation figures are computed for that
    date; without it, they are those of the public page, from its cache."""
    mois = mois_glissants(now)
    stats = Stats(calculees_le=now or timezone.now())

    verifiee = EmailAddress.objects.filter(user=OuterRef("pk"), verified=True)
    comptes = User.objects.filter(is_active=True, supprime_le__isnull=True).aggregate(
        actifs=Count("pk"), verifies=Count("pk", filter=Q(Exists(verifiee)))
    )
    stats.comptes_actifs, stats.comptes_verifies = comptes["actifs"], comptes["verifies"]
    stats.organisations, stats.organisations_calculees_le = organisations_par_kind()
    offres = Offre.objects.published().aggregate(
        publiees=Count("pk"), ouvertes=Count("pk", filter=Q(etat=Offre.Etat.OUVERTE))
    )
    stats.offres_publiees, stats.offres_ouvertes = offres["publiees"], offres["ouvertes"]
    stats.mediane_reponse_jours, stats.reponses_mesurees = mediane_reponse_jours(mois)
    stats.conventions_validees = Convention.objects.filter(etat=Convention.Etat.VALIDEE).count()
    stats.suivis_repondus = ReponseSuivi.objects.answered().count()

    par_mois = {
        "comptes": _par_mois(User.objects.all(), "date_joined", mois),
        "mises_en_relation": _par_mois(
            MiseEnRelation.objects.all(),
            "sent_at",
            mois,
            envoyees=Count("pk"),
            repondues=Count("pk", filter=Q(answered_at__isnull=False)),
            acceptees=Count("pk", filter=Q(etat=MiseEnRelation.Etat.ACCEPTEE)),
            alliances=Count("pk", filter=Q(alliance_declared_at__isnull=False)),
        ),
        "conventions": _par_mois(
            Convention.objects.filter(etat=Convention.Etat.VALIDEE), "validee_le", mois
        ),
        "suivis": _par_mois(ReponseSuivi.objects.answered(), "answered_at", mois),
    }
    moderation = (
        public_figures("national", None)
        if now is None
        else figures_compute("national", None, now=now)
    )
    decisions = {date(m["mois"].year, m["mois"].month, 1): m["total"] for m in moderation["mois"]}
    stats.moderation_decisions = moderation["total"]
    stats.moderation_mediane_heures = moderation["mediane_heures"]
    stats.mois = [
        Mois(
            mois=m,
            comptes=par_mois["comptes"][m]["n"],
            **par_mois["mises_en_relation"][m],
            conventions=par_mois["conventions"][m]["n"],
            suivis=par_mois["suivis"][m]["n"],
            decisions=decisions.get(m, 0),
        )
        for m in mois
    ]
    return stats


def stats_en_cache() -> Stats:
    """`stats_compute` for now, kept a few minutes. Without Redis the cache backend falls back
    to each process's memory (config/cache.py): the page still answers."""
    stats = cache.get(STATS_CACHE_CLE)
    if stats is None:
        stats = stats_compute()
        cache.set(STATS_CACHE_CLE, stats, STATS_CACHE_SECONDES)
    return stats
