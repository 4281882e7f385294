import csv
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from territoires.models import EPCI, Commune, Departement, Region
from territoires.services import DATA_DIR

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("referentiel")]


def test_le_referentiel_compte_toutes_les_communes_actuelles():
    assert Region.objects.count() == 18
    assert Departement.objects.count() == 101
    assert EPCI.objects.count() == 1255
    assert Commune.objects.actuelles().count() == 34969


def test_presque_toutes_les_communes_ont_des_coordonnees():
    avec_coordonnees = Commune.objects.filter(latitude__isnull=False).count()
    # 34,867 of 34,969: the 94 communes of the collectivités d'outre-mer and 8 recently
    # redrawn communes have no contour in the source (see territoires/data/SOURCES.md).
    assert avec_coordonnees == 34867


def test_lyon_est_dans_le_rhone_en_auvergne_rhone_alpes_et_sa_metropole():
    lyon = Commune.objects.select_related("departement", "region", "epci").get(code_insee="69123")
    assert lyon.nom == "Lyon"
    assert lyon.departement.code == "69"
    assert lyon.departement.nom == "Rhône"
    assert lyon.region.code == "84"
    assert lyon.region.nom == "Auvergne-Rhône-Alpes"
    assert lyon.epci.siren == "200046977"
    assert lyon.epci.nature == EPCI.Nature.MET69
    assert lyon.codes_postaux_list == [f"6900{n}" for n in range(1, 10)]
    assert lyon.population > 500_000
    assert lyon.latitude == pytest.approx(45.76, abs=0.05)
    assert lyon.longitude == pytest.approx(4.83, abs=0.05)


def test_les_populations_des_regions_sont_la_somme_de_leurs_communes():
    region = Region.objects.get(code="84")
    total = sum(c.population or 0 for c in Commune.objects.filter(region=region))
    assert region.population == total > 8_000_000


def test_les_communes_d_outre_mer_hors_departement_sont_chargees():
    papeete = Commune.objects.get(code_insee="98735")
    assert papeete.departement is None
    assert papeete.collectivite_outre_mer == "987"
    assert str(papeete) == "Papeete (987)"


def test_un_second_chargement_ne_change_rien():
    lyon_avant = Commune.objects.get(code_insee="69123")
    out = StringIO()
    call_command("load_territoires", stdout=out)
    assert out.getvalue().splitlines() == [
        "régions : 0 créé(s), 0 mis à jour, 0 retiré(s)",
        "départements : 0 créé(s), 0 mis à jour, 0 retiré(s)",
        "EPCI : 0 créé(s), 0 mis à jour, 0 retiré(s)",
        "communes : 0 créé(s), 0 mis à jour, 0 retiré(s)",
    ]
    assert Commune.objects.get(code_insee="69123").pk == lyon_avant.pk


def _rewrite(path: Path, change) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fieldnames = reader.fieldnames
        rows = [row for row in (change(row) for row in reader) if row is not None]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fieldnames, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def test_un_referentiel_plus_recent_met_a_jour_sans_casser_les_cles(tmp_path):
    source = tmp_path / "referentiel"
    shutil.copytree(DATA_DIR, source)
    lyon = Commune.objects.get(code_insee="69123")
    disparue = Commune.objects.get(code_insee="01001")

    def change(row):
        if row["code_insee"] == "69123":
            return {**row, "population": "520000"}
        if row["code_insee"] == "01005":
            return {**row, "nom": "Ambérieux-en-Dombes-Nouvelle"}
        if row["code_insee"] == "01001":
            return None  # merged into a neighbour in the newer referential
        return row

    _rewrite(source / "communes.csv", change)
    out = StringIO()
    call_command("load_territoires", source=source, stdout=out)

    assert "communes : 0 créé(s), 2 mis à jour, 1 retiré(s)" in out.getvalue()
    lyon_apres = Commune.objects.get(code_insee="69123")
    assert (lyon_apres.pk, lyon_apres.population) == (lyon.pk, 520000)
    renommee = Commune.objects.get(code_insee="01005")
    assert renommee.nom == "Ambérieux-en-Dombes-Nouvelle"
    assert renommee.nom_recherche == "amberieux en dombes nouvelle"
    assert renommee.slug == "amberieux-en-dombes-nouvelle-01005"
    # The commune that left the referential stays, for the content that names it.
    disparue.refresh_from_db()
    assert disparue.actuelle is False
    assert Commune.objects.actuelles().count() == 34968
