import pytest

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
    assert "q=insertion" in page.url

    page.get_by_label("Typologie").select_option("mecenat")
    page.get_by_role("heading", name="1 alliance", exact=True).wait_for()
    assert "typologie=mecenat" in page.url

    page.get_by_role("link", name="Mécénat de compétences pour l'insertion numérique").click()
    page.get_by_role(
        "heading", level=1, name="Mécénat de compétences pour l'insertion numérique"
    ).wait_for()
    page.locator("[data-carte=point].leaflet-container").wait_for()
    assert page.locator(".leaflet-marker-icon").count() == 1

    page.goto(live_server.url + "/alliances/carte/")
    page.get_by_text("3 alliances dans cette partie de la carte.").wait_for()
    assert page.locator(".carte-groupe").count() >= 1
