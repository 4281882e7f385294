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
    lignes: dict[str, LigneImpact] = {}
    alliances_par_indicateur: dict[str, int] = {}
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
        alliances_par_indicateur[indicateur.code] = (
            alliances_par_indicateur.get(indicateur.code, 0) + row["alliances"]
        )
    for code, nombre in alliances_par_indicateur.items():
        lignes[code].alliances = nombre
    # (indicator, ODD) → [total, alliances], summed over the typologies.
    par_odd: dict[tuple[str, int], list] = {}
    for row in indicateurs_cumules(alliances, par_odd=True):
        entree = par_odd.setdefault((row["indicateur"], row["odd"]), [Decimal(0), 0])
        entree[0] += row["total"]
        entree[1] += row["alliances"]
    noms = dict(
        ODD.objects.filter(numero__in={odd for _, odd in par_odd}).values_list("numero", "nom")
    )
    ordre = list(referentiel)
    return Impact(
        indicateurs=sorted(lignes.values(), key=lambda ligne: ordre.index(ligne.code)),
        par_odd=[
            LigneOdd(
                code=code,
                label=referentiel[code].label if code in referentiel else code,
                unite=referentiel[code].unite if code in referentiel else "",
                odd=odd,
                odd_nom=noms.get(odd, ""),
                total=total,
                alliances=nombre,
            )
            for (code, odd), (total, nombre) in sorted(
                par_odd.items(),
                key=lambda item: (
                    ordre.index(item[0][0]) if item[0][0] in ordre else 99,
                    item[0][1],
                ),
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
