"""A company finds an association's need, contacts it, the association accepts, and the
alliance is declared: the whole journey through the real pages."""

import re

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from alliances.models import Alliance
from moderation.models import Statut
from offres.models import MiseEnRelation
from offres.services import offres_refresh_search
from tests.browser.parcours import log_in, log_out
from tests.factories import (
    CommuneFactory,
    MembreFactory,
    OffreFactory,
    OrganisationFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _verifie(membre) -> None:
    """Accounts made here have a verified address, as after the sign-up journey."""
    user = membre.user
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)


@pytest.fixture
def acteurs():
    lyon = CommuneFactory(nom="Lyon d'essai", latitude=45.76, longitude=4.83)
    association = OrganisationFactory(nom="Épicerie du Plateau", siege=lyon)
    _verifie(MembreFactory(organisation=association, user__email="benevole@epicerie.exemple.fr"))
    besoin = OffreFactory(
        organisation=association,
        titre="Des compétences en logistique pour nos distributions",
        description="Nos bénévoles s'épuisent à organiser les distributions : aidez-nous.",
        commune=lyon,
    )
    besoin.refresh_recherche()
    besoin.save()
    offres_refresh_search([besoin.pk])
    OffreFactory(titre="Un local à Lyon", ressources=",locaux,", commune=lyon)
    entreprise = OrganisationFactory(entreprise=True, nom="Transports Rhodaniens", siege=lyon)
    _verifie(MembreFactory(organisation=entreprise, user__email="rse@transports.exemple.fr"))
    return besoin


def test_une_entreprise_contacte_une_association_qui_accepte_puis_declare_l_alliance(
    live_server, page, acteurs
):
    log_in(page, live_server.url, "rse@transports.exemple.fr")
    page.goto(live_server.url + "/offres/")
    page.get_by_role("heading", name="2 offres").wait_for()
    page.get_by_role("searchbox", name="Rechercher").fill("logistique")
    page.get_by_role("button", name="Rechercher").click()
    page.get_by_role("heading", name="1 offre", exact=True).wait_for()
    expect(page).to_have_url(re.compile(r"q=logistique"))

    page.get_by_role("link", name="Des compétences en logistique pour nos distributions").click()
    page.get_by_role("link", name="Contacter Épicerie du Plateau").click()
    page.get_by_label("Votre message").fill("Nos chefs d'équipe peuvent vous aider un samedi.")
    page.get_by_role("button", name="Envoyer le message").click()
    page.get_by_text("Votre message est envoyé à Épicerie du Plateau.").wait_for()
    log_out(page)

    log_in(page, live_server.url, "benevole@epicerie.exemple.fr")
    page.goto(live_server.url + "/espace/")
    page.get_by_role("link", name="Transports Rhodaniens").click()
    page.get_by_text("Nos chefs d'équipe peuvent vous aider un samedi.").wait_for()
    page.get_by_label("Message").fill("Avec joie : passez nous voir jeudi.")
    page.get_by_role("button", name="Accepter").click()
    page.get_by_text("Votre réponse est envoyée.").wait_for()
    page.get_by_role("link", name="rse@transports.exemple.fr").wait_for()
    log_out(page)

    log_in(page, live_server.url, "rse@transports.exemple.fr")
    mise_en_relation = MiseEnRelation.objects.get()
    assert mise_en_relation.etat == MiseEnRelation.Etat.ACCEPTEE
    page.goto(live_server.url + mise_en_relation.get_absolute_url())
    page.get_by_text("Avec joie : passez nous voir jeudi.").wait_for()
    page.get_by_role("link", name="benevole@epicerie.exemple.fr").wait_for()
    page.get_by_role("link", name="Déclarer l'alliance").click()
    expect(page.get_by_label("Partenaire 1")).to_have_value(re.compile(r"^Épicerie du Plateau"))
    page.get_by_role("textbox", name="Titre", exact=True).fill("La logistique solidaire du Plateau")
    page.locator("#id_description").fill("Des salariés organisent les distributions.")
    page.get_by_label("Modalité").select_option("contrat_echange")
    page.get_by_role("button", name="Déclarer l'alliance").click()
    page.get_by_role("heading", level=1, name="La logistique solidaire du Plateau").wait_for()

    alliance = Alliance.objects.get()
    assert alliance.statut == Statut.EN_ATTENTE
    assert sorted(alliance.organisations.values_list("nom", flat=True)) == [
        "Transports Rhodaniens",
        "Épicerie du Plateau",
    ]
    mise_en_relation.refresh_from_db()
    assert mise_en_relation.alliance == alliance


@pytest.mark.parametrize("path", ["/offres/", "offre"])
def test_les_pages_des_offres_n_ont_aucune_violation_d_accessibilite_grave(
    live_server, page, acteurs, path
):
    page.goto(live_server.url + (acteurs.get_absolute_url() if path == "offre" else path))
    # axe checks every page the `page` fixture visits (tests/browser/accessibilite.py).
