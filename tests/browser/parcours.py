"""Steps shared by the browser journeys, done through the real pages as a person would."""

import re

from django.core import mail

MOT_DE_PASSE = "Coop3rer-en-territoire"


def last_link(pattern: str) -> str:
    """The path of the last link matching `pattern` in the emails sent so far."""
    for message in reversed(mail.outbox):
        found = re.search(r"https?://[^/\s]+(" + pattern + r")", message.body)
        if found:
            return found.group(1)
    raise AssertionError(f"aucun courriel ne contient de lien {pattern}")


def sign_up_and_log_in(page, base_url: str, email: str) -> None:
    page.goto(base_url + "/")
    page.get_by_role("link", name="Créer un compte").first.click()
    page.get_by_label("Courriel").fill(email)
    page.locator("#id_password1").fill(MOT_DE_PASSE)
    page.locator("#id_password2").fill(MOT_DE_PASSE)
    page.get_by_role("button", name="Création de compte").click()
    # Wait for the next page: the email is sent by then.
    page.wait_for_url("**/comptes/confirmation-envoyee/")

    page.goto(base_url + last_link(r"/comptes/confirmer-le-courriel/\S+/"))
    page.get_by_role("button", name="Confirmer").click()
    # Confirming the address logs the new account in.
    page.get_by_role("button", name="Se déconnecter").first.wait_for()


def log_in(page, base_url: str, email: str) -> None:
    if "/comptes/connexion/" not in page.url:
        page.goto(base_url + "/comptes/connexion/")
    page.get_by_label("Courriel").fill(email)
    page.get_by_label("Mot de passe").fill(MOT_DE_PASSE)
    page.get_by_role("button", name="Connexion").click()
    page.get_by_role("button", name="Se déconnecter").first.wait_for()


def log_out(page) -> None:
    page.get_by_role("button", name="Se déconnecter").first.click()
    # allauth asks to confirm on its own page.
    if "/comptes/deconnexion/" in page.url:
        page.get_by_role("button", name="Se déconnecter").last.click()
    page.get_by_role("link", name="Se connecter").first.wait_for()
