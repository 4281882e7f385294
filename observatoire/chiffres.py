"""The observatoire's figures: the refresh that rewrites the summary tables, and the reads that
the pages, the API and the exports share.

Pages never count the alliances themselves: at national scale (1.2 million) that takes seconds.
`observatoire_refresh` groups them once (a Celery task, every hour) into `ChiffreAlliance` and
`ChiffreOrganisation`; every read below sums at most a few thousand of those rows. The same ORM
queries run on PostgreSQL and SQLite.

Who counts: published alliances; published organisations; a partner kind only through a
confirmed participation (as the alliance search's « type de partenaire » filter does).
"""

import hashlib
import time
from dataclasses import dataclass, field
from datetime import date

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils import timezone

from alliances.models import Alliance, Participation
from nomenclatures.models import ODD, Domaine, Typologie
from observatoire.models import ChiffreAlliance, ChiffreOrganisation, ObservatoireMiseAJour
from organisations.models import Organisation
from territoires.models import Departement, Region

BATCH = 5000
PAR_HABITANTS = 10_000
# The kinds of partner the observatoire crosses; others count as « autres structures ».
KINDS_CROISES = ("association", "entreprise", "collectivite")
PREMIERE_ANNEE = 1945
DERNIERE_ANNEE_APRES_AUJOURD_HUI = 10

SLUG = "slug-du-territoire"

# An organisation that signed the version in force of the Charte du faire alliance.
SIGNATAIRE = Q(charte_signee_le__isnull=False)

Dim = ChiffreAlliance.Dimension
DimOrga = ChiffreOrganisation.Dimension


# Refresh


def _partenaires_key(row: dict) -> str:
    """'association+entreprise', 'collectivite', or 'autres' when none of the three took part."""
    kinds = [kind for kind in KINDS_CROISES if row[f"avec_{kind}"]]
    return "+".join(kinds) or "autres"


def _alliance_rows() -> list[ChiffreAlliance]:
    base = Alliance.objects.published().order_by().annotate(annee_debut=ExtractYear("date_debut"))
    for kind in KINDS_CROISES:
        base = base.annotate(
            **{
                f"avec_{kind}": Exists(
                    Participation.objects.filter(
                        alliance=OuterRef("pk"),
                        etat=Participation.Etat.CONFIRMEE,
                        organisation__kind=kind,
                    )
                )
            }
        )
    # dimension → (the fields grouped by, how a row gives the dimension's value)
    dimensions = {
        Dim.TOTAL: ([], lambda row: ""),
        Dim.ETAT: (["etat"], lambda row: row["etat"]),
        Dim.ODD: (["odd"], lambda row: row["odd"]),
        Dim.PARTENAIRES: ([f"avec_{kind}" for kind in KINDS_CROISES], _partenaires_key),
        Dim.REGION: (["region_id"], lambda row: row["region_id"]),
        Dim.DEPARTEMENT: (["departement_id"], lambda row: row["departement_id"]),
    }
    rows = []
    for dimension, (fields, value_of) in dimensions.items():
        # Once over all alliances (domaine ""), once per domaine: an alliance holds each
        # domaine and each ODD once, so a plain count is exact in both.
        for par_domaine in (False, True):
            group = ["typologie", "annee_debut", *fields] + (["domaines"] if par_domaine else [])
            cells: dict[tuple, int] = {}
            for row in base.values(*group).annotate(n=Count("pk")):
                value = value_of(row)
                domaine = row["domaines"] if par_domaine else ""
                if value is None or domaine is None:
                    continue
                key = (str(value), row["typologie"], domaine, row["annee_debut"])
                cells[key] = cells.get(key, 0) + row["n"]
            rows += [
                ChiffreAlliance(
                    dimension=dimension,
                    valeur=valeur,
                    typologie=typologie,
                    domaine=domaine,
                    annee=annee,
                    nombre=n,
                )
                for (valeur, typologie, domaine, annee), n in cells.items()
            ]
    return rows


def _organisation_rows() -> list[ChiffreOrganisation]:
    base = Organisation.objects.published().order_by()
    dimensions = {
        DimOrga.TOTAL: None,
        DimOrga.REGION: "siege__region_id",
        DimOrga.DEPARTEMENT: "siege__departement_id",
    }
    rows = []
    for dimension, path in dimensions.items():
        for par_domaine in (False, True):
            group = ["kind"] + ([path] if path else []) + (["domaines"] if par_domaine else [])
            rows_of_group = base.values(*group).annotate(
                n=Count("pk"), signataires=Count("pk", filter=SIGNATAIRE)
            )
            for row in rows_of_group:
                valeur = row[path] if path else ""
                domaine = row["domaines"] if par_domaine else ""
                if valeur is None or domaine is None:
                    continue
                rows.append(
                    ChiffreOrganisation(
                        dimension=dimension,
                        valeur=valeur,
                        kind=row["kind"],
                        domaine=domaine,
                        nombre=row["n"],
                        signataires=row["signataires"],
                    )
                )
    return rows


def observatoire_refresh() -> ObservatoireMiseAJour:
    """Rewrite the observatoire's summary tables from the published alliances and
    organisations. Idempotent; readers keep the previous figures until the transaction commits.
    """
    started = time.perf_counter()
    alliance_rows = _alliance_rows()
    organisation_rows = _organisation_rows()
    with transaction.atomic():
        ChiffreAlliance.objects.all().delete()
        ChiffreOrganisation.objects.all().delete()
        ChiffreAlliance.objects.bulk_create(alliance_rows, batch_size=BATCH)
        ChiffreOrganisation.objects.bulk_create(organisation_rows, batch_size=BATCH)
        duree_ms = int((time.perf_counter() - started) * 1000)
        ObservatoireMiseAJour.objects.update_or_create(
            pk=1, defaults={"refreshed_at": timezone.now(), "duree_ms": duree_ms}
        )
    return ObservatoireMiseAJour.objects.get(pk=1)


# Reads


@dataclass(frozen=True)
class Filtres:
    """The observatoire's filters, already validated (see observatoire.forms)."""

    typologie: str = ""
    domaine: str = ""
    debut: int | None = None
    fin: int | None = None

    def apply(self, queryset, *, domaine: bool = True):
        """Typologie and period on ChiffreAlliance rows; the domaine picks which rows to sum
        (those of one domaine, or "" for all), unless the caller reads every domaine's rows."""
        if self.typologie:
            queryset = queryset.filter(typologie=self.typologie)
        if self.debut is not None:
            queryset = queryset.filter(annee__gte=self.debut)
        if self.fin is not None:
            queryset = queryset.filter(annee__lte=self.fin)
        return queryset.filter(domaine=self.domaine) if domaine else queryset

    @property
    def actifs(self) -> bool:
        return bool(self.typologie or self.domaine or self.debut or self.fin)


def ratio(nombre: int, population: int) -> float | None:
    """Per 10,000 inhabitants, two decimals (a few alliances in a large département still
    show); None where nobody lives (no division by zero)."""
    if not population:
        return None
    return round(nombre * PAR_HABITANTS / population, 2)


def derniere_annee() -> int:
    return date.today().year + DERNIERE_ANNEE_APRES_AUJOURD_HUI


@dataclass
class Ligne:
    """One row of a breakdown: what a chart shows as a bar and its table as a line."""

    code: str
    label: str
    nombre: int
    population: int | None = None
    organisations: int | None = None
    url: str = ""

    @property
    def pour_10000(self) -> float | None:
        return ratio(self.nombre, self.population) if self.population is not None else None

    @property
    def organisations_pour_10000(self) -> float | None:
        if self.population is None or self.organisations is None:
            return None
        return ratio(self.organisations, self.population)


@dataclass
class Chiffres:
    """Everything the observatoire (or a territory's page) shows, for one set of filters."""

    filtres: Filtres
    alliances: int = 0
    organisations: int = 0
    signataires: int = 0
    population: int | None = None
    par_typologie: list[Ligne] = field(default_factory=list)
    par_domaine: list[Ligne] = field(default_factory=list)
    par_annee: list[Ligne] = field(default_factory=list)
    par_odd: list[Ligne] = field(default_factory=list)
    par_partenaires: list[Ligne] = field(default_factory=list)
    par_etat: list[Ligne] = field(default_factory=list)
    par_kind: list[Ligne] = field(default_factory=list)
    par_region: list[Ligne] = field(default_factory=list)
    par_departement: list[Ligne] = field(default_factory=list)
    refreshed_at: object = None
    # (dimension, valeur) of the territory's rows in the summary tables.
    own: tuple[str, str] = ("total", "")

    def totaux_sans_filtre(self) -> tuple[int, int]:
        """Published alliances and organisations of the territory whatever the filters, for
        the territory pages' previews: the figures already read, or two small sums."""
        alliances, organisations = self.alliances, self.organisations
        dimension, valeur = self.own
        if self.filtres.actifs:
            alliances = ChiffreAlliance.objects.filter(
                dimension=dimension, valeur=valeur, domaine=""
            ).aggregate(n=Sum("nombre"))["n"]
        if self.filtres.domaine:
            organisations = ChiffreOrganisation.objects.filter(
                dimension=dimension, valeur=valeur, domaine=""
            ).aggregate(n=Sum("nombre"))["n"]
        return alliances or 0, organisations or 0

    @property
    def pour_10000(self) -> float | None:
        return ratio(self.alliances, self.population) if self.population else None

    @property
    def organisations_pour_10000(self) -> float | None:
        return ratio(self.organisations, self.population) if self.population else None

    def repartitions(self) -> list[tuple[str, str, list[Ligne]]]:
        """(slug, title, rows) of each breakdown that has rows, in the order the page shows
        them; the slug names the chart, its table and its CSV file."""
        candidates = [
            ("typologies", "Alliances par typologie", self.par_typologie),
            ("domaines", "Alliances par domaine d'action", self.par_domaine),
            ("partenaires", "Alliances par types de partenaires", self.par_partenaires),
            ("odd", "Alliances par objectif de développement durable", self.par_odd),
            ("etats", "Alliances par état", self.par_etat),
            ("annees", "Alliances commencées chaque année", self.par_annee),
            ("structures", "Organisations par type de structure", self.par_kind),
        ]
        return [(slug, titre, lignes) for slug, titre, lignes in candidates if lignes]


PARTENAIRES_LABELS = {
    "association": "associations seules",
    "entreprise": "entreprises seules",
    "collectivite": "collectivités seules",
    "association+entreprise": "associations et entreprises",
    "association+collectivite": "associations et collectivités",
    "entreprise+collectivite": "entreprises et collectivités",
    "association+entreprise+collectivite": "associations, entreprises et collectivités",
    "autres": "autres structures seulement",
}


def _sorted(counts: dict[str, int], labels: dict[str, str], *, by_count=True) -> list[Ligne]:
    lines = [Ligne(code, labels.get(code, code), n) for code, n in counts.items() if n]
    if by_count:
        return sorted(lines, key=lambda line: (-line.nombre, line.label))
    return lines


def _ordered(counts: dict[str, int], labels: dict[str, str]) -> list[Ligne]:
    """Rows in the order of `labels` (a fixed order: états, ODD…), zeros left out."""
    return [Ligne(code, label, counts[code]) for code, label in labels.items() if counts.get(code)]


def _departements(region: Region | None) -> list[Departement]:
    """All départements, or a région's; read once per call of chiffres() (cached on the région
    object), since the région's counts and its table both need them."""
    cached = getattr(region, "_departements_observatoire", None)
    if cached is not None:
        return cached
    queryset = Departement.objects.order_by("code").only("code", "nom", "slug", "population")
    if region is not None:
        queryset = queryset.filter(region=region)
    result = list(queryset)
    if region is not None:
        region._departements_observatoire = result
    return result


def _en_direct(filtres: Filtres, *, region: Region | None, departement: Departement | None) -> dict:
    """The figures that the summary tables would hold, counted over the published rows
    themselves: the territory's alliances and organisations under the filters, and their
    number per département (and per région for France). Only while the tables have never been
    computed: at national scale these counts take seconds."""
    alliances = Alliance.objects.published().order_by()
    organisations = Organisation.objects.published().order_by()
    if filtres.typologie:
        alliances = alliances.filter(typologie=filtres.typologie)
    if filtres.debut is not None:
        alliances = alliances.filter(date_debut__year__gte=filtres.debut)
    if filtres.fin is not None:
        alliances = alliances.filter(date_debut__year__lte=filtres.fin)
    if filtres.domaine:
        alliances = alliances.filter(domaines=filtres.domaine)
        organisations = organisations.filter(domaines=filtres.domaine)
    if departement is not None:
        alliances = alliances.filter(departement=departement)
        organisations = organisations.filter(siege__departement=departement)
    elif region is not None:
        alliances = alliances.filter(region=region)
        organisations = organisations.filter(siege__region=region)

    def par(queryset, path: str) -> dict[str, int]:
        rows = queryset.values(path).annotate(n=Count("pk"))
        return {row[path]: row["n"] for row in rows if row[path] is not None}

    alliances_par_territoire, organisations_par_territoire = {}, {}
    if departement is None:
        alliances_par_territoire[Dim.DEPARTEMENT] = par(alliances, "departement_id")
        organisations_par_territoire[DimOrga.DEPARTEMENT] = par(
            organisations, "siege__departement_id"
        )
    if region is None and departement is None:
        alliances_par_territoire[Dim.REGION] = par(alliances, "region_id")
        organisations_par_territoire[DimOrga.REGION] = par(organisations, "siege__region_id")
    totaux = organisations.aggregate(n=Count("pk"), signataires=Count("pk", filter=SIGNATAIRE))
    return {
        "alliances": alliances.count(),
        "organisations": totaux["n"],
        "signataires": totaux["signataires"],
        "alliances_par_territoire": alliances_par_territoire,
        "organisations_par_territoire": organisations_par_territoire,
    }


def chiffres(
    filtres: Filtres,
    *,
    region: Region | None = None,
    departement: Departement | None = None,
) -> Chiffres:
    """The figures of France, or of one région or département, under the filters.

    A territory's figures come from its own rows (dimension région or département), which
    carry typologie, domaine and year but not état, ODD or partners: those breakdowns are
    national only. Organisations follow the domaine filter; typologie and period concern
    alliances only.
    """
    result = Chiffres(filtres=filtres)
    mise_a_jour = ObservatoireMiseAJour.objects.filter(pk=1).first()
    result.refreshed_at = mise_a_jour.refreshed_at if mise_a_jour else None
    # The territory's own rows: (dimension, valeur), the same in both summary tables.
    own: tuple[str, str] = (Dim.TOTAL, "")
    if departement is not None:
        own = (Dim.DEPARTEMENT, departement.code)
        result.population = departement.population
    elif region is not None:
        own = (Dim.REGION, region.code)
        result.population = region.population

    # One query for the territory's rows of every domaine: totals, typologies and years come
    # from the rows of the filtered domaine (or of all domaines, ""), the domaine breakdown
    # from the per-domaine rows.
    base = filtres.apply(
        ChiffreAlliance.objects.filter(dimension=own[0], valeur=own[1]), domaine=False
    )
    rows = base.values("typologie", "domaine", "annee").annotate(n=Sum("nombre")).order_by()
    typologies: dict[str, int] = {}
    annees: dict[int, int] = {}
    domaines: dict[str, int] = {}
    for row in rows:
        domaine = row["domaine"]
        if domaine and (not filtres.domaine or domaine == filtres.domaine):
            domaines[domaine] = domaines.get(domaine, 0) + row["n"]
        if domaine == filtres.domaine:
            result.alliances += row["n"]
            typologies[row["typologie"]] = typologies.get(row["typologie"], 0) + row["n"]
            if row["annee"] is not None:
                annees[row["annee"]] = annees.get(row["annee"], 0) + row["n"]
    result.own = own
    result.par_typologie = _ordered(typologies, dict(Typologie.choices))
    result.par_domaine = _sorted(domaines, dict(Domaine.objects.values_list("code", "nom")))
    result.par_annee = [Ligne(str(annee), str(annee), annees[annee]) for annee in sorted(annees)]

    if region is None and departement is None:
        national = (
            filtres.apply(
                ChiffreAlliance.objects.filter(
                    dimension__in=[Dim.ETAT, Dim.ODD, Dim.PARTENAIRES, Dim.REGION, Dim.DEPARTEMENT]
                )
            )
            .values("dimension", "valeur")
            .annotate(n=Sum("nombre"))
            .order_by()
        )
        par_dimension: dict[str, dict[str, int]] = {}
        for row in national:
            par_dimension.setdefault(row["dimension"], {})[row["valeur"]] = row["n"]
        result.par_etat = _ordered(par_dimension.get(Dim.ETAT, {}), dict(Alliance.Etat.choices))
        result.par_odd = _ordered(
            par_dimension.get(Dim.ODD, {}),
            {str(numero): f"ODD {numero} : {nom}" for numero, nom in ODD.objects.values_list()},
        )
        result.par_partenaires = _sorted(par_dimension.get(Dim.PARTENAIRES, {}), PARTENAIRES_LABELS)
        alliances_par_territoire = par_dimension
    else:
        alliances_par_territoire = {}
        if region is not None:
            # The région's départements, for its own table and map.
            codes = [d.code for d in _departements(region)]
            for row in (
                filtres.apply(
                    ChiffreAlliance.objects.filter(dimension=Dim.DEPARTEMENT, valeur__in=codes)
                )
                .values("valeur")
                .annotate(n=Sum("nombre"))
                .order_by()
            ):
                alliances_par_territoire.setdefault(Dim.DEPARTEMENT, {})[row["valeur"]] = row["n"]

    # Organisations (domaine filter only): totals and kinds from the territory's own rows,
    # the places' counts from theirs.
    kinds: dict[str, int] = {}
    organisations_par_territoire: dict[str, dict[str, int]] = {}
    orga_rows = (
        ChiffreOrganisation.objects.filter(domaine=filtres.domaine)
        .values("dimension", "valeur", "kind")
        .annotate(n=Sum("nombre"), signataires=Sum("signataires"))
        .order_by()
    )
    for row in orga_rows:
        if (row["dimension"], row["valeur"]) == own:
            result.organisations += row["n"]
            result.signataires += row["signataires"]
            kinds[row["kind"]] = kinds.get(row["kind"], 0) + row["n"]
        if row["dimension"] != DimOrga.TOTAL:
            places = organisations_par_territoire.setdefault(row["dimension"], {})
            places[row["valeur"]] = places.get(row["valeur"], 0) + row["n"]
    result.par_kind = _sorted(kinds, dict(Organisation.Kind.choices))

    if result.refreshed_at is None:
        # Never computed yet (a fresh database, before the first hourly run): the key figures
        # and the territories' counts are counted live rather than shown as zeros.
        live = _en_direct(filtres, region=region, departement=departement)
        result.alliances, result.organisations = live["alliances"], live["organisations"]
        result.signataires = live["signataires"]
        alliances_par_territoire = live["alliances_par_territoire"]
        organisations_par_territoire = live["organisations_par_territoire"]

    # One reverse() per level rather than one per territory (119 of them on the national page).
    departement_url = reverse("territoires:departement", args=[SLUG])
    region_url = reverse("territoires:region", args=[SLUG])
    if departement is None:
        departements = _departements(region)
        alliances = alliances_par_territoire.get(Dim.DEPARTEMENT, {})
        organisations = organisations_par_territoire.get(DimOrga.DEPARTEMENT, {})
        result.par_departement = [
            Ligne(
                code=d.code,
                label=d.nom,
                nombre=alliances.get(d.code, 0),
                population=d.population,
                organisations=organisations.get(d.code, 0),
                url=departement_url.replace(SLUG, d.slug),
            )
            for d in departements
        ]
    if region is None and departement is None:
        alliances = alliances_par_territoire.get(Dim.REGION, {})
        organisations = organisations_par_territoire.get(DimOrga.REGION, {})
        result.par_region = [
            Ligne(
                code=r.code,
                label=r.nom,
                nombre=alliances.get(r.code, 0),
                population=r.population,
                organisations=organisations.get(r.code, 0),
                url=region_url.replace(SLUG, r.slug),
            )
            for r in Region.objects.order_by("nom").only("code", "nom", "slug", "population")
        ]
        result.population = sum(line.population for line in result.par_region) or None
    return result


CACHE_SECONDS = 2 * 3600


def chiffres_en_cache(
    filtres: Filtres,
    *,
    region: Region | None = None,
    departement: Departement | None = None,
) -> Chiffres:
    """chiffres(), kept in the cache until the next refresh of the summary tables (the figures
    cannot change in between): for the API and the CSV files, which have no rendering to cache.
    """
    refreshed_at = (
        ObservatoireMiseAJour.objects.filter(pk=1).values_list("refreshed_at", flat=True).first()
    )
    if refreshed_at is None:
        return chiffres(filtres, region=region, departement=departement)
    place = f"d{departement.code}" if departement else f"r{region.code}" if region else "fr"
    seed = f"{refreshed_at.isoformat()}|{place}|{filtres}"
    key = "observatoire:chiffres:" + hashlib.sha256(seed.encode()).hexdigest()
    result = cache.get(key)
    if result is None:
        result = chiffres(filtres, region=region, departement=departement)
        cache.set(key, result, CACHE_SECONDS)
    return result
