"""The organisation page offers the widget's code: its published alliances on its own site."""

import html as html_lib
import re

import pytest

from moderation.models import Statut
from tests.factories import (
    AllianceFactory,
    MembreFactory,
    OrganisationFactory,
    ParticipationFactory,
)

pytestmark = pytest.mark.django_db


def _snippet_url(page_html: str) -> str:
    textarea = re.search(r'<textarea[^>]*id="code-widget"[^>]*>(.*?)</textarea>', page_html, re.S)
    assert textarea, "la fiche ne propose pas de code à copier"
    return re.search(r'src="([^"]+)"', html_lib.unescape(textarea.group(1))).group(1)


def test_la_fiche_publiee_propose_le_code_du_widget_de_l_organisation(client, settings):
    settings.SITE_URL = "https://alliances.example.fr"
    organisation = OrganisationFactory(nom="Les Jardins Solidaires")
    html = client.get(organisation.get_absolute_url()).content.decode()
    assert "Afficher ces alliances sur votre site" in html
    assert "dont Les Jardins Solidaires est partenaire" in html
    assert _snippet_url(html) == (
        f"https://alliances.example.fr/observatoire/widget/?organisation={organisation.slug}"
    )
    # The copy button's script comes with the code.
    assert "js/observatoire.js" in html


def test_le_widget_de_la_fiche_ne_montre_que_les_alliances_confirmees_et_publiees(client):
    organisation = OrganisationFactory()
    confirmee = ParticipationFactory(
        organisation=organisation, alliance=AllianceFactory(titre="Confirmée et publiée")
    ).alliance
    ParticipationFactory(
        organisation=organisation, en_attente=True, alliance=AllianceFactory(titre="Pas confirmée")
    )
    ParticipationFactory(
        organisation=organisation, alliance=AllianceFactory(titre="Pas publiée", en_attente=True)
    )
    AllianceFactory(titre="Sans elle")
    url = _snippet_url(client.get(organisation.get_absolute_url()).content.decode())
    # The snippet's address is absolute (SITE_URL, http://testserver in tests).
    response = client.get(url.removeprefix("http://testserver"))
    assert response.status_code == 200
    html = response.content.decode()
    assert confirmee.titre in html
    for titre in ("Pas confirmée", "Pas publiée", "Sans elle"):
        assert titre not in html


@pytest.mark.parametrize("statut", [Statut.EN_ATTENTE, Statut.DEPUBLIEE])
def test_une_organisation_non_publiee_n_a_pas_de_code_a_copier(client, statut):
    """Its members still see its page, but the widget would answer 404: no code offered."""
    membre = MembreFactory(organisation=OrganisationFactory(statut=statut))
    client.force_login(membre.user)
    response = client.get(membre.organisation.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "code-widget" not in html and "observatoire/widget" not in html
    assert "js/observatoire.js" not in html
