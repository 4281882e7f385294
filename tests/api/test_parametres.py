"""The API enforces what its schema declares of each query parameter (api.base): one value
unless it is an array, its range, its enum; and it answers a JSON 405 to any method but GET."""

import re

import pytest
from django.test import Client
from django.urls import resolve, reverse

from tests.factories import (
    AllianceFactory,
    CommuneFactory,
    EPCIFactory,
    OffreFactory,
    OrganisationFactory,
    RegionFactory,
)

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


def _fiche(nature: str) -> str:
    """The address of one existing item of each kind that has a list with filters."""
    if nature == "alliance":
        return reverse("api:alliance-detail", args=[AllianceFactory().slug])
    if nature == "offre":
        return reverse("api:offre-detail", args=[OffreFactory().slug])
    if nature == "organisation":
        return reverse("api:organisation-detail", args=[OrganisationFactory().slug])
    if nature == "commune":
        return reverse("api:commune-detail", args=[CommuneFactory().code_insee])
    return reverse("api:epci-detail", args=[EPCIFactory().siren])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("nature", "filtre"),
    [
        ("alliance", "region"),
        ("offre", "domaine"),
        ("organisation", "commune"),
        ("commune", "epci"),
        ("epci", "departement"),
    ],
)
# A code with the right format that names no row, one with the wrong format, and a NUL (a
# database error on PostgreSQL when it reached the code's query).
@pytest.mark.parametrize("valeur", ["zz", "ZZ", "999999999", "\x00"])
def test_une_fiche_ne_declare_aucun_filtre_et_les_refuse_comme_parametres_inconnus(
    client, nature, filtre, valeur
):
    url = _fiche(nature)
    assert client.get(url).status_code == 200
    response = client.get(url, {filtre: valeur})
    assert response.status_code == 400
    assert response.json() == {"parametres_inconnus": [f"Paramètre inconnu : {filtre}."]}


@pytest.mark.django_db
def test_un_filtre_valide_ne_cache_pas_une_fiche_il_est_inconnu_sur_la_fiche(client):
    # Before, the list's filters applied to the detail: an existing alliance answered 404.
    alliance = AllianceFactory()
    ailleurs = RegionFactory()
    url = reverse("api:alliance-detail", args=[alliance.slug])
    response = client.get(url, {"region": ailleurs.code})
    assert response.status_code == 400
    assert "parametres_inconnus" in response.json()


@pytest.mark.django_db
def test_la_fiche_d_une_region_garde_les_filtres_que_son_schema_declare(client):
    # Régions and départements declare the observatoire's filters on their detail too.
    url = reverse("api:region-detail", args=["84"])
    response = client.get(url, {"domaine": "inexistant"})
    assert response.status_code == 404
    assert response.json() == {"detail": "Aucun domaine d'action n'a le code « inexistant »."}
    assert client.get(url, {"domaine": "sante\n"}).status_code == 400


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "name", "value"),
    [
        (ALLIANCES, "region", "84\n"),
        (ALLIANCES, "departement", "69\n"),
        (ALLIANCES, "domaine", "sante\n"),
        ("/api/v1/organisations/", "commune", "69123\n"),
        ("/api/v1/communes/", "epci", "200046977\n"),
        ("/api/v1/chiffres/", "region", "84\n"),
    ],
)
def test_un_code_suivi_d_un_saut_de_ligne_n_a_pas_le_format_attendu(client, url, name, value):
    # Python's $ also matches before a final newline; the schema's (ECMA) $ does not.
    response = client.get(url, {name: value})
    assert response.status_code == 400
    assert "n'a pas le format attendu" in response.json()[name][0]


@pytest.mark.django_db
def test_les_motifs_du_schema_sont_ancres_au_debut_et_a_la_fin(client):
    # The API checks a pattern against the whole value (re.fullmatch), which is the schema's
    # reading only for a pattern anchored at both ends.
    patterns = {
        p["schema"]["pattern"]
        for item in client.get(reverse("api:schema")).json()["paths"].values()
        for p in item["get"].get("parameters", [])
        if "pattern" in p.get("schema", {})
    }
    assert patterns
    assert all(p.startswith("^") and p.endswith("$") for p in patterns), patterns


# A path value each route's lookup accepts.
EXEMPLES = {"slug": "x", "code": "84", "code_insee": "69123", "siren": "200046977"}


@pytest.mark.django_db
def test_chaque_route_accepte_exactement_les_parametres_que_son_schema_declare(client):
    # The schema is the contract: a parameter the code would read but the schema does not
    # declare would reach the filters with a value nobody checked.
    for route, item in client.get(reverse("api:schema")).json()["paths"].items():
        declared = {p["name"] for p in item["get"].get("parameters", []) if p["in"] == "query"}
        view = resolve(re.sub(r"\{([^}]+)\}", lambda m: EXEMPLES[m[1]], route)).func
        instance = view.cls(**view.initkwargs)
        instance.action = getattr(view, "actions", {}).get("get")
        assert instance.allowed_query_params() == declared, route
