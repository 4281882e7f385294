"""What every htmx form shows when its request fails (issue 15): a form refused by the server
shows its messages, a server or network failure a DSFR alert; the page never stays silently
unchanged."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import AllianceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RECHERCHE = re.compile(r"/alliances/\?")


@pytest.fixture
def liste(live_server, page):
    AllianceFactory(titre="Une alliance publiée")
    page.goto(live_server.url + "/alliances/")
    expect(page.get_by_role("heading", name="1 alliance", exact=True)).to_be_visible()
    return page


def test_une_periode_refusee_s_explique_a_cote_du_champ(liste):
    """htmx replaces only the results; the form's message comes with the whole page."""
    liste.get_by_label("Commencée après le").fill("2024-06-01")
    liste.get_by_label("Commencée avant le").fill("2024-01-01")
    liste.get_by_label("Commencée avant le").press("Enter")
    expect(liste.get_by_text("La période finit avant de commencer")).to_be_visible()
    expect(liste).to_have_url(re.compile(r"debut_avant=2024-01-01"))
    # What was typed is kept.
    expect(liste.get_by_label("Commencée après le")).to_have_value("2024-06-01")


def test_une_erreur_du_serveur_est_dite_puis_effacee_par_la_requete_suivante(liste):
    liste.route(RECHERCHE, lambda route: route.fulfill(status=500, body="panne"))
    liste.get_by_label("Typologie").select_option("mecenat")
    alerte = liste.get_by_role("alert").filter(has_text="Le serveur a rencontré une erreur")
    expect(alerte).to_be_visible()
    expect(alerte).to_contain_text("code 500")

    liste.unroute(RECHERCHE)
    liste.get_by_label("Typologie").select_option("")
    expect(liste.get_by_role("heading", name="1 alliance", exact=True)).to_be_visible()
    expect(alerte).to_have_count(0)


def test_une_coupure_du_reseau_est_dite(liste):
    liste.route(RECHERCHE, lambda route: route.abort("internetdisconnected"))
    liste.get_by_label("Typologie").select_option("mecenat")
    expect(
        liste.get_by_role("alert").filter(has_text="Le serveur n'a pas pu être joint")
    ).to_be_visible()
