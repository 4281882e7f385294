"""On a phone (375 px wide), a search page shows its results first; its filters wait in a
DSFR accordion that opens on demand (components/panneau_filtres.html). On a wide screen they
stay open beside the results."""

import pytest

from tests.factories import AllianceFactory, OffreFactory, OrganisationFactory
from tests.ressources.factories import RessourceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# An iPhone X to 13 mini: the most common 375 px wide screen.
TELEPHONE = {"width": 375, "height": 812}
ECRAN = {"width": 1280, "height": 800}
PAGES = {
    "/alliances/": "Rechercher des alliances",
    "/offres/": "Rechercher des offres",
    "/acteurs/": "Filtrer les acteurs",
    "/ressources/": "Rechercher des ressources",
}


@pytest.fixture
def contenus(db):
    typologies = ["mecenat", "innovation_societale", "cooperation_economique"]
    for n in range(12):
        alliance = AllianceFactory(titre=f"Alliance de quartier {n}", typologie=typologies[n % 3])
        alliance.domaines.set([["sante", "education", "environnement"][n % 3]])
    for n in range(6):
        OffreFactory(titre=f"Offre de bénévolat {n}", typologie=typologies[n % 3])
    OrganisationFactory.create_batch(6)
    for n in range(6):
        RessourceFactory(titre=f"Guide pratique {n}")


def _accordeon_pret(page, panneau: str) -> None:
    """Waits until the DSFR's script has taken the accordion over (it marks it so)."""
    page.locator(f"#{panneau}[data-fr-js-collapse=true]").wait_for(state="attached")


@pytest.fixture
def telephone(browser):
    context = browser.new_context(locale="fr-FR", viewport=TELEPHONE)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("path", PAGES)
def test_sur_un_telephone_les_resultats_viennent_d_abord_et_les_filtres_s_ouvrent(
    live_server, telephone, contenus, path
):
    page = telephone
    page.goto(live_server.url + path)
    formulaire = page.get_by_role("search", name=PAGES[path])
    bouton = page.get_by_role("button", name="Filtres")
    bouton.wait_for()

    # The first result's title is on the first screen, the filters are folded.
    titre = page.locator("#resultats .fr-card__title").first
    titre.wait_for()
    boite = titre.bounding_box()
    assert boite["y"] + boite["height"] <= TELEPHONE["height"], boite
    assert formulaire.is_hidden()
    assert bouton.get_attribute("aria-expanded") == "false"

    _accordeon_pret(page, "panneau-filtres")
    bouton.click()
    formulaire.wait_for(state="visible")
    assert bouton.get_attribute("aria-expanded") == "true"
    page.get_by_role("searchbox", name="Rechercher").wait_for(state="visible")


def test_sur_un_telephone_un_filtre_choisi_se_compte_sur_le_bouton(
    live_server, telephone, contenus
):
    page = telephone
    page.goto(live_server.url + "/alliances/?typologie=mecenat&domaine=sante")
    page.get_by_role("heading", name="4 alliances").wait_for()
    _accordeon_pret(page, "panneau-filtres")
    page.get_by_role("button", name="Filtres (2 actifs)").click()
    page.get_by_label("Typologie").wait_for(state="visible")
    page.get_by_label("Typologie").select_option("")
    page.get_by_role("heading", name="4 alliances").wait_for()  # domaine santé only: 4 of 12
    # The facets too wait folded below the count of results.
    facettes = page.get_by_role("button", name="Nombre de résultats par filtre")
    assert facettes.get_attribute("aria-expanded") == "false"
    _accordeon_pret(page, "panneau-facettes")
    facettes.click()
    page.locator("#panneau-facettes .fr-tag").first.wait_for(state="visible")


@pytest.mark.parametrize("path", PAGES)
def test_sur_un_grand_ecran_les_filtres_restent_ouverts(browser, live_server, contenus, path):
    context = browser.new_context(locale="fr-FR", viewport=ECRAN)
    page = context.new_page()
    page.goto(live_server.url + path)
    page.get_by_role("search", name=PAGES[path]).wait_for(state="visible")
    page.locator("#resultats .fr-card__title").first.wait_for(state="visible")
    assert page.get_by_role("button", name="Filtres").count() == 0  # hidden, not announced
    context.close()


def test_sans_javascript_les_filtres_sont_ouverts_sur_un_telephone(browser, live_server, contenus):
    context = browser.new_context(locale="fr-FR", viewport=TELEPHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/alliances/")
    page.get_by_role("search", name="Rechercher des alliances").wait_for(state="visible")
    assert page.get_by_role("button", name="Filtres").count() == 0
    context.close()
