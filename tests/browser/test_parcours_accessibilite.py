"""The control of the axe check every journey goes through (tests/browser/accessibilite.py): a
violation is seen on a page left at once for the next one, and on a state an htmx swap
leaves; and the pages axe found wanting (issue 15, item 18)."""

import re
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from organisations.views import ORGANISATIONS_PAR_PAGE
from tests.browser.accessibilite import Axe
from tests.factories import OrganisationFactory

pytestmark = [pytest.mark.browser]

PAGES = {
    "/a.html": "<h1>Page A</h1><img src='/photo.png'><a href='/b.html'>Page suivante</a>",
    "/b.html": "<h1>Page B</h1>",
}


@pytest.fixture
def site():
    """Two pages of our own on a local server, the first one with an image without text."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            corps = PAGES.get(self.path, "")
            page = f"<!DOCTYPE html><html lang='fr'><title>Essai</title><main>{corps}</main></html>"
            self.send_response(200 if corps else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(page.encode())

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_axe_voit_la_page_quittee_aussitot_et_l_etat_laisse_par_un_echange(
    browser, axe_source, site
):
    context = browser.new_context(locale="fr-FR")
    axe = Axe(context, axe_source)
    page = context.new_page()
    axe.watch(page)
    try:
        page.goto(site + "/a.html")
        # Left as soon as loaded: the next page waits for the check.
        page.get_by_role("link", name="Page suivante").click()
        page.get_by_role("heading", name="Page B").wait_for()
        assert [grave for grave in axe.graves if "/a.html : image-alt (critical)" in grave]

        page.evaluate(
            """() => {
              document.querySelector("main").insertAdjacentHTML("beforeend", "<img src='/x.png'>");
              document.body.dispatchEvent(new Event("htmx:afterSettle", {bubbles: true}));
            }"""
        )
        axe.finish()
        assert [grave for grave in axe.graves if "/b.html : image-alt (critical)" in grave]
    finally:
        context.close()


def _luminance(rgb: str) -> float:
    """The relative luminance of a computed colour, `rgb(r, g, b)` (WCAG 2)."""
    canaux = [int(value) / 255 for value in re.findall(r"\d+", rgb)[:3]]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in canaux)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("numero", [1, 2])
def test_les_liens_inactifs_de_la_pagination_se_lisent(live_server, page, numero):
    """On the first page, « Première page » and « Page précédente » are inactive; on the last,
    the next two. axe leaves aria-disabled elements out of its contrast check: measured here,
    against the page's background, at the 4.5:1 of body text."""
    OrganisationFactory.create_batch(ORGANISATIONS_PAR_PAGE + 1)
    page.goto(live_server.url + f"/acteurs/?page={numero}")
    inactifs = page.locator(".fr-pagination__link[aria-disabled=true]")
    inactifs.first.wait_for()
    fond = _luminance(page.evaluate("getComputedStyle(document.body).backgroundColor"))
    couleurs = inactifs.evaluate_all("(links) => links.map((a) => getComputedStyle(a).color)")
    assert len(couleurs) == 2
    for couleur in couleurs:
        texte = _luminance(couleur)
        contraste = (max(texte, fond) + 0.05) / (min(texte, fond) + 0.05)
        assert contraste >= 4.5, f"{couleur} : {contraste:.2f}:1"


@pytest.mark.django_db(transaction=True)
def test_le_menu_mobile_s_ouvre_en_dialogue_nomme(live_server, page):
    """On a small screen DSFR's script makes the menu a dialog named by its button; axe checks
    it open, when the test ends."""
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(live_server.url + "/")
    page.get_by_role("button", name="Menu").click()
    menu = page.get_by_role("dialog", name="Menu")
    menu.get_by_role("link", name="Alliances").wait_for()
    assert menu.get_by_role("navigation", name="Menu principal").is_visible()
