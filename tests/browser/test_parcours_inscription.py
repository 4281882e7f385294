import re

import pytest
from playwright.sync_api import expect

from tests.browser.parcours import sign_up_and_log_in
from tests.factories import OrganisationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_une_personne_s_inscrit_confirme_son_adresse_et_se_connecte(live_server, page):
    sign_up_and_log_in(page, live_server.url, "sacha@exemple.fr")

    expect(page).to_have_url(re.compile(re.escape(live_server.url) + "/$"))
    expect(page.get_by_text("Connexion avec sacha@exemple.fr réussie.")).to_be_visible()
    expect(page.get_by_text("Connecté en tant que sacha@exemple.fr").first).to_be_visible()


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/acteurs/",
        "/acteurs/les-jardins-solidaires/",
        "/alliances/",
        "/alliances/carte/",
        "/territoires/",
        "/comptes/inscription/",
    ],
)
def test_les_pages_publiques_n_ont_aucune_violation_d_accessibilite_grave(live_server, page, path):
    organisation = OrganisationFactory(nom="Les Jardins Solidaires")
    organisation.domaines.set(["alimentation"])
    page.goto(live_server.url + path)
    # axe checks every page the `page` fixture visits (tests/browser/accessibilite.py).
