"""Loading the territorial referential (see territoires/data/SOURCES.md for its origin)."""

import csv
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from django.db import models, transaction
from django.db.models import Sum
from django.utils.text import slugify

from territoires.models import EPCI, Commune, Departement, Region, normalize_search

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass
class Bilan:
    """What one load did to one table."""

    crees: int = 0
    mis_a_jour: int = 0
    retires: int = 0

    def __str__(self) -> str:
        return f"{self.crees} créé(s), {self.mis_a_jour} mis à jour, {self.retires} retiré(s)"


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _int_or_none(value: str) -> int | None:
    return int(value) if value else None


def _float_or_none(value: str) -> float | None:
    return float(value) if value else None


def _upsert(
    model: type[models.Model],
    key: str,
    rows: dict[str, dict],
    *,
    retire_field: str | None = None,
    progress: Callable[[Iterable], Iterable] = iter,
) -> Bilan:
    """Create missing rows, update changed fields in place, flag rows that left the referential.

    Rows are matched on their official code, never deleted: other tables keep pointing at them.
    """
    bilan = Bilan()
    existing = {getattr(obj, key): obj for obj in model.objects.all()}
    to_create, to_update, changed_fields = [], [], set()
    for code in progress(rows):
        values = rows[code]
        if retire_field:
            values = {**values, retire_field: True}
        obj = existing.get(code)
        if obj is None:
            to_create.append(model(**{key: code}, **values))
            continue
        changed = [field for field, value in values.items() if getattr(obj, field) != value]
        if changed:
            for field in changed:
                setattr(obj, field, values[field])
            changed_fields.update(changed)
            to_update.append(obj)
    model.objects.bulk_create(to_create, batch_size=2000)
    if to_update:
        model.objects.bulk_update(to_update, sorted(changed_fields), batch_size=2000)
    bilan.crees, bilan.mis_a_jour = len(to_create), len(to_update)
    if retire_field:
        gone = [
            obj.pk
            for code, obj in existing.items()
            if code not in rows and getattr(obj, retire_field)
        ]
        for start in range(0, len(gone), 2000):
            model.objects.filter(pk__in=gone[start : start + 2000]).update(**{retire_field: False})
        bilan.retires = len(gone)
    return bilan


@transaction.atomic
def referentiel_load(
    *, source: Path = DATA_DIR, progress: Callable[[Iterable], Iterable] = iter
) -> dict[str, Bilan]:
    """Load or refresh régions, départements, EPCI and communes from the CSV files in `source`.

    Idempotent: a second run with the same files changes nothing. Populations of régions and
    départements are the sums of their communes' populations.
    """
    regions = {
        row["code"]: {"nom": row["nom"], "slug": slugify(row["nom"]), "chef_lieu": row["chef_lieu"]}
        for row in _read(source / "regions.csv")
    }
    departements = {
        row["code"]: {
            "nom": row["nom"],
            "slug": slugify(f"{row['nom']}"),
            "region_id": row["region"],
            "chef_lieu": row["chef_lieu"],
        }
        for row in _read(source / "departements.csv")
    }
    epcis = {
        row["siren"]: {
            "nom": row["nom"],
            "slug": slugify(f"{row['nom']} {row['siren']}"),
            "nature": row["nature"],
            "population": _int_or_none(row["population"]),
        }
        for row in _read(source / "epci.csv")
    }
    communes = {
        row["code_insee"]: {
            "nom": row["nom"],
            "slug": slugify(f"{row['nom']} {row['code_insee']}"),
            "nom_recherche": normalize_search(row["nom"]),
            # Collectivités d'outre-mer carry a pseudo-département code of their own.
            "departement_id": row["departement"] if row["departement"] in departements else None,
            "region_id": row["region"] if row["region"] in regions else None,
            "collectivite_outre_mer": ""
            if row["departement"] in departements
            else row["departement"],
            "epci_id": row["epci"] or None,
            "siren": row["siren"],
            "codes_postaux": row["codes_postaux"],
            "population": _int_or_none(row["population"]),
            "latitude": _float_or_none(row["latitude"]),
            "longitude": _float_or_none(row["longitude"]),
        }
        for row in _read(source / "communes.csv")
    }

    bilans = {
        "régions": _upsert(Region, "code", regions),
        "départements": _upsert(Departement, "code", departements),
        "EPCI": _upsert(EPCI, "siren", epcis, retire_field="actuel"),
        "communes": _upsert(
            Commune, "code_insee", communes, retire_field="actuelle", progress=progress
        ),
    }
    _refresh_populations()
    return bilans


def _refresh_populations() -> None:
    """Write each région's and département's population as the sum of its current communes."""
    for model, field in ((Region, "region"), (Departement, "departement")):
        totals = dict(
            Commune.objects.actuelles()
            .values_list(f"{field}_id")
            .annotate(total=Sum("population"))
            .order_by()
        )
        changed = []
        for obj in model.objects.all():
            total = totals.get(obj.code) or 0
            if obj.population != total:
                obj.population = total
                changed.append(obj)
        model.objects.bulk_update(changed, ["population"])
