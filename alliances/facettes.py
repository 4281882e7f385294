"""The alliance search's total and facet counts at national scale, from `FacetteAlliance`,
and its map without filters, from `CelluleCarte`.

Counting how many of 1.2 million alliances each filter value would give takes seconds, six
times per search page. Most searches, though, combine only filters with few values (typologie,
domaine, ODD, état, kind of partner, région, département): `refresh` groups the published
alliances once by all of them (a Celery task, every half hour), and a search then sums
at most a few thousand of those rows per count.

A text, a place or dates are not in the summary. Such a search first selects the alliances
they allow, the other filters aside (`candidats`): when there are at most
`settings.RECHERCHE_COMPTAGES_PLAFOND` of them, its total and facets are counted over that
list in Python (`total_of`, `facets_of`), with the same rules as the summary; above, the page
says so, shows no facet counts and sorts a text by date, since ranking hundreds of thousands
of matches by relevance also takes seconds.

All this applies from `settings.RECHERCHE_COMPTAGES_A_PARTIR_DE` published alliances on (as of
the last rewrite): on a smaller platform, live counts in SQL are exact and fast enough, and
never lag. alliances.filters.AllianceFilter decides which way a search is counted.

Who counts is what the search shows: published alliances; a kind of partner only through a
confirmed participation.
"""

import time
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, QuerySet, Sum
from django.db.models.lookups import GreaterThan
from django.utils import timezone

from alliances.models import (
    MAP_DETAIL_ZOOM,
    Alliance,
    CelluleCarte,
    FacetteAlliance,
    FacettesMiseAJour,
    Participation,
    map_cell_size,
)
from moderation.models import Statut
from organisations.models import Organisation

# One bit per kind of organisation in FacetteAlliance.partenaires.
KIND_BITS = {kind: 1 << position for position, kind in enumerate(Organisation.Kind.values)}


# Refresh

# The PostgreSQL advisory lock that keeps two rewrites apart: any number, unique in this project.
REFRESH_LOCK = 4_001

# Rows are written layer by layer, and by domaine and ODD within a layer, so that the rows one
# read sums sit side by side on disk.
LAYER_ORDER = "ORDER BY domaine_id IS NOT NULL, odd_id IS NOT NULL, domaine_id, odd_id"


def _refresh_sql() -> tuple[str, list]:
    """One INSERT … SELECT that writes the four layers (see FacetteAlliance), the same on
    PostgreSQL and SQLite (the typed NULLs let PostgreSQL match the UNION's columns). A partner
    kind's bit is summed once per alliance (SUM DISTINCT of distinct powers of two is their
    bitwise OR)."""
    domaines = Alliance.domaines.through._meta
    odd = Alliance.odd.through._meta
    tables = {
        "facette": FacetteAlliance._meta.db_table,
        "alliance": Alliance._meta.db_table,
        "participation": Participation._meta.db_table,
        "organisation": Organisation._meta.db_table,
        "domaines": domaines.db_table,
        "domaines_alliance": domaines.get_field("alliance").column,
        "domaine": domaines.get_field("domaine").column,
        "odd": odd.db_table,
        "odd_alliance": odd.get_field("alliance").column,
        "numero": odd.get_field("odd").column,
    }
    bits = " ".join(f"WHEN %s THEN {bit}" for bit in KIND_BITS.values())
    columns = "a.typologie, a.etat, a.region, a.departement, a.partenaires"
    sql = """
        WITH masques AS (
            SELECT p.alliance_id, SUM(DISTINCT CASE o.kind {bits} ELSE 0 END) AS partenaires
            FROM {participation} p JOIN {organisation} o ON o.id = p.organisation_id
            WHERE p.etat = %s
            GROUP BY p.alliance_id
        ),
        publiees AS (
            SELECT a.id, a.typologie, a.etat, a.region_id AS region,
                a.departement_id AS departement, COALESCE(m.partenaires, 0) AS partenaires
            FROM {alliance} a LEFT JOIN masques m ON m.alliance_id = a.id
            WHERE a.statut = %s
        )
        INSERT INTO {facette} (
            typologie, etat, region_id, departement_id, partenaires, domaine_id, odd_id, nombre,
            par_departement
        )
        SELECT *, TRUE FROM (
        SELECT {columns}, CAST(NULL AS VARCHAR(30)) AS domaine_id,
            CAST(NULL AS SMALLINT) AS odd_id, COUNT(*) AS nombre
        FROM publiees a
        GROUP BY {columns}
        UNION ALL
        SELECT {columns}, d.{domaine}, CAST(NULL AS SMALLINT), COUNT(*)
        FROM publiees a JOIN {domaines} d ON d.{domaines_alliance} = a.id
        GROUP BY {columns}, d.{domaine}
        UNION ALL
        SELECT {columns}, CAST(NULL AS VARCHAR(30)), o.{numero}, COUNT(*)
        FROM publiees a JOIN {odd} o ON o.{odd_alliance} = a.id
        GROUP BY {columns}, o.{numero}
        UNION ALL
        SELECT {columns}, d.{domaine}, o.{numero}, COUNT(*)
        FROM publiees a
            JOIN {domaines} d ON d.{domaines_alliance} = a.id
            JOIN {odd} o ON o.{odd_alliance} = a.id
        GROUP BY {columns}, d.{domaine}, o.{numero}
        ) AS par_departement
        {ORDER}
    """.format(bits=bits, columns=columns, ORDER=LAYER_ORDER, **tables)
    params = [*KIND_BITS, Participation.Etat.CONFIRMEE, Statut.PUBLIEE]
    return sql, params


def _regions_sql() -> str:
    """The rows per département summed per région: what searches without a département read."""
    columns = "typologie, etat, region_id, partenaires, domaine_id, odd_id"
    return f"""
        INSERT INTO {FacetteAlliance._meta.db_table} ({columns}, nombre, par_departement)
        SELECT {columns}, SUM(nombre), FALSE
        FROM {FacetteAlliance._meta.db_table}
        WHERE par_departement
        GROUP BY {columns}
        {LAYER_ORDER}
    """


def _cellules_sql(zoom: int) -> tuple[str, list]:
    """The map's cells at one zoom, grouped like AllianceQuerySet.map_points."""
    table = Alliance._meta.db_table
    return (
        f"""
        INSERT INTO {CelluleCarte._meta.db_table}
            (zoom, cx, cy, nombre, latitude, longitude, slug, titre)
        SELECT %s, FLOOR(longitude / %s), FLOOR(latitude / %s), COUNT(*), AVG(latitude),
            AVG(longitude), MIN(slug), MIN(titre)
        FROM {table}
        WHERE statut = %s AND latitude IS NOT NULL AND longitude IS NOT NULL
        GROUP BY FLOOR(longitude / %s), FLOOR(latitude / %s)
        """,
        [zoom, *[map_cell_size(zoom)] * 2, Statut.PUBLIEE, *[map_cell_size(zoom)] * 2],
    )


def refresh() -> FacettesMiseAJour:
    """Rewrite FacetteAlliance from the published alliances. Idempotent; searches keep reading
    the previous counts until the transaction commits."""
    started = time.perf_counter()
    sql, params = _refresh_sql()
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One rewrite at a time (the Celery task, a redelivery, the command by hand): two
            # at once would each delete the rows they see, then both insert theirs.
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [REFRESH_LOCK])
            # A million groups: hashed in memory rather than spilled to disk, for this
            # transaction only.
            cursor.execute("SET LOCAL work_mem = '256MB'")
        FacetteAlliance.objects.all().delete()
        cursor.execute(sql, params)
        cursor.execute(_regions_sql())
        CelluleCarte.objects.all().delete()
        for zoom in range(MAP_DETAIL_ZOOM):
            cursor.execute(*_cellules_sql(zoom))
        alliances = _rows({}).aggregate(n=Sum("nombre"))["n"] or 0
        FacettesMiseAJour.objects.update_or_create(
            pk=1,
            defaults={
                "refreshed_at": timezone.now(),
                "duree_ms": int((time.perf_counter() - started) * 1000),
                "alliances": alliances,
            },
        )
    if connection.vendor == "postgresql" and connection.get_autocommit():
        # Fresh statistics, so that reads pick the level and layer indexes; the previous rows'
        # space is freed for the next rewrite, which then fills it in the same order.
        with connection.cursor() as cursor:
            for model in (FacetteAlliance, CelluleCarte):
                cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")
    return FacettesMiseAJour.objects.get(pk=1)


# Reads


def in_use() -> FacettesMiseAJour | None:
    """The summary's last rewrite, when searches should read it (see the module's docstring)."""
    mise_a_jour = FacettesMiseAJour.objects.filter(pk=1).first()
    if mise_a_jour and mise_a_jour.alliances >= settings.RECHERCHE_COMPTAGES_A_PARTIR_DE:
        return mise_a_jour
    return None


def _has_kind(kind: str) -> GreaterThan:
    return GreaterThan(F("partenaires").bitand(KIND_BITS[kind]), 0)


def _rows(criteres: dict, *, grouped_by: str | None = None) -> QuerySet:
    """The summary's rows under `criteres` ({column: value}): per département when they name
    one, per région otherwise; from the layer that holds the domaines and ODD they filter or
    are grouped by."""
    rows = FacetteAlliance.objects.order_by().filter(
        par_departement="departement" in criteres,
        domaine__isnull="domaine" not in criteres and grouped_by != "domaine",
        odd__isnull="odd" not in criteres and grouped_by != "odd",
    )
    for name, value in criteres.items():
        if name == "partenaire":
            rows = rows.filter(_has_kind(value))
        else:
            rows = rows.filter(**{name: value})
    return rows


def total(criteres: dict) -> int:
    """The number of published alliances under `criteres`."""
    return _rows(criteres).aggregate(n=Sum("nombre"))["n"] or 0


def facets(criteres: dict, names) -> dict[str, dict[str, int]]:
    """For each facet in `names`, {value: number of alliances} under the criteres of the other
    filters: the same numbers as FacetedFilterSet._count_facets, values with none left out."""
    counts = {}
    for name in names:
        others = {key: value for key, value in criteres.items() if key != name}
        rows = _rows(others, grouped_by=name)
        if name == "partenaire":
            sums = rows.aggregate(
                **{kind: Sum("nombre", filter=_has_kind(kind)) for kind in KIND_BITS}
            )
            counts[name] = {kind: n for kind, n in sums.items() if n}
        else:
            grouped = rows.values(name).annotate(n=Sum("nombre"))
            counts[name] = {
                str(row[name]): row["n"] for row in grouped if row[name] is not None and row["n"]
            }
    return counts


def cellules(*, zoom: int, columns: range, rows: range) -> list[dict]:
    """The map's points for a view without filters, from CelluleCarte: the cells of these
    columns and rows of the grid at this zoom."""
    found = CelluleCarte.objects.filter(
        zoom=zoom,
        cx__gte=columns.start,
        cx__lt=columns.stop,
        cy__gte=rows.start,
        cy__lt=rows.stop,
    )
    return [
        {"n": n, "lat": lat, "lon": lon, "slug": slug, "titre": titre}
        for n, lat, lon, slug, titre in found.values_list(
            "nombre", "latitude", "longitude", "slug", "titre"
        )
    ]


# Searches with a text, a place or dates, at national scale


@dataclass(frozen=True)
class Candidat:
    """What the facets need of one alliance: its values for each filter the summary holds
    (domaines, ODD and kinds of confirmed partners are sets)."""

    typologie: str
    etat: str
    region: str | None
    departement: str | None
    domaine: frozenset[str]
    odd: frozenset[str]
    partenaire: frozenset[str]


def _sets(pairs) -> dict[int, frozenset[str]]:
    found = defaultdict(set)
    for alliance_id, value in pairs:
        found[alliance_id].add(str(value))
    return {alliance_id: frozenset(values) for alliance_id, values in found.items()}


def candidats(selected: QuerySet, plafond: int) -> list[Candidat] | None:
    """The alliances of `selected` (a search's text, place and dates) with their filter values,
    or None when there are more than `plafond`: at most five queries, each bounded, where
    counting every facet of a text search in SQL reads the matching rows six times over."""
    rows = list(
        selected.order_by().values_list("pk", "typologie", "etat", "region", "departement")[
            : plafond + 1
        ]
    )
    if len(rows) > plafond:
        return None
    ids = [row[0] for row in rows]
    domaines = _sets(
        Alliance.domaines.through.objects.filter(alliance_id__in=ids)
        .order_by()
        .values_list("alliance_id", "domaine_id")
    )
    odd = _sets(
        Alliance.odd.through.objects.filter(alliance_id__in=ids)
        .order_by()
        .values_list("alliance_id", "odd_id")
    )
    # Partners, then their kinds; order_by() everywhere: the models' default orders would
    # join the organisations and sort by name for nothing.
    partners = list(
        Participation.objects.filter(alliance_id__in=ids, etat=Participation.Etat.CONFIRMEE)
        .order_by()
        .values_list("alliance_id", "organisation_id")
    )
    kind_of = dict(
        Organisation.objects.filter(pk__in={pk for _, pk in partners})
        .order_by()
        .values_list("pk", "kind")
    )
    # An organisation deleted in between has no kind left to count.
    kinds = _sets((alliance_id, kind_of[pk]) for alliance_id, pk in partners if pk in kind_of)
    empty = frozenset()
    return [
        Candidat(
            typologie=typologie,
            etat=etat,
            region=region,
            departement=departement,
            domaine=domaines.get(pk, empty),
            odd=odd.get(pk, empty),
            partenaire=kinds.get(pk, empty),
        )
        for pk, typologie, etat, region, departement in rows
    ]


def _keeps(candidat: Candidat, criteres: dict) -> bool:
    for name, value in criteres.items():
        held = getattr(candidat, name)
        if isinstance(held, frozenset):
            if str(value) not in held:
                return False
        elif held != value:
            return False
    return True


def total_of(candidats: list[Candidat], criteres: dict) -> int:
    """The number of `candidats` under `criteres`: the search's total."""
    return sum(1 for candidat in candidats if _keeps(candidat, criteres))


def facets_of(candidats: list[Candidat], criteres: dict, names) -> dict[str, dict[str, int]]:
    """`facets`, counted over `candidats` instead of the summary."""
    counts = {}
    for name in names:
        others = {key: value for key, value in criteres.items() if key != name}
        counter = Counter()
        for candidat in candidats:
            if _keeps(candidat, others):
                held = getattr(candidat, name)
                counter.update(held if isinstance(held, frozenset) else [held])
        counts[name] = {str(value): n for value, n in counter.items() if value is not None}
    return counts
