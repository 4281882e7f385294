import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db

MOT_DE_PASSE = "Coop3rer-en-territoire"


def _signup(client, django_capture_on_commit_callbacks, **data):
    form = {"email": "lea@exemple.fr", "password1": MOT_DE_PASSE, "password2": MOT_DE_PASSE}
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reverse("account_signup"), {**form, **data})
    return response, callbacks


def _confirmation_link(message) -> str:
    return re.search(
        r"https?://testserver(/comptes/confirmer-le-courriel/\S+/)", message.body
    ).group(1)


def test_inscription_verification_puis_connexion(client, django_capture_on_commit_callbacks):
    response, callbacks = _signup(client, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    # The email left through the Celery task, once the sign-up was committed.
    assert len(callbacks) == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["lea@exemple.fr"]
    assert message.subject == "[Alliances ODD 17] Confirmez votre adresse de courriel"

    # Until the address is verified, logging in only resends the verification.
    response = client.post(
        reverse("account_login"), {"login": "lea@exemple.fr", "password": MOT_DE_PASSE}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session

    link = _confirmation_link(message)
    page = client.get(link)
    assert "lea@exemple.fr" in page.content.decode()
    # Confirming logs her in: no second typing of the password she has just chosen.
    response = client.post(link, follow=True)
    assert EmailAddress.objects.get(email="lea@exemple.fr").verified
    assert response.redirect_chain[-1][0] == reverse("accueil")
    assert response.context["user"].email == "lea@exemple.fr"
    assert "Se déconnecter" in response.content.decode()


def test_une_adresse_deja_utilisee_est_refusee_en_gardant_la_saisie(
    client, django_user_model, django_capture_on_commit_callbacks
):
    django_user_model.objects.create_user(email="lea@exemple.fr", password="x")
    response, callbacks = _signup(client, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Un compte existe déjà avec cette adresse de courriel." in html
    assert 'value="lea@exemple.fr"' in html
    assert 'class="fr-input-group fr-input-group--error"' in html
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("password1", "password2", "message"),
    [
        ("motdepasse", "motdepasse", "Ce mot de passe est trop courant."),
        ("court", "court", "Ce mot de passe est trop court."),
        ("1234567890123", "1234567890123", "Ce mot de passe est entièrement numérique."),
        (MOT_DE_PASSE, MOT_DE_PASSE + "x", "Vous devez saisir deux fois le même mot de passe."),
    ],
    ids=["courant", "court", "numerique", "confirmation-differente"],
)
def test_un_mot_de_passe_refuse_explique_pourquoi_et_garde_l_adresse(
    client, django_capture_on_commit_callbacks, password1, password2, message
):
    response, _ = _signup(
        client, django_capture_on_commit_callbacks, password1=password1, password2=password2
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert 'value="lea@exemple.fr"' in html
    assert 'value="' + password1 + '"' not in html
    assert mail.outbox == []


def test_une_adresse_mal_formee_est_refusee_en_francais(client, django_capture_on_commit_callbacks):
    response, _ = _signup(client, django_capture_on_commit_callbacks, email="lea@")
    assert "Saisissez une adresse de courriel valide." in response.content.decode()
    assert 'value="lea@"' in response.content.decode()


def test_la_reinitialisation_du_mot_de_passe_envoie_un_lien(
    client, django_user_model, django_capture_on_commit_callbacks
):
    user = django_user_model.objects.create_user(email="lea@exemple.fr", password=MOT_DE_PASSE)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_reset_password"), {"email": "lea@exemple.fr"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/comptes/mot-de-passe/reinitialiser/cle/" in mail.outbox[0].body


def test_les_pages_de_compte_sont_en_francais(client):
    for name, titre in [
        ("account_signup", "Création de compte"),
        ("account_login", "Connexion"),
        ("account_reset_password", "Réinitialisation du mot de passe"),
    ]:
        html = client.get(reverse(name)).content.decode()
        assert titre in html, name
        assert '<html lang="fr"' in html
