"""The directory /acteurs/ searched like the alliances (issue 15, point 5): French full-text
search on name, type, domaines and description, ranked on PostgreSQL, and a place with a
radius like the offres."""

import pytest
from django.db import connection
from django.urls import reverse

from organisations.services import organisations_refresh_search
from tests.factories import CommuneFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

URL = reverse("organisations:organisation_list")


def _organisation(nom, description="Une structure engagée.", domaines=(), **fields):
    organisation = OrganisationFactory(nom=nom, description=description, **fields)
    organisation.domaines.set(domaines)
    organisations_refresh_search([organisation.pk])
    return organisation


def _noms(response) -> list[str]:
    return [organisation.nom for organisation in response.context["page"]]


def test_un_texte_qui_nomme_un_domaine_trouve_ses_acteurs(client):
    _organisation("Les Petits Débrouillards", domaines=["education"])
    _organisation("Les Restos du Quartier", domaines=["alimentation"])
    for texte in ("éducation", "EDUCATION", "Education"):
        assert _noms(client.get(URL, {"q": texte})) == ["Les Petits Débrouillards"]


def test_la_recherche_racinise_les_mots_comme_pour_les_alliances(client):
    _organisation("Maison des jeunes", description="Accueil et loisirs.")
    _organisation("Atelier vélo", description="Réparation des vélos.")
    assert _noms(client.get(URL, {"q": "jeune"})) == ["Maison des jeunes"]
    assert _noms(client.get(URL, {"q": "reparations velo"})) == ["Atelier vélo"]
    # Every word required, stop words ignored.
    assert _noms(client.get(URL, {"q": "maison des vélos"})) == []
    assert _noms(client.get(URL, {"q": "de la"})) == []


def test_le_type_de_structure_se_cherche_aussi(client):
    _organisation("Boulangerie Martin", entreprise=True)
    _organisation("Les Jardins Solidaires")
    assert _noms(client.get(URL, {"q": "entreprises"})) == ["Boulangerie Martin"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite ne classe pas")
def test_le_nom_compte_plus_que_la_description(client):
    _organisation("Atelier du quartier", description="Nous réparons le vélo de chacun.")
    _organisation("Vélo pour tous", description="Une association de quartier.")
    # By name, « Atelier » would come first; by relevance, the name that says « vélo ».
    assert _noms(client.get(URL, {"q": "vélo"})) == ["Vélo pour tous", "Atelier du quartier"]


def test_sans_classement_sqlite_trie_par_nom(client):
    _organisation("Vélo pour tous")
    _organisation("Atelier vélo")
    if connection.vendor != "postgresql":
        assert _noms(client.get(URL, {"q": "vélo"})) == ["Atelier vélo", "Vélo pour tous"]


@pytest.fixture
def lyon():
    return CommuneFactory(nom="Lyon d'essai", latitude=45.7640, longitude=4.8357)


def test_le_rayon_garde_les_acteurs_proches_du_plus_proche_au_plus_loin(client, lyon):
    a_quinze_km = CommuneFactory(latitude=45.7640 + 0.1349, longitude=4.8357)
    a_cinq_km = CommuneFactory(latitude=45.7640 + 0.045, longitude=4.8357)
    marseille = CommuneFactory(latitude=43.3, longitude=5.4)
    _organisation("Aux quinze kilomètres", siege=a_quinze_km)
    _organisation("Zéro kilomètre", siege=lyon)
    _organisation("Ballon à cinq kilomètres", siege=a_cinq_km)
    _organisation("Au loin", siege=marseille)
    response = client.get(URL, {"commune": str(lyon), "rayon": "20"})
    assert _noms(response) == [
        "Zéro kilomètre",
        "Ballon à cinq kilomètres",
        "Aux quinze kilomètres",
    ]
    assert _noms(client.get(URL, {"commune": str(lyon), "rayon": "10"})) == [
        "Zéro kilomètre",
        "Ballon à cinq kilomètres",
    ]
    # Without a radius, the commune itself.
    assert _noms(client.get(URL, {"commune": str(lyon)})) == ["Zéro kilomètre"]


def test_le_rayon_se_combine_au_texte(client, lyon):
    proche = CommuneFactory(latitude=45.7640 + 0.045, longitude=4.8357)
    _organisation("Jardins de Lyon", siege=proche, domaines=["alimentation"])
    _organisation("Vélos de Lyon", siege=lyon)
    _organisation("Jardins de Marseille", siege=CommuneFactory(latitude=43.3, longitude=5.4))
    response = client.get(URL, {"q": "jardin", "commune": str(lyon), "rayon": "20"})
    assert _noms(response) == ["Jardins de Lyon"]


@pytest.mark.parametrize(
    "query, message",
    [
        ({"rayon": "-5", "commune": "Lyon d'essai"}, "au moins 1 km."),
        ({"rayon": "abc"}, "Le rayon s&#x27;écrit en kilomètres, sans décimales."),
        ({"rayon": "5000"}, "Le rayon ne peut pas dépasser 300 km."),
        ({"commune": "Nullepart-sur-Rien"}, "Aucune commune ne correspond"),
    ],
)
def test_un_lieu_ou_un_rayon_invalide_est_explique_en_francais(client, lyon, query, message):
    _organisation("Les Jardins Solidaires", siege=lyon)
    response = client.get(URL, query)
    assert response.status_code == 200
    assert message in response.content.decode()
    # The other filters still apply; the invalid one is left out.
    assert _noms(response) == ["Les Jardins Solidaires"]


def test_le_formulaire_montre_le_champ_du_rayon(client):
    html = client.get(URL).content.decode()
    assert 'name="rayon"' in html and "Dans un rayon de (km)" in html
    assert 'name="commune"' in html and "Près de (commune)" in html


@pytest.mark.parametrize("nombre", [3, 30])
def test_une_recherche_par_texte_et_rayon_fait_un_nombre_fixe_de_requetes(
    client, django_assert_num_queries, lyon, nombre
):
    for index in range(nombre):
        _organisation(f"Jardins numéro {index}", siege=lyon, domaines=["alimentation"])
    # the commune typed, the count, the page, its domaines and ODD, then the filter form's
    # four lists of choices
    with django_assert_num_queries(9):
        response = client.get(URL, {"q": "jardins", "commune": str(lyon), "rayon": "20"})
    assert response.context["page"].paginator.count == nombre
    assert len(response.context["page"]) == min(nombre, 20)


def test_les_suggestions_de_partenaires_cherchent_le_nom_en_cours_de_frappe(client):
    _organisation("Les Jardins Solidaires", description="Potagers partagés.")
    url = reverse("organisations:organisation_autocomplete")
    assert [s["label"].split(" — ")[0] for s in client.get(url, {"q": "jard sol"}).json()] == [
        "Les Jardins Solidaires"
    ]
    # The description is not a name.
    assert client.get(url, {"q": "potagers"}).json() == []
