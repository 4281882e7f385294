"""Open data exports of the observatoire's figures (see opendata/), read from its summary
tables: national figures without filters."""

import hashlib
from collections.abc import Iterator

from opendata import SCHEMA_VERSION
from opendata.registry import Export
from territoires.models import ObservatoireMiseAJour
from territoires.observatoire import Filtres, Ligne, chiffres


def _state(name: str):
    mise_a_jour = ObservatoireMiseAJour.objects.filter(pk=1).first()
    refreshed_at = mise_a_jour.refreshed_at if mise_a_jour else None
    seed = f"{name}:{SCHEMA_VERSION}:{refreshed_at and refreshed_at.isoformat()}"
    return refreshed_at, hashlib.sha256(seed.encode()).hexdigest()[:32]


def _territoire(line: Ligne) -> dict:
    return {
        "code_insee": line.code,
        "nom": line.label,
        "population": line.population,
        "alliances": line.nombre,
        "alliances_pour_10000_habitants": line.pour_10000,
        "organisations": line.organisations,
        "organisations_pour_10000_habitants": line.organisations_pour_10000,
    }


def region_rows() -> Iterator[dict]:
    for line in chiffres(Filtres()).par_region:
        yield _territoire(line)


def departement_rows() -> Iterator[dict]:
    for line in chiffres(Filtres()).par_departement:
        yield _territoire(line)


def repartition_rows() -> Iterator[dict]:
    for slug, _titre, lines in chiffres(Filtres()).repartitions():
        for line in lines:
            yield {
                "repartition": slug,
                "code": line.code,
                "libelle": line.label,
                "nombre": line.nombre,
            }


EXPORTS = [
    Export(
        name="chiffres-regions",
        title="Chiffres par région",
        description="Alliances et organisations publiées par région, pour 10 000 habitants.",
        rows=region_rows,
        state=lambda: _state("chiffres-regions"),
    ),
    Export(
        name="chiffres-departements",
        title="Chiffres par département",
        description="Alliances et organisations publiées par département, pour 10 000 habitants.",
        rows=departement_rows,
        state=lambda: _state("chiffres-departements"),
    ),
    Export(
        name="chiffres-repartitions",
        title="Répartitions nationales",
        description="Alliances par typologie, domaine, ODD, partenaires, état, année ; "
        "organisations par type.",
        rows=repartition_rows,
        state=lambda: _state("chiffres-repartitions"),
    ),
]
