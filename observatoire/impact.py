"""What the alliances produced, for the observatoire: the indicators their partners report in
the follow-ups (suivis.impact), cumulated by indicator and typologie, by ODD and by région, and
the averages of the évaluations partenariales (public over 5 alliances at least). Reads only;
a territory page passes its own alliances."""

from dataclasses import dataclass, field
from decimal import Decimal

from alliances.models import Alliance
from nomenclatures.models import ODD, Typologie
from suivis import indicateurs
from suivis.impact import SEUIL_AGREGATS, evaluations_aggregate, indicateurs_cumules
from territoires.models import Region


@dataclass
class LigneImpact:
    """One indicator: its total, by typologie, and how many alliances reported it."""

    code: str
    label: str
    unite: str
    total: Decimal = Decimal(0)
    alliances: int = 0
    par_typologie: dict[str, Decimal] = field(default_factory=dict)

    def cellules(self) -> list[Decimal | None]:
        return [self.par_typologie.get(code) for code, _ in Typologie.choices]


@dataclass(frozen=True)
class LigneOdd:
    """An indicator counted by ODD, for one ODD."""

    code: str
    label: str
    unite: str
    odd: int
    odd_nom: str
    total: Decimal
    alliances: int


@dataclass
class Impact:
    indicateurs: list[LigneImpact]
    par_odd: list[LigneOdd]
    evaluations: dict | None
    seuil: int = SEUIL_AGREGATS

    @property
    def vide(self) -> bool:
        return not self.indicateurs and not self.par_odd


def impact(alliances=None) -> Impact:
    """Over these alliances (a queryset; all published ones by default). Two grouped queries
    for the indicators, one for the ODD labels, one aggregate for the evaluations. Indicators
    counted by ODD appear by ODD only: a person may count for several ODD."""
    referentiel = indicateurs.referentiel()
    rang = {code: n for n, code in enumerate(referentiel)}
    lignes: dict[str, LigneImpact] = {}
    for row in indicateurs_cumules(alliances):
        indicateur = referentiel.get(row["indicateur"])
        if indicateur is None or indicateur.par_odd:
            continue
        ligne = lignes.setdefault(
            indicateur.code, LigneImpact(indicateur.code, indicateur.label, indicateur.unite)
        )
        ligne.par_typologie[row["typologie"]] = row["total"]
        ligne.total += row["total"]
        # An alliance has one typologie: the counts of the typologies add up.
        ligne.alliances += row["alliances"]
    # (indicator, ODD) → the row, summed over the typologies.
    par_odd: dict[tuple[str, int], dict] = {}
    for row in indicateurs_cumules(alliances, par_odd=True):
        cle = (row["indicateur"], row["odd"])
        if cle in par_odd:
            par_odd[cle]["total"] += row["total"]
            par_odd[cle]["alliances"] += row["alliances"]
        else:
            par_odd[cle] = dict(row)
    noms = dict(
        ODD.objects.filter(numero__in={odd for _, odd in par_odd}).values_list("numero", "nom")
    )
    return Impact(
        indicateurs=sorted(lignes.values(), key=lambda ligne: rang[ligne.code]),
        par_odd=[
            LigneOdd(
                code=code,
                label=row["label"],
                unite=row["unite"],
                odd=odd,
                odd_nom=noms.get(odd, ""),
                total=row["total"],
                alliances=row["alliances"],
            )
            for (code, odd), row in sorted(
                par_odd.items(), key=lambda item: (rang.get(item[0][0], len(rang)), item[0][1])
            )
        ],
        evaluations=evaluations_aggregate(
            alliances if alliances is not None else Alliance.objects.published()
        ),
    )


def valeur(total) -> int | float:
    """A sum as files give it, the same on SQLite and PostgreSQL: 150, or 12.5."""
    total = Decimal(total)
    return int(total) if total == total.to_integral_value() else float(round(total, 2))


# The open data file: one row per indicator, typologie, région and ODD (empty for the
# indicators not counted by ODD).
EXPORT_FIELDS = [
    "indicateur",
    "libelle",
    "unite",
    "typologie",
    "region_code",
    "region",
    "odd",
    "total",
    "alliances",
]


def export_rows():
    referentiel = indicateurs.referentiel()
    regions = dict(Region.objects.values_list("code", "nom"))
    rows = [
        *(
            r
            for r in indicateurs_cumules(territoire="region")
            if not getattr(referentiel.get(r["indicateur"]), "par_odd", False)
        ),
        *indicateurs_cumules(territoire="region", par_odd=True),
    ]
    rows.sort(key=lambda r: (r["indicateur"], r["typologie"], r["region"] or "", r.get("odd") or 0))
    for row in rows:
        yield {
            "indicateur": row["indicateur"],
            "libelle": row["label"],
            "unite": row["unite"],
            "typologie": row["typologie"],
            "region_code": row["region"] or "",
            "region": regions.get(row["region"], ""),
            "odd": row.get("odd") or "",
            "total": valeur(row["total"]),
            "alliances": row["alliances"],
        }
