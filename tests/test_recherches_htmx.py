"""A search whose form refuses a value, asked by htmx (issue 15): htmx swaps only the results,
so the answer is 400 and the browser loads the whole page, where each message sits next to its
field (static/js/htmx-erreurs.js). The whole page itself keeps answering 200."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
RECHERCHES = [
    (reverse("alliances:alliance_list"), {"rayon": "abc"}),
    (reverse("offres:offre_list"), {"rayon": "abc"}),
    (reverse("organisations:organisation_list"), {"kind": "licorne"}),
    (reverse("ressources:ressource_list"), {"maturite": "licorne"}),
    (reverse("ressources:ressource_detail", args=["cartographie-des-outils"]), {"maturite": "x"}),
    (reverse("moderation:file"), {"nature": "licorne"}),
]


@pytest.fixture
def visiteur(client):
    # The moderation queue is for moderators; staff may see it.
    client.force_login(UserFactory(staff=True))
    return client


@pytest.mark.parametrize(("url", "query"), RECHERCHES)
def test_une_valeur_refusee_demande_la_page_entiere_a_htmx(visiteur, url, query):
    response = visiteur.get(url, query, headers=HTMX)
    assert response.status_code == 400
    assert "HX-Request" in response["Vary"]


@pytest.mark.parametrize(("url", "query"), RECHERCHES)
def test_la_page_entiere_montre_le_message_et_repond_200(visiteur, url, query):
    response = visiteur.get(url, query)
    assert response.status_code == 200
    assert "fr-message--error" in response.content.decode()


@pytest.mark.parametrize(("url", "query"), RECHERCHES)
def test_une_recherche_valide_reste_un_fragment_remplace(visiteur, url, query):
    response = visiteur.get(url, headers=HTMX)
    assert response.status_code == 200
