"""Communes and EPCI in the public API: the referential's identifiers, filters, counts, errors."""

import pytest
from django.urls import reverse

from tests.factories import (
    AllianceFactory,
    CommuneFactory,
    DepartementFactory,
    EPCIFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db

COMMUNES = reverse("api:commune-list")
EPCI_LIST = reverse("api:epci-list")


@pytest.fixture(autouse=True)
def _rate(settings):
    settings.API_RATE_PER_MINUTE = 1000


@pytest.fixture
def monde():
    """Two départements of one région and a third elsewhere; an EPCI spans the first two."""
    ain = DepartementFactory()
    voisin = DepartementFactory(region=ain.region)
    loin = DepartementFactory()
    epci = EPCIFactory(nom="Communauté du Val d'Essai", population=5000)
    bourg = CommuneFactory(
        nom="Bourg-Saint-Étienne",
        departement=ain,
        epci=epci,
        codes_postaux="99010 99011",
        latitude=46.2,
        longitude=5.2,
    )
    CommuneFactory(nom="Voisine", departement=voisin, epci=epci)
    autre = CommuneFactory(nom="Lointaine", departement=loin)
    return {
        "ain": ain,
        "voisin": voisin,
        "loin": loin,
        "epci": epci,
        "bourg": bourg,
        "autre": autre,
    }


def _noms(client, url, params=None) -> list[str]:
    response = client.get(url, params or {})
    assert response.status_code == 200, response.content
    return sorted(item["nom"] for item in response.json()["results"])


def test_la_liste_des_communes_donne_identifiants_parents_et_centre(client, monde):
    bourg = monde["bourg"]
    response = client.get(COMMUNES, {"departement": monde["ain"].code})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"next", "previous", "results"}
    assert body["results"] == [
        {
            "code_insee": bourg.code_insee,
            "siren": "",
            "nom": "Bourg-Saint-Étienne",
            "population": 1200,
            "codes_postaux": ["99010", "99011"],
            "departement": monde["ain"].code,
            "region": monde["ain"].region_id,
            "collectivite_outre_mer": "",
            "epci": monde["epci"].siren,
            "latitude": 46.2,
            "longitude": 5.2,
            "actuelle": True,
            "url": f"http://testserver{bourg.get_absolute_url()}",
        }
    ]


def test_les_filtres_des_communes(client, monde):
    region = monde["ain"].region_id
    assert _noms(client, COMMUNES, {"region": region}) == ["Bourg-Saint-Étienne", "Voisine"]
    assert _noms(client, COMMUNES, {"epci": monde["epci"].siren}) == [
        "Bourg-Saint-Étienne",
        "Voisine",
    ]
    # The start of the name, without accents nor hyphens.
    ain = monde["ain"].code
    assert _noms(client, COMMUNES, {"q": "bourg saint e", "departement": ain}) == [
        "Bourg-Saint-Étienne"
    ]
    assert _noms(client, COMMUNES, {"q": "Saint", "departement": ain}) == []
    monde["autre"].actuelle = False
    monde["autre"].save()
    loin = monde["loin"].code
    assert _noms(client, COMMUNES, {"actuelle": "false", "departement": loin}) == ["Lointaine"]


def test_la_liste_des_communes_ne_compte_rien_et_pagine_par_curseur(
    client, monde, django_assert_num_queries
):
    AllianceFactory.create_batch(3, commune=monde["bourg"])
    # The région code's check (api.base), the filter's own, then the page: no count of
    # alliances, organisations or rows.
    with django_assert_num_queries(3):
        response = client.get(COMMUNES, {"taille": "1", "region": monde["ain"].region_id})
    body = response.json()
    assert len(body["results"]) == 1 and "alliances" not in body["results"][0]
    suite = client.get(body["next"].removeprefix("http://testserver")).json()
    assert len(suite["results"]) == 1 and suite["next"] is None


def test_une_commune_compte_ses_alliances_et_organisations_publiees(
    client, monde, django_assert_num_queries
):
    bourg = monde["bourg"]
    AllianceFactory.create_batch(2, commune=bourg)
    AllianceFactory(commune=bourg, en_attente=True)
    AllianceFactory(commune=monde["autre"])
    OrganisationFactory(siege=bourg)
    OrganisationFactory(siege=bourg, en_attente=True)
    # The commune, then one count of each.
    with django_assert_num_queries(3):
        response = client.get(reverse("api:commune-detail", args=[bourg.code_insee]))
    body = response.json()
    assert body["code_insee"] == bourg.code_insee
    assert (body["alliances"], body["organisations"]) == (2, 1)


def test_les_epci_avec_leurs_departements_et_regions(client, monde, django_assert_num_queries):
    seul = EPCIFactory(nom="Communauté du Val sans commune")
    # The page, then the parents of its EPCI in one query.
    with django_assert_num_queries(2):
        response = client.get(EPCI_LIST, {"q": "Communauté du Val"})
    body = {item["siren"]: item for item in response.json()["results"]}
    item = body[monde["epci"].siren]
    assert item["nom"] == "Communauté du Val d'Essai" and item["population"] == 5000
    assert item["nature"] == "CC" and item["actuel"] is True
    assert item["departements"] == sorted([monde["ain"].code, monde["voisin"].code])
    assert item["regions"] == [monde["ain"].region_id]
    assert item["url"] == f"http://testserver{monde['epci'].get_absolute_url()}"
    assert body[seul.siren]["departements"] == []


def test_les_filtres_des_epci(client, monde):
    EPCIFactory(nom="Métropole d'ailleurs")
    epci = ["Communauté du Val d'Essai"]
    assert _noms(client, EPCI_LIST, {"departement": monde["voisin"].code}) == epci
    assert _noms(client, EPCI_LIST, {"region": monde["ain"].region_id}) == epci
    assert _noms(client, EPCI_LIST, {"departement": monde["loin"].code}) == []
    assert _noms(client, EPCI_LIST, {"q": "communauté du val d'essai"}) == epci


def test_un_epci_compte_les_alliances_et_organisations_de_ses_communes(client, monde):
    AllianceFactory(commune=monde["bourg"])
    AllianceFactory(commune=monde["epci"].communes.get(nom="Voisine"))
    AllianceFactory(commune=monde["autre"])
    OrganisationFactory(siege=monde["bourg"], en_attente=True)
    body = client.get(reverse("api:epci-detail", args=[monde["epci"].siren])).json()
    assert (body["alliances"], body["organisations"]) == (2, 0)
    assert body["departements"] == sorted([monde["ain"].code, monde["voisin"].code])


@pytest.mark.parametrize(
    ("url", "params", "cle"),
    [
        (COMMUNES, {"departement": "Z"}, "departement"),
        (COMMUNES, {"epci": "123"}, "epci"),
        (COMMUNES, {"q": "x" * 201}, "q"),
        (COMMUNES, {"q": "a\x00"}, "q"),
        (COMMUNES, {"population": "1000"}, "parametres_inconnus"),
        (COMMUNES, {"actuelle": "peut-etre"}, "actuelle"),
        (EPCI_LIST, {"region": "9999"}, "region"),
        (EPCI_LIST, {"actuel": "oui"}, "actuel"),
    ],
)
def test_un_filtre_invalide_donne_une_400_en_json_et_en_francais(client, monde, url, params, cle):
    response = client.get(url, params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert cle in response.json()


@pytest.mark.parametrize(
    ("url", "params", "message"),
    [
        (COMMUNES, {"departement": "ZZ"}, "Aucun département n'a le code INSEE « ZZ »."),
        (COMMUNES, {"epci": "123456789"}, "Aucun EPCI n'a le SIREN « 123456789 »."),
        (EPCI_LIST, {"region": "999"}, "Aucune région n'a le code INSEE « 999 »."),
    ],
)
def test_un_filtre_qui_nomme_un_territoire_inconnu_donne_une_404(
    client, monde, url, params, message
):
    # The code has the referential's format (the schema accepts it) but names no row.
    response = client.get(url, params)
    assert response.status_code == 404
    assert response.json() == {"detail": message}


@pytest.mark.parametrize("name", ["api:commune-detail", "api:epci-detail"])
def test_un_code_inconnu_donne_une_404_en_json(client, name):
    code = "12345" if name == "api:commune-detail" else "123456789"
    response = client.get(reverse(name, args=[code]))
    assert response.status_code == 404
    assert response.json()["detail"]


def test_le_schema_et_la_documentation_listent_communes_et_epci(client):
    paths = client.get(reverse("api:schema")).json()["paths"]
    for path in ("/api/v1/communes/", "/api/v1/communes/{code_insee}/", "/api/v1/epci/"):
        assert path in paths
    html = client.get(reverse("api:documentation")).content.decode()
    assert "<code>GET /api/v1/epci/{siren}/</code>" in html
