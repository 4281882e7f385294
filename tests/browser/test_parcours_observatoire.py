import re

import pytest
from playwright.sync_api import expect

from observatoire.chiffres import observatoire_refresh
from territoires.models import Departement
from tests.factories import (
    AllianceFactory,
    CommuneFactory,
    DepartementFactory,
    RegionFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def alliances():
    """Real INSEE codes, so that the map's outlines find their figures."""
    aura = RegionFactory(code="84", nom="Auvergne-Rhône-Alpes", slug="auvergne-rhone-alpes")
    rhone = DepartementFactory(code="69", nom="Rhône", slug="rhone", region=aura)
    Departement.objects.filter(pk=rhone.pk).update(population=25_000)
    naq = RegionFactory(code="75", nom="Nouvelle-Aquitaine", slug="nouvelle-aquitaine")
    gironde = DepartementFactory(code="33", nom="Gironde", slug="gironde", region=naq)
    lyon = CommuneFactory(nom="Lyon d'essai", departement=rhone)
    for typologie in ("mecenat", "mecenat", "innovation_societale"):
        AllianceFactory(commune=lyon, typologie=typologie)
    AllianceFactory(commune=CommuneFactory(departement=gironde), typologie="mecenat")
    observatoire_refresh()


def test_ouvrir_l_observatoire_le_filtrer_et_lire_un_departement_sur_la_carte(live_server, page):
    page.goto(live_server.url + "/observatoire/")
    page.get_by_role("heading", level=1, name="L'observatoire des alliances").wait_for()
    page.get_by_text("4 alliances publiées").wait_for()
    page.wait_for_function(
        "() => window.Chart && Chart.getChart(document.querySelector('canvas[data-graphique]'))"
    )

    # axe checks this state, chart drawn, before the filter's request replaces it.
    page.get_by_label("Typologie", exact=True).select_option("mecenat")
    page.get_by_text("3 alliances publiées").wait_for()
    expect(page).to_have_url(re.compile(r"typologie=mecenat"))

    rhone = page.locator('#carte-observatoire path[data-code="69"]')
    rhone.wait_for()
    rhone.dispatch_event("click")
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "Rhône" in popup.inner_text()
    # 2 mécénat alliances for 25,000 inhabitants.
    assert "2 alliances, 0,80 pour 10 000 habitants" in popup.inner_text()

    popup.get_by_role("link", name="Voir la page du territoire").click()
    page.get_by_role("heading", level=1, name="Rhône (69)").wait_for()
    page.get_by_role("heading", name="Les chiffres du territoire").wait_for()
    expect(page.locator("#resultats")).to_contain_text(re.compile(r"3\s+alliances publiées"))
