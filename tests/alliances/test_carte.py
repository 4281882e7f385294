"""The alliance map: its page and the JSON of server-side clusters."""

import json

import pytest
from django.urls import reverse

from tests.factories import AllianceFactory, CommuneFactory

pytestmark = pytest.mark.django_db

POINTS = reverse("alliances:alliance_map_points")
FRANCE = "-5.3,41.2,9.7,51.2"


@pytest.fixture
def alliances():
    lyon = CommuneFactory(nom="Lyon d'essai", latitude=45.76, longitude=4.83)
    villeurbanne = CommuneFactory(latitude=45.77, longitude=4.88)
    marseille = CommuneFactory(latitude=43.30, longitude=5.37)
    created = [AllianceFactory(commune=lyon, typologie="mecenat") for _ in range(3)]
    created.append(AllianceFactory(commune=villeurbanne, typologie="innovation_societale"))
    created.append(
        AllianceFactory(
            commune=marseille, titre="Seule à Marseille", typologie="cooperation_economique"
        )
    )
    AllianceFactory(commune=marseille, en_attente=True)
    return created


def test_a_l_echelle_de_la_france_la_carte_regroupe_les_alliances(
    client, alliances, django_assert_num_queries
):
    # Whether the map reads the cells of the counts (alliances/facettes.py); the points.
    with django_assert_num_queries(2):
        response = client.get(POINTS, {"bbox": FRANCE, "zoom": "6"})
    points = response.json()["points"]
    assert sum(point["n"] for point in points) == 5
    lyon = max(points, key=lambda point: point["n"])
    assert lyon["n"] == 4
    assert lyon["lat"] == pytest.approx(45.76, abs=0.05)
    seule = next(point for point in points if point["n"] == 1)
    assert seule["titre"] == "Seule à Marseille"
    assert seule["url"] == alliances[-1].get_absolute_url()


def test_de_pres_la_carte_montre_chaque_alliance(client, alliances):
    response = client.get(POINTS, {"bbox": "4.7,45.7,5.0,45.8", "zoom": "14"})
    points = response.json()["points"]
    assert len(points) == 4
    assert all(point["n"] == 1 and point["url"].startswith("/alliances/") for point in points)


def test_la_carte_suit_les_filtres(client, alliances):
    response = client.get(POINTS, {"bbox": FRANCE, "zoom": "6", "typologie": "mecenat"})
    assert sum(point["n"] for point in response.json()["points"]) == 3


def test_deux_vues_voisines_au_meme_zoom_partagent_une_reponse(
    client, alliances, django_assert_num_queries
):
    first = client.get(POINTS, {"bbox": FRANCE, "zoom": "6"}).json()
    # A few pixels further (a cell is about 1.3 degrees at zoom 6): answered from the cache.
    with django_assert_num_queries(0):
        moved = client.get(POINTS, {"bbox": "-5.29,41.3,9.75,51.3", "zoom": "6"}).json()
    assert moved == first
    # Another filter is another answer.
    with django_assert_num_queries(1):
        client.get(POINTS, {"bbox": FRANCE, "zoom": "6", "typologie": "mecenat"})


def test_une_case_coupee_par_le_bord_de_l_ecran_compte_toutes_ses_alliances(client, alliances):
    # Lyon (4.83) and Villeurbanne (4.88) share a cell at zoom 6; the view stops between them.
    points = client.get(POINTS, {"bbox": "4.0,45.0,4.85,46.5", "zoom": "6"}).json()["points"]
    assert sum(point["n"] for point in points) == 4


def test_la_carte_reste_legere_avec_beaucoup_d_alliances(client):
    for index in range(200):
        commune = CommuneFactory(latitude=42 + (index % 20) * 0.4, longitude=-4 + index // 20)
        AllianceFactory(commune=commune)
    response = client.get(POINTS, {"bbox": FRANCE, "zoom": "5"})
    points = response.json()["points"]
    assert sum(point["n"] for point in points) == 200
    assert len(points) < 120
    assert len(response.content) < 20_000


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"bbox": FRANCE},
        {"bbox": "a,b,c,d", "zoom": "5"},
        {"bbox": "1,2,3", "zoom": "5"},
        {"bbox": "10,50,-5,41", "zoom": "5"},
        {"bbox": "-500,41,9,51", "zoom": "5"},
        {"bbox": FRANCE, "zoom": "99"},
        {"bbox": FRANCE, "zoom": "-1"},
        {"bbox": "nan,nan,nan,nan", "zoom": "5"},
    ],
)
def test_une_vue_de_carte_invalide_rend_une_400_en_json(client, query):
    response = client.get(POINTS, query)
    assert response.status_code == 400
    assert "erreurs" in json.loads(response.content)


def test_la_page_de_la_carte(client, alliances):
    html = client.get(reverse("alliances:alliance_map"), {"typologie": "mecenat"}).content.decode()
    assert 'data-carte="recherche"' in html
    assert "/static/vendor/leaflet/leaflet.js" in html
    assert 'href="/alliances/?typologie=mecenat"' in html


def test_la_page_d_une_alliance_a_sa_petite_carte(client, alliances):
    html = client.get(alliances[0].get_absolute_url()).content.decode()
    assert 'data-carte="point" data-lat="45.760000" data-lon="4.830000"' in html
