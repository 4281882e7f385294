"""An association declares an alliance, the département's catalyseur asks for a correction, the
association fixes it, the catalyseur publishes it and it appears in the public search."""

import re

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from alliances.models import Alliance, Participation
from moderation.models import Statut
from tests.browser.parcours import log_in, log_out
from tests.factories import (
    AllianceFactory,
    CatalyseurFactory,
    CommuneFactory,
    DepartementFactory,
    MembreFactory,
    OrganisationFactory,
    RegionFactory,
    UserFactory,
    soumettre,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def acteurs():
    region = RegionFactory(nom="Région du parcours")
    departement = DepartementFactory(nom="Département du parcours", region=region)
    commune = CommuneFactory(nom="Bourg-du-Parcours", departement=departement)
    association = OrganisationFactory(nom="Les Paniers Voisins", siege=commune)
    benevole = UserFactory(email="benevole@paniers.exemple.fr")
    MembreFactory(organisation=association, admin=True, user=benevole)
    OrganisationFactory(nom="Maraîchage du Val", siege=commune, entreprise=True)
    catalyseur = UserFactory(email="catalyseur@fondation.exemple.fr")
    CatalyseurFactory(departement=departement, user=catalyseur)
    for user in (benevole, catalyseur):
        # Verified addresses, as after the sign-up journey.
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return commune


def test_une_alliance_corrigee_puis_publiee_apparait_dans_la_recherche(live_server, page, acteurs):
    commune = acteurs
    log_in(page, live_server.url, "benevole@paniers.exemple.fr")
    page.goto(live_server.url + "/espace/alliances/declarer/")
    page.get_by_label("Partenaire 1").fill("Maraîchage du Val")
    page.get_by_role("textbox", name="Titre", exact=True).fill("Des paniers de saison")
    page.locator("#id_description").fill("Des légumes.")
    page.get_by_label("Typologie").select_option("pratiques_responsables")
    page.get_by_label("Modalité").select_option("contrat_echange")
    page.locator("#id_commune").fill(str(commune))
    page.get_by_role("button", name="Déclarer l'alliance").click()
    page.get_by_role("heading", level=1, name="Des paniers de saison").wait_for()
    alliance = Alliance.objects.get()
    assert alliance.statut == Statut.EN_ATTENTE
    log_out(page)

    log_in(page, live_server.url, "catalyseur@fondation.exemple.fr")
    page.goto(live_server.url + "/moderation/")
    page.get_by_role("link", name="Des paniers de saison").click()
    page.get_by_text("Description courte").wait_for()
    page.locator("label", has_text="Demander des corrections").click()
    page.locator("#id_motif").select_option("incomplet")
    page.get_by_label("Message au déposant").fill("Dites qui cultive et qui distribue.")
    page.get_by_role("button", name="Enregistrer la décision").click()
    # htmx replaces the review: the queue is empty now.
    page.get_by_role("heading", name="0 contenus en attente").wait_for()
    alliance.refresh_from_db()
    assert alliance.statut == Statut.A_CORRIGER
    log_out(page)

    log_in(page, live_server.url, "benevole@paniers.exemple.fr")
    page.goto(live_server.url + f"/moderation/historique/alliance/{alliance.pk}/")
    page.get_by_text("Dites qui cultive et qui distribue.").wait_for()
    page.goto(live_server.url + f"/espace/alliances/{alliance.slug}/")
    page.locator("#id_description").fill(
        "Le Maraîchage du Val cultive les légumes ; les bénévoles des Paniers Voisins "
        "préparent et distribuent chaque semaine quarante paniers aux familles du quartier."
    )
    page.get_by_role("button", name="Enregistrer").click()
    # The saved alliance's page, not just any loaded page: the edit is recorded by then.
    expect(page.get_by_text("L'alliance est enregistrée.")).to_be_visible()
    alliance.refresh_from_db()
    assert alliance.statut == Statut.EN_ATTENTE
    log_out(page)
    # The partner confirms (its admin's journey is tested elsewhere): an alliance of a single
    # organisation can't be published.
    alliance.participations.filter(etat=Participation.Etat.EN_ATTENTE).update(
        etat=Participation.Etat.CONFIRMEE
    )

    log_in(page, live_server.url, "catalyseur@fondation.exemple.fr")
    page.goto(live_server.url + "/moderation/")
    page.get_by_role("link", name="Des paniers de saison").click()
    page.get_by_text("Le Maraîchage du Val cultive les légumes").first.wait_for()
    page.locator("label[for=id_action_0]", has_text="Publier").click()
    page.get_by_role("button", name="Enregistrer la décision").click()
    page.get_by_role("heading", name="0 contenus en attente").wait_for()
    log_out(page)

    page.goto(live_server.url + "/alliances/?q=paniers")
    page.get_by_role("link", name="Des paniers de saison").wait_for()


@pytest.mark.parametrize("decision", ["Refuser", "Demander des corrections"])
def test_une_decision_sans_motif_montre_l_erreur_en_place(live_server, page, acteurs, decision):
    """htmx sends the decision; the server answers 400 with the form and its message, which
    htmx shows in place of the review (issue 15: nothing used to change on the page)."""
    alliance = soumettre(AllianceFactory(titre="Une alliance à examiner", commune=acteurs))
    examen = live_server.url + f"/moderation/alliance/{alliance.pk}/"
    log_in(page, live_server.url, "catalyseur@fondation.exemple.fr")
    page.goto(examen)
    page.locator("label", has_text=decision).click()
    page.get_by_role("button", name="Enregistrer la décision").click()

    erreur = page.locator("#examen").get_by_text(
        "Choisissez le motif : le déposant doit savoir quoi changer."
    )
    expect(erreur).to_be_visible()
    expect(page.locator("#id_motif")).to_have_attribute("aria-describedby", re.compile("erreurs"))
    # Replaced in place by htmx, not a new page: the address is still the review's.
    assert page.url == examen
    # What was chosen is kept, and nothing was decided.
    expect(page.get_by_label(decision, exact=True)).to_be_checked()
    alliance.refresh_from_db()
    assert alliance.statut == Statut.EN_ATTENTE


@pytest.mark.parametrize("path", ["/moderation/regles/", "/moderation/chiffres/", "signaler"])
def test_les_pages_publiques_de_moderation_sont_accessibles(live_server, page, path):
    if path == "signaler":
        alliance = AllianceFactory(titre="Alliance à signaler")
        path = f"/signaler/alliance/{alliance.slug}/"
    page.goto(live_server.url + path)
