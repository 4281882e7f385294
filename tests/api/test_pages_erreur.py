"""The error pages: in French, the 404 with the site's header, the 500 standalone."""

import pytest
from django.template.loader import render_to_string


@pytest.mark.django_db
def test_une_adresse_inconnue_repond_404_avec_une_page_en_francais(client):
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>Page introuvable</h1>" in html
    assert "Aucune page ne se trouve à cette adresse." in html
    assert 'href="/"' in html  # back to the home page
    assert 'id="navigation-principale"' in html  # the site's own header (base.html)


def test_la_page_500_se_passe_de_base_de_donnees_et_de_contexte():
    # No django_db mark: any database query here would fail the test.
    html = render_to_string("500.html")
    assert "Un problème est survenu" in html
    assert '<html lang="fr">' in html
