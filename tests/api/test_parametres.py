"""The API enforces what its schema declares of each query parameter (api.base): one value
unless it is an array, its range, its enum; and it answers a JSON 405 to any method but GET."""

import pytest
from django.test import Client
from django.urls import reverse

ALLIANCES = "/api/v1/alliances/"


@pytest.fixture
def client_csrf():
    # The real server's behaviour: CSRF checks on, as CsrfViewMiddleware does outside tests.
    return Client(enforce_csrf_checks=True)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "cle", "message"),
    [
        ("taille=1&taille=2", "taille", "n'accepte qu'une valeur"),
        ("typologie=mecenat&typologie=mecenat", "typologie", "n'accepte qu'une valeur"),
        ("taille=0", "taille", "au moins 1"),
        ("taille=501", "taille", "au plus 500"),
        ("taille=dix", "taille", "nombre entier"),
        ("odd=0", "odd", "Valeurs possibles"),
        ("odd=18", "odd", "Valeurs possibles"),
        ("typologie=inconnue", "typologie", "Valeur inconnue"),
        ("etat=", "etat", "Valeur inconnue"),
        ("debut_apres=2024-13-01", "debut_apres", "AAAA-MM-JJ"),
    ],
)
def test_un_parametre_que_le_schema_interdit_donne_une_400_en_francais(
    client, params, cle, message
):
    response = client.get(f"{ALLIANCES}?{params}")
    assert response.status_code == 400
    assert message in response.json()[cle][0]


@pytest.mark.django_db
@pytest.mark.parametrize("params", ["taille=1", "taille=500", "odd=1", "odd=17"])
def test_les_bornes_que_le_schema_declare_sont_acceptees(client, params):
    assert client.get(f"{ALLIANCES}?{params}").status_code == 200


@pytest.mark.django_db
def test_le_schema_declare_les_bornes_et_les_valeurs(client):
    params = {
        p["name"]: p["schema"]
        for p in client.get(reverse("api:schema")).json()["paths"]["/api/v1/alliances/"]["get"][
            "parameters"
        ]
    }
    assert params["taille"] == {"type": "integer", "minimum": 1, "maximum": 500}
    assert params["odd"]["enum"] == list(range(1, 18))


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["QUERY", "POST", "PUT", "PATCH", "DELETE"])
@pytest.mark.parametrize("url", [ALLIANCES, "/api/v1/", "/api/v1/schema/", "/api/v1/chiffres/"])
def test_une_autre_methode_que_get_donne_une_405_en_json(client_csrf, method, url):
    response = client_csrf.generic(method, url)
    assert response.status_code == 405
    assert response["Content-Type"].split(";")[0] in (
        "application/json",
        "application/vnd.oai.openapi+json",
    )
    assert "GET" in response["Allow"]
    assert "Méthode non autorisée" in response.json()["detail"]


@pytest.mark.django_db
def test_la_documentation_dit_les_bornes_et_l_unicite(client):
    html = client.get(reverse("api:documentation")).content.decode()
    assert "De 1 à 500. Une seule valeur." in html
    assert "Valeurs : 1, 2, 3" in html
