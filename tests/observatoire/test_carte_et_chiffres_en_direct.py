"""The choropleth's classes (observatoire.carte) and the figures of a territory whose summary
tables were never computed: counted live, never « 0 alliances » above a list of them."""

import re
from html import unescape

import pytest
from django.urls import reverse

from observatoire.carte import COULEURS, SANS_HABITANTS, classer
from observatoire.chiffres import observatoire_refresh
from tests.factories import (
    AllianceFactory,
    CommuneFactory,
    DepartementFactory,
    OrganisationFactory,
    RegionFactory,
)


def _intervalle(libelle: str) -> tuple[float, float]:
    nombres = [float(n.replace(",", ".")) for n in re.findall(r"\d+,\d\d", libelle)]
    return nombres[0], nombres[-1]


def test_les_classes_sont_distinctes_non_vides_et_lisibles():
    # Many territories without any alliance and several with the same ratio: what made the
    # legend read « de 0,00 à moins de 0,00 ».
    valeurs = [0, 0, 0, 0, 0, 0.5, 0.5, 0.5, 0.5, 1.2, 3.4, 3.4, 7.25, None]

    classement = classer(valeurs)

    libelles = [classe.libelle for classe in classement.classes]
    assert libelles[0] == "aucune alliance" and libelles[-1] == "sans habitants"
    assert len(set(libelles)) == len(libelles)
    assert all(classe.territoires > 0 for classe in classement.classes)
    assert sum(classe.territoires for classe in classement.classes) == len(valeurs)
    assert not any("moins de" in libelle or "0,00" in libelle for libelle in libelles)
    # The classes of alliances follow one another without overlapping.
    intervalles = [_intervalle(libelle) for libelle in libelles[1:-1]]
    assert intervalles == sorted(intervalles)
    for (_, haut), (bas, _) in zip(intervalles, intervalles[1:], strict=False):
        assert haut < bas
    # Each value takes the colour of the class that holds it.
    par_couleur = {classe.couleur: classe for classe in classement.classes}
    assert len(par_couleur) == len(classement.classes)
    for valeur, couleur in zip(valeurs, classement.couleurs, strict=True):
        classe = par_couleur[couleur]
        if valeur is None:
            assert couleur == SANS_HABITANTS
        elif valeur == 0:
            assert classe.libelle == "aucune alliance"
        else:
            bas, haut = _intervalle(classe.libelle)
            assert bas <= valeur <= haut


def test_des_valeurs_toutes_differentes_font_cinq_classes_de_meme_taille():
    classement = classer([round(0.1 * n, 2) for n in range(1, 21)])
    assert [classe.territoires for classe in classement.classes] == [4, 4, 4, 4, 4]
    assert [classe.couleur for classe in classement.classes] == list(COULEURS)
    assert classement.classes[0].libelle == "de 0,10 à 0,40"
    assert classement.classes[-1].libelle == "de 1,70 à 2,00"


def test_une_seule_valeur_fait_une_seule_classe():
    classement = classer([2.5, 2.5, 2.5])
    assert [(c.libelle, c.territoires) for c in classement.classes] == [("2,50", 3)]
    assert classer([]).classes == []
    assert [c.libelle for c in classer([0, 0]).classes] == ["aucune alliance"]


@pytest.fixture
def region(db):
    """A région of two départements, five published alliances (one not yet published), two
    organisations; the observatoire's tables never computed."""
    region = RegionFactory(nom="Région en direct", population=100_000)
    a = DepartementFactory(nom="Ain en direct", region=region, population=40_000)
    b = DepartementFactory(nom="Bugey en direct", region=region, population=60_000)
    AllianceFactory.create_batch(3, commune=CommuneFactory(departement=a), typologie="mecenat")
    AllianceFactory.create_batch(
        2, commune=CommuneFactory(departement=b), typologie="innovation_societale"
    )
    AllianceFactory(commune=CommuneFactory(departement=b), en_attente=True)
    OrganisationFactory.create_batch(2, siege=CommuneFactory(departement=a))
    return region


def _texte(client, region, **params) -> str:
    response = client.get(reverse("territoires:region", args=[region.slug]), params)
    assert response.status_code == 200
    return unescape(re.sub(r"\s+", " ", response.content.decode()))


def _chiffre_cle(texte: str, quoi: str) -> str:
    return re.search(rf'chiffre-cle__valeur">([^<]+)</span> {quoi}', texte)[1]


def test_jamais_calcules_les_chiffres_d_une_region_sont_comptes_en_direct(client, region):
    texte = _texte(client, region)

    assert _chiffre_cle(texte, "alliances publiées") == "5"
    assert _chiffre_cle(texte, "organisations publiées") == "2"
    assert "Nombres comptés à l'instant" in texte
    assert "5 alliances publiées." in texte  # the preview says the same
    # The map's legend: one class per ratio, as its départements have them.
    assert "à moins de" not in texte
    assert "0,33 (1 département)" in texte and "0,75 (1 département)" in texte
    # Under a filter, the live count follows it.
    assert _chiffre_cle(_texte(client, region, typologie="mecenat"), "alliances publiées") == "3"


def test_une_fois_calcules_les_chiffres_viennent_des_tables(client, region):
    observatoire_refresh()
    texte = _texte(client, region)
    assert _chiffre_cle(texte, "alliances publiées") == "5"
    assert "Chiffres calculés le" in texte
    assert "0,75 (1 département)" in texte and "0,33 (1 département)" in texte
