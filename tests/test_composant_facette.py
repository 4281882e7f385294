"""The shared facet component (alliances, offres, ressources): the current value is announced
in a way a link may carry (axe flags aria-pressed on a link as a critical error)."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from tests.factories import AllianceFactory

FACETTE = {
    "label": "Typologie",
    "items": [
        {"label": "mécénat", "count": 3, "url": "?", "selected": True},
        {"label": "innovation sociétale", "count": 1, "url": "?typologie=x", "selected": False},
    ],
}


def test_la_valeur_choisie_est_annoncee_sans_aria_pressed():
    html = render_to_string("components/facette.html", {"facette": FACETTE})
    assert "aria-pressed" not in html
    assert (
        '<a class="fr-tag fr-tag--sm" href="?" aria-current="true" title="Retirer ce filtre">'
        '<span class="fr-sr-only">Filtre actif : </span>Mécénat (3)</a>'
    ) in html
    assert '<a class="fr-tag fr-tag--sm" href="?typologie=x">Innovation sociétale (1)</a>' in html


@pytest.mark.django_db
def test_la_recherche_des_alliances_marque_la_facette_choisie(client):
    AllianceFactory(typologie="mecenat")
    url = reverse("alliances:alliance_list")
    html = client.get(url, {"typologie": "mecenat"}).content.decode()
    assert "aria-pressed" not in html
    assert 'aria-current="true" title="Retirer ce filtre"' in html
