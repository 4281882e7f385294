"""The account pages live at French addresses; the English ones redirect there."""

import pytest
from allauth.account import urls as allauth_urls
from django.urls import reverse

from comptes.urls import FRANCAIS

pytestmark = pytest.mark.django_db

PAGES = {
    "account_login": "/comptes/connexion/",
    "account_signup": "/comptes/inscription/",
    "account_logout": "/comptes/deconnexion/",
    "account_reset_password": "/comptes/mot-de-passe/reinitialiser/",
    "account_email_verification_sent": "/comptes/confirmation-envoyee/",
    "account_email": "/comptes/courriels/",
    "account_change_password": "/comptes/mot-de-passe/modifier/",
}


def test_chaque_adresse_d_allauth_a_son_adresse_francaise():
    routes = {str(pattern.pattern) for pattern in allauth_urls.urlpatterns}
    assert routes <= set(FRANCAIS), routes - set(FRANCAIS)


@pytest.mark.parametrize(("name", "address"), PAGES.items())
def test_les_pages_du_compte_sont_a_des_adresses_francaises(name, address):
    assert reverse(name) == address


@pytest.mark.parametrize(
    ("ancienne", "nouvelle"),
    [
        ("/comptes/login/?next=/espace/", "/comptes/connexion/?next=/espace/"),
        ("/comptes/signup/", "/comptes/inscription/"),
        ("/comptes/password/reset/", "/comptes/mot-de-passe/reinitialiser/"),
        ("/comptes/confirm-email/abc:def/", "/comptes/confirmer-le-courriel/abc:def/"),
        (
            "/comptes/password/reset/key/1-abc-def/",
            "/comptes/mot-de-passe/reinitialiser/cle/1-abc-def/",
        ),
    ],
)
def test_les_adresses_anglaises_redirigent_vers_les_francaises(client, ancienne, nouvelle):
    response = client.get(ancienne)
    assert response.status_code == 301
    assert response["Location"] == nouvelle


def test_un_formulaire_envoye_a_l_adresse_anglaise_y_arrive_tel_quel(client):
    # 308: the browser sends the same POST to the French address (a 301 would make it a GET).
    response = client.post("/comptes/logout/")
    assert response.status_code == 308
    assert response["Location"] == "/comptes/deconnexion/"


def test_la_connexion_s_ouvre_a_son_adresse_francaise(client):
    response = client.get("/comptes/connexion/")
    assert response.status_code == 200
    assert "Mot de passe" in response.content.decode()
