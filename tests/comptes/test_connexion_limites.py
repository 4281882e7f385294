"""Failed logins are limited per address and per (account, address): an attacker slows
themselves down, never the account's owner."""

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

pytestmark = pytest.mark.django_db

MOT_DE_PASSE = "un-mot-de-passe-solide-42"
TROP = "Trop de tentatives de connexion échouées"
ATTAQUANT = "203.0.113.7"
PROPRIETAIRE = "198.51.100.20"


@pytest.fixture
def compte(django_user_model):
    user = django_user_model.objects.create_user(email="lea@exemple.fr", password=MOT_DE_PASSE)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def connexion(client, email: str, password: str, address: str):
    return client.post(
        reverse("account_login"), {"login": email, "password": password}, REMOTE_ADDR=address
    )


def test_cinq_echecs_bloquent_l_adresse_qui_les_a_faits_pas_la_titulaire(client, compte):
    for _ in range(5):
        response = connexion(client, compte.email, "mauvais", ATTAQUANT)
        assert response.status_code == 200
        assert TROP not in response.content.decode()
    # From the attacker's address, even the right password now waits.
    response = connexion(client, compte.email, MOT_DE_PASSE, ATTAQUANT)
    assert TROP in response.content.decode()
    assert "_auth_user_id" not in client.session
    # The owner, from her own address, logs in at once.
    response = connexion(client, compte.email, MOT_DE_PASSE, PROPRIETAIRE)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(compte.pk)


def test_une_adresse_qui_essaie_beaucoup_de_comptes_est_arretee(client, compte):
    for numero in range(20):
        response = connexion(client, f"inconnu{numero}@exemple.fr", "mauvais", ATTAQUANT)
        assert TROP not in response.content.decode()
    response = connexion(client, "encore-un@exemple.fr", "mauvais", ATTAQUANT)
    assert TROP in response.content.decode()
    # The address limit is the attacker's alone.
    response = connexion(client, compte.email, MOT_DE_PASSE, PROPRIETAIRE)
    assert response.status_code == 302


def test_un_bon_mot_de_passe_ne_consomme_pas_la_limite(client, compte):
    # Successful logins are not failures: the owner logging in often is never slowed down.
    for _ in range(8):
        assert connexion(client, compte.email, MOT_DE_PASSE, PROPRIETAIRE).status_code == 302
        client.logout()
    for _ in range(4):
        connexion(client, compte.email, "mauvais", PROPRIETAIRE)
    assert connexion(client, compte.email, MOT_DE_PASSE, PROPRIETAIRE).status_code == 302


def test_la_saisie_reste_et_le_message_est_en_francais(client, compte):
    for _ in range(5):
        connexion(client, compte.email, "mauvais", ATTAQUANT)
    html = connexion(client, compte.email, "mauvais", ATTAQUANT).content.decode()
    assert TROP in html
    assert 'value="lea@exemple.fr"' in html


def test_la_page_429_des_connexions_est_en_francais(client):
    # allauth answers 429 past 30 login forms per address and minute, with our page.
    for _ in range(30):
        connexion(client, "quelquun@exemple.fr", "mauvais", "192.0.2.99")
    response = connexion(client, "quelquun@exemple.fr", "mauvais", "192.0.2.99")
    assert response.status_code == 429
    html = response.content.decode()
    assert "Trop de demandes en peu de temps" in html
    assert '<html lang="fr"' in html
