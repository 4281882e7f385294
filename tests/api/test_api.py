"""The public API /api/v1/: public data only, filters, cursors, errors, throttle, CORS."""

import base64
import datetime

import pytest
from django.urls import reverse

from observatoire.chiffres import observatoire_refresh
from tests.factories import (
    AllianceFactory,
    CommuneFactory,
    DepartementFactory,
    MembreFactory,
    OrganisationFactory,
    ParticipationFactory,
    RegionFactory,
)

pytestmark = pytest.mark.django_db

ALLIANCES = reverse("api:alliance-list")
ORGANISATIONS = reverse("api:organisation-list")


@pytest.fixture(autouse=True)
def _rate(settings):
    settings.API_RATE_PER_MINUTE = 1000


def _alliance(**fields):
    alliance = AllianceFactory(**fields)
    ParticipationFactory(alliance=alliance, porteur=True)
    ParticipationFactory(alliance=alliance, organisation=OrganisationFactory(entreprise=True))
    return alliance


def test_la_liste_ne_donne_que_les_alliances_publiees_et_aucune_donnee_personnelle(client):
    alliance = _alliance(titre="Jardins partagés")
    alliance.domaines.set(["alimentation"])
    alliance.odd.set([2, 17])
    MembreFactory(organisation=alliance.participations.first().organisation)
    _alliance(titre="Pas encore publiée", statut="en_attente")
    response = client.get(ALLIANCES)
    assert response.status_code == 200
    body = response.json()
    assert [a["titre"] for a in body["results"]] == ["Jardins partagés"]
    item = body["results"][0]
    assert item["domaines"] == ["alimentation"] and item["odd"] == [2, 17]
    assert item["commune"] == alliance.commune.code_insee
    assert [p["role"] for p in item["partenaires"]] == ["porteur", "partenaire"]
    assert item["url"] == f"http://testserver/alliances/{alliance.slug}/"
    assert "@" not in response.content.decode()


def test_un_partenaire_qui_n_a_pas_confirme_n_apparait_pas(client):
    alliance = _alliance()
    ParticipationFactory(alliance=alliance, en_attente=True, organisation__nom="Pas encore")
    assert "Pas encore" not in client.get(ALLIANCES).content.decode()


def test_les_memes_filtres_que_la_recherche(client):
    _alliance(titre="A", typologie="mecenat", date_debut=datetime.date(2024, 1, 1))
    b = _alliance(titre="B", typologie="cooperation_economique", etat="terminee")
    b.odd.set([17])

    def titres(params):
        response = client.get(ALLIANCES, params)
        assert response.status_code == 200, response.content
        return [a["titre"] for a in response.json()["results"]]

    assert titres({"typologie": "mecenat"}) == ["A"]
    assert titres({"etat": "terminee"}) == ["B"]
    assert titres({"odd": "17"}) == ["B"]
    assert titres({"departement": b.departement_id}) == ["B"]
    assert titres({"debut_apres": "2023-06-01"}) == ["A"]
    assert titres({"partenaire": "entreprise"}) == ["A", "B"]


@pytest.mark.parametrize(
    ("params", "cle"),
    [
        ({"typologie": "philanthropie"}, "typologie"),
        ({"debut_apres": "hier"}, "debut_apres"),
        ({"couleur": "rouge"}, "parametres_inconnus"),
        ({"tri": "recent"}, "parametres_inconnus"),
    ],
)
def test_un_filtre_inconnu_ou_invalide_donne_une_400_en_json(client, params, cle):
    response = client.get(ALLIANCES, params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert cle in response.json()


def test_la_pagination_par_curseur_parcourt_tout_sans_doublon(client):
    for index in range(5):
        _alliance(titre=f"Alliance {index}")
    seen, url, pages = [], ALLIANCES + "?taille=2", 0
    while url:
        body = client.get(url).json()
        seen += [a["titre"] for a in body["results"]]
        url, pages = body["next"], pages + 1
    assert pages == 3
    assert sorted(seen) == [f"Alliance {index}" for index in range(5)]


@pytest.mark.parametrize(
    "curseur",
    [
        "pas-du-base64!",
        base64.b64encode(b"p=abc").decode(),
        base64.b64encode(b"p=1;DROP TABLE").decode(),
        base64.b64encode(b"o=-4").decode(),
        base64.b64encode(b"p=99999999999999999999999").decode(),
        "w6k=",
    ],
)
def test_un_curseur_trafique_donne_une_404_claire(client, curseur):
    _alliance()
    response = client.get(ALLIANCES, {"curseur": curseur})
    assert response.status_code == 404
    assert "Curseur de pagination invalide" in response.json()["detail"]


def test_la_liste_fait_le_meme_nombre_de_requetes_quel_que_soit_le_nombre(
    client, django_assert_num_queries
):
    for _ in range(3):
        _alliance()
    # page, domaines, ODD, partners with their organisation
    with django_assert_num_queries(4):
        assert len(client.get(ALLIANCES).json()["results"]) == 3
    for _ in range(5):
        _alliance()
    with django_assert_num_queries(4):
        assert len(client.get(ALLIANCES).json()["results"]) == 8


def test_une_alliance_non_publiee_n_existe_pas_dans_l_api(client):
    alliance = _alliance(statut="en_attente")
    response = client.get(reverse("api:alliance-detail", args=[alliance.slug]))
    assert response.status_code == 404
    assert "detail" in response.json()
    published = _alliance()
    assert client.get(reverse("api:alliance-detail", args=[published.slug])).status_code == 200


def test_les_organisations_publiees_sans_courriel(client):
    visible = OrganisationFactory(nom="Les Jardins du Coin", entreprise=True)
    OrganisationFactory(nom="Cachée", en_attente=True)
    response = client.get(ORGANISATIONS, {"kind": "entreprise"})
    body = response.json()
    assert [o["nom"] for o in body["results"]] == ["Les Jardins du Coin"]
    assert body["results"][0]["siren"] == visible.siren
    assert "email" not in response.content.decode()
    assert "@" not in response.content.decode()
    assert client.get(reverse("api:organisation-detail", args=["cachee"])).status_code == 404


@pytest.fixture
def territoire():
    region = RegionFactory(code="X11", nom="Région API", population=40_000)
    departement = DepartementFactory(code="Y75", region=region, population=40_000)
    commune = CommuneFactory(departement=departement)
    for _ in range(2):
        _alliance(commune=commune, typologie="mecenat")
    _alliance(commune=commune, typologie="innovation_societale")
    observatoire_refresh()
    return departement


def test_les_chiffres_de_l_observatoire(client, territoire):
    response = client.get(reverse("api:chiffres"), {"typologie": "mecenat"})
    assert response.status_code == 200
    body = response.json()
    assert body["alliances"] == 2 and body["territoire"] == "France"
    typologies = next(r for r in body["repartitions"] if r["code"] == "typologies")
    assert typologies["lignes"] == [{"code": "mecenat", "libelle": "mécénat", "nombre": 2}]
    departement = next(d for d in body["departements"] if d["code"] == "Y75")
    assert departement["alliances"] == 2 and departement["alliances_pour_10000"] == 0.5
    local = client.get(reverse("api:chiffres"), {"departement": "Y75"}).json()
    assert local["alliances"] == 3 and local["alliances_pour_10000"] == 0.75


def test_les_territoires_et_leurs_ratios(client, territoire):
    body = client.get(reverse("api:departement-list")).json()
    assert {d["code"]: d["alliances"] for d in body}["Y75"] == 3
    region = client.get(reverse("api:region-detail", args=["X11"])).json()
    assert region["alliances"] == 3 and region["alliances_pour_10000"] == 0.75
    assert region["url"] == "http://testserver" + territoire.region.get_absolute_url()
    assert client.get(reverse("api:region-detail", args=["ZZ"])).status_code == 404
    filtered = client.get(reverse("api:departement-detail", args=["Y75"]), {"typologie": "mecenat"})
    assert filtered.json()["alliances"] == 2


@pytest.mark.parametrize(
    "params",
    [{"debut": "1200", "fin": "2001"}, {"typologie": "x"}, {"fin": "abc"}, {"pays": "FR"}],
)
def test_les_chiffres_refusent_les_annees_absurdes_et_les_filtres_inconnus(client, params):
    response = client.get(reverse("api:chiffres"), params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"


def test_une_periode_qui_finit_avant_de_commencer_ne_compte_rien(client):
    # The schema accepts each year alone: the API answers, with nothing in an empty period.
    _alliance(date_debut=datetime.date(2020, 3, 1))
    observatoire_refresh()
    url = reverse("api:chiffres")
    assert client.get(url, {"debut": "2019", "fin": "2021"}).json()["alliances"] == 1
    response = client.get(url, {"debut": "2021", "fin": "2019"})
    assert response.status_code == 200
    assert response.json()["alliances"] == 0


def test_la_limite_de_requetes_repond_429_en_francais(client, settings):
    settings.API_RATE_PER_MINUTE = 3
    for _ in range(3):
        assert client.get(ORGANISATIONS).status_code == 200
    response = client.get(ORGANISATIONS)
    assert response.status_code == 429
    assert response.json()["detail"].startswith("Trop de requêtes : au plus 3 par minute")
    assert int(response["Retry-After"]) > 0
    # Another client is not slowed down.
    assert client.get(ORGANISATIONS, REMOTE_ADDR="10.1.2.3").status_code == 200


def test_cors_ouvert_en_lecture_pour_l_api_seulement(client):
    response = client.get(ORGANISATIONS, HTTP_ORIGIN="https://exemple.org")
    assert response["Access-Control-Allow-Origin"] == "*"
    page = client.get(reverse("observatoire:index"), HTTP_ORIGIN="https://exemple.org")
    assert "Access-Control-Allow-Origin" not in page


def test_l_api_est_en_lecture_seule(client):
    response = client.post(ORGANISATIONS, {}, content_type="application/json")
    assert response.status_code == 405


def test_le_schema_openapi_et_sa_documentation(client):
    schema = client.get(reverse("api:schema"))
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert "/api/v1/alliances/" in paths and "/api/v1/chiffres/" in paths
    assert "429" in paths["/api/v1/alliances/"]["get"]["responses"]
    page = client.get(reverse("api:documentation"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "<code>GET /api/v1/alliances/</code>" in html
    assert "<code>curseur</code>" in html


def test_changer_x_forwarded_for_ne_contourne_pas_la_limite(client, settings):
    settings.API_RATE_PER_MINUTE = 2
    settings.TRUSTED_PROXIES = 0
    for n in range(2):
        assert client.get(ORGANISATIONS, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code == 200
    response = client.get(ORGANISATIONS, HTTP_X_FORWARDED_FOR="198.51.100.99")
    assert response.status_code == 429


def test_derriere_un_proxy_une_adresse_inventee_a_gauche_ne_contourne_pas_la_limite(
    client, settings
):
    settings.API_RATE_PER_MINUTE = 2
    settings.TRUSTED_PROXIES = 1
    for n in range(2):
        forwarded = f"203.0.113.{n}, 198.51.100.7"
        assert client.get(ORGANISATIONS, HTTP_X_FORWARDED_FOR=forwarded).status_code == 200
    response = client.get(ORGANISATIONS, HTTP_X_FORWARDED_FOR="203.0.113.99, 198.51.100.7")
    assert response.status_code == 429
    # Another visitor, as reported by the proxy, has their own count.
    other = client.get(ORGANISATIONS, HTTP_X_FORWARDED_FOR="203.0.113.99, 198.51.100.8")
    assert other.status_code == 200


def test_une_periode_impossible_ne_donne_aucune_alliance(client):
    # The filters combine as « and »: no alliance starts after 2030 and before 1990. (The search
    # page, for people, explains the mistake instead.)
    _alliance(date_debut=datetime.date(2020, 1, 1))
    response = client.get(ALLIANCES, {"debut_apres": "2030-01-01", "debut_avant": "1990-01-01"})
    assert response.status_code == 200
    assert response.json()["results"] == []
    periode = {"debut_apres": "2019-01-01", "debut_avant": "2021-01-01"}
    assert len(client.get(ALLIANCES, periode).json()["results"]) == 1


def test_la_recherche_explique_aussi_une_periode_impossible_et_garde_la_saisie(client):
    response = client.get(
        reverse("alliances:alliance_list"),
        {"debut_apres": "2030-01-01", "debut_avant": "1990-01-01"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "La période finit avant de commencer" in html
    assert 'value="2030-01-01"' in html and 'value="1990-01-01"' in html


def test_les_organisations_se_filtrent_par_le_code_insee_de_leur_siege(client):
    siege = CommuneFactory()
    OrganisationFactory(nom="Ici", siege=siege)
    OrganisationFactory(nom="Ailleurs")
    response = client.get(ORGANISATIONS, {"commune": siege.code_insee})
    assert [o["nom"] for o in response.json()["results"]] == ["Ici"]
    # A well-formed code that names no commune, then a name where a code is expected.
    assert client.get(ORGANISATIONS, {"commune": "99999"}).status_code == 404
    assert client.get(ORGANISATIONS, {"commune": "Lyon"}).status_code == 400
    parametres = client.get(reverse("api:schema")).json()["paths"]["/api/v1/organisations/"]
    assert "commune" in {p["name"] for p in parametres["get"]["parameters"]}
