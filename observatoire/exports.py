"""Open data exports of the observatoire's figures (see opendata/), read from its summary
tables: national figures without filters."""

from collections.abc import Iterator

from alliances.models import Alliance
from observatoire import impact
from observatoire.chiffres import Filtres, Ligne, chiffres
from observatoire.models import ObservatoireMiseAJour
from opendata.registry import Export, export_state
from suivis.models import ReponseSuivi


def _state(name: str):
    """The figures change only when the summary tables are refreshed."""
    return export_state(name, (ObservatoireMiseAJour.objects.filter(pk=1), "refreshed_at"))


TERRITOIRE_FIELDS = [
    "code_insee",
    "nom",
    "population",
    "alliances",
    "alliances_pour_10000_habitants",
    "organisations",
    "organisations_pour_10000_habitants",
]


def territoire_row(line: Ligne) -> dict:
    """A région's or département's figures: a row of the open data files and of the
    observatoire's CSV downloads (TERRITOIRE_FIELDS, in that order)."""
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
        yield territoire_row(line)


def departement_rows() -> Iterator[dict]:
    for line in chiffres(Filtres()).par_departement:
        yield territoire_row(line)


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
    Export(
        name="impact-indicateurs",
        title="Impact déclaré dans les suivis",
        description="Indicateurs des suivis des alliances publiées (personnes touchées, "
        "emplois, montants mobilisés, bénéficiaires par ODD…), cumulés par typologie et région.",
        rows=impact.export_rows,
        # An answer changes the sums, and so does an alliance that leaves or joins the public.
        state=lambda: export_state(
            "impact-indicateurs",
            (ReponseSuivi.objects.filter(answered_at__isnull=False), "updated_at"),
            (Alliance.objects.published(), "updated_at"),
        ),
    ),
]
