import pytest
from django.urls import reverse

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("referentiel")]

URL = reverse("territoires:commune_autocomplete")


def _codes(client, query: str) -> list[str]:
    response = client.get(URL, {"q": query})
    assert response.status_code == 200
    return [item["code_insee"] for item in response.json()]


@pytest.mark.parametrize(
    "query", ["saint etienne", "Saint-Étienne", "SAINT ÉTIENNE", "saint-etienne"]
)
def test_saint_etienne_se_trouve_sans_accent_ni_tiret(client, query):
    assert _codes(client, query)[0] == "42218"


def test_un_code_postal_trouve_sa_commune(client):
    assert _codes(client, "69001")[0] == "69123"


def test_un_debut_de_code_postal_liste_les_communes_du_secteur(client):
    codes = _codes(client, "6900")
    assert codes[0] == "69123"


def test_un_mot_au_milieu_du_nom_suffit(client):
    assert "42218" in _codes(client, "etienne")


def test_au_plus_vingt_resultats_les_plus_peuples_d_abord(client):
    response = client.get(URL, {"q": "saint"})
    items = response.json()
    assert len(items) == 20
    assert items[0] == {
        "code_insee": "42218",
        "nom": "Saint-Étienne",
        "departement": "42",
        "codes_postaux": ["42000", "42100", "42230"],
        "label": "Saint-Étienne (42)",
        "detail": "42000 42100 42230",
    }
    # Saint-Denis de La Réunion outnumbers Saint-Denis de Seine-Saint-Denis.
    assert items[1]["label"] == "Saint-Denis (974)"


def test_les_resultats_suivent_la_population(client, django_assert_num_queries):
    from territoires.models import Commune

    with django_assert_num_queries(1):
        codes = _codes(client, "lyon")
    populations = [Commune.objects.get(code_insee=code).population or 0 for code in codes]
    assert populations == sorted(populations, reverse=True)


@pytest.mark.parametrize("query", ["", "   ", "zzzzzz", "%", "_", "\ufffd\ufffd"])
def test_une_recherche_vide_ou_sans_resultat_rend_une_liste_vide(client, query):
    assert _codes(client, query) == []


@pytest.mark.parametrize(
    "query",
    ["a" * 1000, "\x00\x01\x02", "lyon\x00", "\x1b[31m", "\x7f"],
    ids=["1000-caracteres", "binaire", "nul", "echappement", "suppression"],
)
def test_une_recherche_invalide_rend_une_erreur_400_en_francais(client, query):
    response = client.get(URL, {"q": query})
    assert response.status_code == 400
    message = response.json()["erreurs"]["q"][0]["message"]
    assert message in {
        "La recherche ne doit pas dépasser 100 caractères.",
        "La recherche contient des caractères non imprimables.",
        "Le caractère nul n’est pas autorisé.",
    }


def test_des_octets_invalides_dans_l_url_ne_cassent_rien(client):
    response = client.get(URL + "?q=%FF%FE%00")
    assert response.status_code == 400


def test_une_methode_autre_que_get_est_refusee(client):
    assert client.post(URL, {"q": "lyon"}).status_code == 405
