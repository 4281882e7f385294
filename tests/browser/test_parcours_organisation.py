import pytest
from playwright.sync_api import expect

from organisations.models import Membre, Organisation
from tests.browser.parcours import last_link, log_in, log_out, sign_up_and_log_in
from tests.factories import CommuneFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_une_association_s_inscrit_et_invite_une_collegue_qui_accepte(live_server, page):
    commune = CommuneFactory(nom="Bourg-d'Essai", departement__code="Y69")
    sign_up_and_log_in(page, live_server.url, "lea@exemple.fr")

    page.get_by_role("link", name="Espace pro").first.click()
    page.get_by_role("link", name="Inscrire une organisation").click()
    page.get_by_label("Type de structure").select_option("association")
    page.locator("#id_nom").fill("Les Jardins Solidaires")
    page.locator("#id_rna").fill("W691234567")
    page.locator("#id_siege").fill(str(commune))
    page.get_by_label("Courriel de contact").fill("contact@jardins.exemple.fr")
    page.locator("label", has_text="Alimentation").click()
    page.get_by_role("button", name="Inscrire l'organisation").click()

    page.get_by_text("Les Jardins Solidaires est inscrite.").wait_for()
    organisation = Organisation.objects.get(rna="W691234567")
    assert organisation.siege == commune

    page.get_by_role("table").get_by_role("link", name="Membres").click()
    page.get_by_label("Courriel de la personne à inviter").fill("sacha@exemple.fr")
    page.get_by_role("button", name="Envoyer l'invitation").click()
    page.get_by_text("Invitation envoyée à sacha@exemple.fr.").wait_for()
    invitation = last_link(r"/espace/invitations/\S+/")
    log_out(page)

    # Sacha has no account yet: the invitation link asks to log in, Sacha signs up instead,
    # then opens the link again, as the email says.
    page.goto(live_server.url + invitation)
    assert "/comptes/connexion/" in page.url
    sign_up_and_log_in(page, live_server.url, "sacha@exemple.fr")
    page.goto(live_server.url + invitation)
    page.get_by_role("button", name="Accepter l'invitation").click()

    page.get_by_text("Bienvenue dans Les Jardins Solidaires !").wait_for()
    sacha = Membre.objects.get(user__email="sacha@exemple.fr")
    assert (sacha.organisation, sacha.role) == (organisation, Membre.Role.MEMBRE)
    expect(page.get_by_text("Les Jardins Solidaires").first).to_be_visible()
    log_out(page)
    log_in(page, live_server.url, "lea@exemple.fr")
