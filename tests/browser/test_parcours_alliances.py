import contextlib
import re

import pytest
from playwright.sync_api import expect

from alliances.models import Participation
from alliances.services import alliances_refresh_search
from tests.factories import (
    AllianceFactory,
    CommuneFactory,
    OrganisationFactory,
    ParticipationFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def alliances(settings, live_server):
    # Tiles that do not exist: the map must still show its markers.
    settings.MAP_TILES_URL = live_server.url + "/static/tuiles-absentes/{z}/{x}/{y}.png"
    lyon = CommuneFactory(nom="Lyon d'essai", latitude=45.76, longitude=4.83)
    created = []
    for titre, typologie in [
        ("Coopération économique pour l'insertion", "cooperation_economique"),
        ("Mécénat de compétences pour l'insertion numérique", "mecenat"),
        ("Achats responsables auprès d'un ESAT", "pratiques_responsables"),
    ]:
        alliance = AllianceFactory(
            titre=titre,
            typologie=typologie,
            commune=lyon,
            description=f"{titre} : une alliance de démonstration pour les tests.",
        )
        for role, kind in ((Participation.Role.PORTEUR, {}), ("partenaire", {"entreprise": True})):
            ParticipationFactory(
                alliance=alliance, organisation=OrganisationFactory(**kind), role=role
            )
        created.append(alliance)
    alliances_refresh_search([alliance.pk for alliance in created])
    return created


def test_chercher_filtrer_ouvrir_une_alliance_et_la_voir_sur_la_carte(live_server, page, alliances):
    page.goto(live_server.url + "/alliances/")
    page.get_by_role("heading", name="3 alliances").wait_for()

    page.get_by_role("searchbox", name="Rechercher").fill("insertion")
    page.get_by_role("button", name="Rechercher").click()
    page.get_by_role("heading", name="2 alliances").wait_for()
    expect(page).to_have_url(re.compile(r"q=insertion"))

    page.get_by_label("Typologie").select_option("mecenat")
    page.get_by_role("heading", name="1 alliance", exact=True).wait_for()
    expect(page).to_have_url(re.compile(r"typologie=mecenat"))

    page.get_by_role("link", name="Mécénat de compétences pour l'insertion numérique").click()
    page.get_by_role(
        "heading", level=1, name="Mécénat de compétences pour l'insertion numérique"
    ).wait_for()
    page.locator("[data-carte=point].leaflet-container").wait_for()
    # The marker is drawn after the map: wait for it, don't count what is there yet.
    expect(page.locator(".leaflet-marker-icon")).to_have_count(1)

    page.goto(live_server.url + "/alliances/carte/")
    page.get_by_text("3 alliances dans cette partie de la carte.").wait_for()
    expect(page.locator(".carte-groupe").first).to_be_visible()


def test_dans_la_recherche_de_proximite_la_derniere_saisie_l_emporte(live_server, page, alliances):
    """Typing fast: a request still in flight when the next one leaves is abandoned (issue 15),
    so a slow answer can never replace newer results. The first search is held on the way
    until htmx has abandoned it."""
    grenoble = AllianceFactory(
        titre="Une alliance à Grenoble",
        commune=CommuneFactory(nom="Grenoble d'essai", latitude=45.19, longitude=5.72),
    )
    grenoble.refresh_recherche([], [])
    grenoble.save()
    alliances_refresh_search([grenoble.pk])
    retenues = []

    def relayer(route, request):
        if "rayon=150" in request.url:
            retenues.append(route)  # the slow answer: it never comes back in time
        else:
            route.continue_()

    page.goto(live_server.url + "/alliances/")
    expect(page.get_by_role("heading", name="4 alliances")).to_be_visible()
    page.route(re.compile(r"/alliances/\?"), relayer)
    page.get_by_label("Près de (commune)").fill(str(alliances[0].commune))
    rayon = page.get_by_label("Dans un rayon de (km)")
    rayon.fill("150")
    with page.expect_request(lambda request: "rayon=150" in request.url):
        rayon.press("Enter")

    rayon.fill("10")
    with page.expect_event("requestfailed", lambda request: "rayon=150" in request.url):
        rayon.press("Enter")

    # The last search's results, and the address they come from.
    expect(page.get_by_role("heading", name="3 alliances")).to_be_visible()
    expect(page).to_have_url(re.compile(r"rayon=10(&|$)"))
    assert "Une alliance à Grenoble" not in page.locator("#resultats").inner_text()
    for route in retenues:
        with contextlib.suppress(Exception):
            route.abort()


def _chevauchements(page, selecteur: str) -> list:
    """The pairs of elements matching `selecteur` whose boxes overlap on screen."""
    return page.evaluate(
        """(selecteur) => {
          const boxes = [...document.querySelectorAll(selecteur)]
            .map((e) => e.getBoundingClientRect());
          const pairs = [];
          boxes.forEach((a, i) => boxes.slice(i + 1).forEach((b) => {
            if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) {
              pairs.push([a.left, a.top, b.left, b.top]);
            }
          }));
          return pairs;
        }""",
        selecteur,
    )


def test_la_carte_sans_trait_sur_le_zoom_ni_groupes_qui_se_chevauchent(settings, live_server, page):
    settings.MAP_TILES_URL = live_server.url + "/static/tuiles-absentes/{z}/{x}/{y}.png"
    # Two groups of alliances a few hundred metres apart, on either side of longitude 0: every
    # zoom's grid has a cell edge there, so the server sends two groups whose discs overlapped.
    for longitude in (-0.004, 0.004):
        commune = CommuneFactory(latitude=46.5, longitude=longitude)
        AllianceFactory.create_batch(3, commune=commune)

    page.goto(live_server.url + "/alliances/carte/")
    page.get_by_text("6 alliances dans cette partie de la carte.").wait_for()
    page.locator(".leaflet-marker-icon.carte-groupe").first.wait_for()

    assert _chevauchements(page, ".leaflet-marker-icon") == []
    assert page.locator(".leaflet-marker-icon.carte-groupe").all_inner_texts() == ["6"]
    for bouton in (".leaflet-control-zoom-in", ".leaflet-control-zoom-out"):
        style = page.locator(bouton).evaluate(
            "(e) => { const s = getComputedStyle(e);"
            " return [s.textDecorationLine, s.backgroundImage]; }"
        )
        assert style == ["none", "none"], bouton
