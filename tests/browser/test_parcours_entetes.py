"""The Content-Security-Policy in a real browser (issue 14): the main pages run with nothing
refused (the `page` fixture fails any test on a refusal), their maps and charts still draw, the
policy does refuse an inline script, and the widget shows inside another site's iframe."""

import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from observatoire.chiffres import observatoire_refresh
from tests.factories import (
    AllianceFactory,
    CommuneFactory,
    DepartementFactory,
    OrganisationFactory,
    ParticipationFactory,
    RegionFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def monde():
    aura = RegionFactory(code="84", nom="Auvergne-Rhône-Alpes", slug="auvergne-rhone-alpes")
    rhone = DepartementFactory(code="69", nom="Rhône", slug="rhone", region=aura)
    lyon = CommuneFactory(nom="Lyon d'essai", departement=rhone, latitude=45.76, longitude=4.83)
    organisation = OrganisationFactory(siege=lyon)
    alliance = AllianceFactory(commune=lyon, titre="Jardins partagés du Rhône")
    ParticipationFactory(alliance=alliance, organisation=organisation, porteur=True)
    observatoire_refresh()
    return {
        "region": aura,
        "departement": rhone,
        "alliance": alliance,
        "organisation": organisation,
    }


def test_les_pages_principales_s_affichent_sans_rien_refuser(live_server, page, monde):
    base = live_server.url
    page.goto(base + "/")
    page.get_by_role("heading", level=1).first.wait_for()

    page.goto(base + "/alliances/")
    page.get_by_text("Jardins partagés du Rhône").first.wait_for()

    page.goto(base + "/alliances/carte/")
    page.locator(".leaflet-marker-icon").first.wait_for()  # the map and its markers are drawn

    page.goto(base + monde["alliance"].get_absolute_url())
    page.locator(".leaflet-container").first.wait_for()  # the alliance's map is drawn

    page.goto(base + "/observatoire/")
    page.wait_for_function(
        "() => window.Chart && Chart.getChart(document.querySelector('canvas[data-graphique]'))"
    )
    page.locator("#carte-observatoire path").first.wait_for()  # the choropleth is drawn

    page.goto(base + monde["departement"].get_absolute_url())
    page.get_by_role("heading", level=1).first.wait_for()
    page.goto(base + monde["region"].get_absolute_url())
    page.get_by_role("heading", level=1).first.wait_for()
    page.goto(base + monde["organisation"].get_absolute_url())
    page.get_by_role("heading", level=1).first.wait_for()

    page.goto(base + "/comptes/login/")
    page.locator("input[type=password]").wait_for()
    page.goto(base + "/admin/login/")
    page.locator("input[type=password]").wait_for()
    page.goto(base + "/api/v1/")
    page.get_by_role("heading", level=1).first.wait_for()
    # No refusal: the `page` fixture asserts it when the test ends.


def test_la_politique_refuse_bien_un_script_en_ligne(live_server, browser):
    """The control of the check above: a refused inline script is seen by the listener."""
    from tests.browser.conftest import CSP_LISTENER

    context = browser.new_context(locale="fr-FR")
    context.add_init_script(CSP_LISTENER)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/")
        page.evaluate(
            """() => { const s = document.createElement("script");
            s.textContent = "window.__execute = true"; document.body.append(s); }"""
        )
        page.wait_for_function("() => window.__cspViolations.length > 0")
        assert page.evaluate("window.__execute") is None
        assert page.evaluate("window.__cspViolations")[0].startswith("script-src")
    finally:
        context.close()


@pytest.fixture
def autre_site(live_server):
    """Another site on another origin (its own server on 127.0.0.1): a page that embeds the
    widget with the code the territory pages give. A real local server, not a route answered
    by Playwright, which Chromium would count as a public site reaching a local one."""
    snippet = (
        f'<iframe src="{live_server.url}/observatoire/widget/?departement=69" '
        'title="Alliances ODD 17"></iframe>'
    )
    body = f"<!DOCTYPE html><html lang='fr'><title>Autre site</title>{snippet}</html>".encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


def test_le_widget_s_affiche_dans_l_iframe_d_un_autre_site(page, monde, autre_site):
    page.goto(autre_site)
    widget = page.frame_locator("iframe")
    widget.get_by_text("Jardins partagés du Rhône").wait_for()
    assert "Rhône" in widget.locator("h1").inner_text()
