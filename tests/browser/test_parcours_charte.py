"""An association's admin reads the Charte du faire alliance, signs it for the association, and
finds the badge on its public page and the association in the directory's signatories."""

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from chartes.models import Charte, SignatureCharte
from chartes.services import charte_draft, charte_publish
from tests.browser.parcours import log_in
from tests.factories import MembreFactory, OrganisationFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_un_administrateur_signe_la_charte_et_le_badge_s_affiche(live_server, page):
    # The migration's version, unless the flush of an earlier transactional test took it.
    charte = Charte.objects.en_vigueur() or charte_publish(
        charte_draft(texte="## 1. Respecter l'identité de chaque partenaire")
    )
    association = OrganisationFactory(nom="Les Jardins Signataires")
    OrganisationFactory(nom="Les Vergers Indécis")
    user = UserFactory(email="lea@exemple.fr")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    MembreFactory(organisation=association, user=user, admin=True)
    log_in(page, live_server.url, "lea@exemple.fr")

    page.get_by_role("link", name="Espace pro").first.click()
    page.get_by_role("table").get_by_role("link", name="Signer la charte").click()
    page.get_by_role(
        "heading", level=1, name="Charte du faire alliance : Les Jardins Signataires"
    ).wait_for()
    page.get_by_role("button", name="Signer la charte au nom de Les Jardins Signataires").click()
    # Without the box ticked, nothing is signed and the page says why.
    page.get_by_text("Cochez la case pour signer").wait_for()
    assert not SignatureCharte.objects.exists()
    page.locator("label", has_text="J'ai lu la charte").click()
    page.get_by_role("button", name="Signer la charte au nom de Les Jardins Signataires").click()

    page.get_by_text(
        f"Les Jardins Signataires a signé la version {charte.version}"
    ).first.wait_for()
    page.get_by_role("link", name="sa page").click()
    expect(page.get_by_text("Signataire", exact=True)).to_be_visible()

    page.goto(live_server.url + "/acteurs/?signataire=on")
    expect(page.get_by_role("link", name="Les Jardins Signataires")).to_be_visible()
    expect(page.get_by_text("Les Vergers Indécis")).to_have_count(0)
