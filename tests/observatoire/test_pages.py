import pytest
from django.urls import reverse

from territoires.models import Commune
from tests.factories import (
    AllianceFactory,
    OrganisationFactory,
    ParticipationFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("referentiel")]


def test_la_liste_des_regions_montre_les_18_regions_et_leurs_departements(
    client, django_assert_num_queries
):
    with django_assert_num_queries(2):
        response = client.get(reverse("territoires:region_list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="fr-h5"') == 18
    assert "Auvergne-Rhône-Alpes" in html
    assert 'href="/territoires/departements/rhone/">Rhône (69)</a>' in html


def test_la_page_d_une_region_liste_ses_departements(client, django_assert_num_queries):
    # 4, plus 7 for the observatoire's figures of the région (observatoire/chiffres.py), plus
    # 4 for its key figures and départements counted live, since they were never computed,
    # plus 3 for what its alliances produced (two sums of indicators, the evaluations).
    with django_assert_num_queries(18):
        response = client.get(reverse("territoires:region", args=["auvergne-rhone-alpes"]))
    html = response.content.decode()
    assert "<h1>Auvergne-Rhône-Alpes</h1>" in html
    assert "code INSEE 84" in html
    assert html.count("/territoires/departements/") >= 12


def test_la_page_d_un_departement_pagine_ses_communes_par_population(
    client, django_assert_num_queries
):
    # 5, plus 6 for the observatoire's figures of the département, plus 2 for its key
    # figures counted live, since they were never computed, plus 3 for what its alliances
    # produced (two sums of indicators, the evaluations).
    with django_assert_num_queries(16):
        response = client.get(reverse("territoires:departement", args=["rhone"]))
    assert response.status_code == 200
    page = response.context["page"]
    assert page.paginator.count == 266
    assert page[0].code_insee == "69123"
    assert len(page) == 100
    assert 'aria-current="page">Rhône</a>' in response.content.decode()


def test_une_page_de_communes_hors_limites_rend_la_derniere(client):
    response = client.get(reverse("territoires:departement", args=["rhone"]), {"page": "9999"})
    assert response.context["page"].number == 3
    response = client.get(reverse("territoires:departement", args=["rhone"]), {"page": "abc"})
    assert response.context["page"].number == 1


def test_la_page_de_lyon_donne_son_fil_d_ariane_sa_population_et_sa_metropole(
    client, django_assert_num_queries
):
    with django_assert_num_queries(3):
        response = client.get(reverse("territoires:commune", args=["lyon-69123"]))
    html = response.content.decode()
    assert "<h1>Lyon</h1>" in html
    for lien in (
        '<a class="fr-breadcrumb__link" href="/territoires/regions/auvergne-rhone-alpes/">',
        '<a class="fr-breadcrumb__link" href="/territoires/departements/rhone/">',
        'href="/territoires/epci/metropole-de-lyon-200046977/">Métropole de Lyon</a>',
    ):
        assert lien in html
    assert "69001 69002" in html


def test_la_page_d_une_commune_d_outre_mer_sans_departement(client):
    response = client.get(reverse("territoires:commune", args=["papeete-98735"]))
    assert response.status_code == 200
    assert "Collectivité d'outre-mer" in response.content.decode()


def test_la_page_d_un_epci_liste_ses_communes(client, django_assert_num_queries):
    with django_assert_num_queries(4):
        response = client.get(reverse("territoires:epci", args=["metropole-de-lyon-200046977"]))
    html = response.content.decode()
    assert "Métropole de Lyon" in html
    assert "58 communes" in html


@pytest.mark.parametrize(
    "name",
    ["territoires:region", "territoires:departement", "territoires:epci", "territoires:commune"],
)
def test_un_territoire_inconnu_rend_une_404(client, name):
    assert client.get(reverse(name, args=["atlantide"])).status_code == 404


@pytest.mark.parametrize("nombre", [1, 8])
@pytest.mark.parametrize(
    ("name", "slug", "queries"),
    [
        # Régions and départements also show their observatoire figures (7 and 6 queries),
        # and, never computed here, count them live (4 and 2 queries), and what their
        # alliances produced (3 queries).
        ("territoires:region", "auvergne-rhone-alpes", 24),
        ("territoires:departement", "rhone", 22),
        ("territoires:epci", "metropole-de-lyon-200046977", 10),
        ("territoires:commune", "lyon-69123", 9),
    ],
)
def test_les_pages_de_territoire_montrent_les_acteurs_et_alliances_publies(
    client, django_assert_num_queries, name, slug, queries, nombre
):
    """The same number of queries with 1 or 8 of each: the previews are prefetched."""
    lyon = Commune.objects.get(code_insee="69123")
    OrganisationFactory.create_batch(nombre, siege=lyon)
    for alliance in AllianceFactory.create_batch(nombre, commune=lyon):
        ParticipationFactory(alliance=alliance, porteur=True)
    AllianceFactory(commune=lyon, en_attente=True, titre="Alliance encore en attente")
    OrganisationFactory(siege=lyon, en_attente=True, nom="Association encore en attente")
    with django_assert_num_queries(queries):
        response = client.get(reverse(name, args=[slug]))
    html = response.content.decode()
    assert f"{nombre} organisation" in html
    assert f"{nombre} alliance" in html
    assert html.count('class="fr-card fr-enlarge-link fr-card--horizontal') == 2 * min(nombre, 6)
    assert "Association encore en attente" not in html
    assert "Alliance encore en attente" not in html
