"""The account's rights (issue 18, items 1 and 2): its owner downloads a copy of everything the
platform holds about them, and deletes the account; nobody else can do either."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from comptes.models import Courriel, ExportDonnees, User
from moderation.models import Catalyseur
from offres.models import Alerte, MiseEnRelation
from organisations.models import Invitation, Membre
from tests.factories import (
    MOT_DE_PASSE,
    AlerteFactory,
    CatalyseurFactory,
    InvitationFactory,
    MembreFactory,
    MiseEnRelationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

MES_DONNEES = reverse("mes_donnees")
SUPPRIMER = reverse("compte_supprimer")


@pytest.fixture
def camille():
    """An admin of an association, who wrote to a company and saved a search."""
    membre = MembreFactory(
        admin=True,
        user__email="camille@asso.exemple.fr",
        organisation__nom="Les Jardins de Camille",
    )
    MiseEnRelationFactory(
        emettrice=membre.organisation,
        sent_by=membre.user,
        message="Pouvons-nous parler de votre local inoccupé ?",
        etat=MiseEnRelation.Etat.ACCEPTEE,
    )
    AlerteFactory(user=membre.user, nom="Locaux à Lyon")
    return membre


def _export_link() -> str:
    body = Courriel.objects.filter(sujet__startswith="Vos données").first().message["body"]
    return re.search(r"https?://[^/\s]+(/comptes/mes-donnees/[^/\s]+/)", body).group(1)


def _demander(client, django_capture_on_commit_callbacks):
    """Ask for the copy; the task queued after commit runs (eagerly in tests)."""
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(MES_DONNEES)


def _sujets_a(email: str) -> list[str]:
    return list(Courriel.objects.filter(destinataires=email).values_list("sujet", flat=True))


def test_la_copie_contient_ce_qui_a_ete_plante_et_rien_d_un_autre(
    client, camille, django_capture_on_commit_callbacks
):
    autre = AlerteFactory(nom="Recherche de quelqu'un d'autre")
    client.force_login(camille.user)

    response = _demander(client, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert _sujets_a("camille@asso.exemple.fr") == [
        "Vos données sur la plateforme Alliances ODD 17"
    ]
    html = client.get(_export_link()).content.decode()
    for attendu in (
        "camille@asso.exemple.fr",
        "Les Jardins de Camille",
        "Pouvons-nous parler de votre local inoccupé ?",
        "Locaux à Lyon",
    ):
        assert attendu in html
    assert autre.nom.replace("'", "&#x27;") not in html
    donnees = client.get(_export_link(), {"format": "json"}).json()
    rubriques = {r["name"]: r["donnees"] for r in donnees["rubriques"]}
    assert rubriques["compte"]["adresse"] == "camille@asso.exemple.fr"
    assert [a["nom"] for a in rubriques["offres"]["recherches_enregistrees"]] == ["Locaux à Lyon"]
    assert set(rubriques) >= {
        "organisations",
        "alliances",
        "moderation",
        "charte",
        "conventions",
        "suivis",
        "consentements",
    }


def test_une_seconde_demande_dans_l_heure_ne_refait_rien(
    client, camille, django_capture_on_commit_callbacks
):
    client.force_login(camille.user)
    _demander(client, django_capture_on_commit_callbacks)
    _demander(client, django_capture_on_commit_callbacks)

    assert ExportDonnees.objects.count() == 1
    assert Courriel.objects.count() == 1


@pytest.mark.parametrize("qui", ["visiteur", "autre"])
def test_personne_d_autre_n_ouvre_la_copie(
    client, camille, django_capture_on_commit_callbacks, qui
):
    client.force_login(camille.user)
    _demander(client, django_capture_on_commit_callbacks)
    lien = _export_link()
    client.logout()
    if qui == "autre":
        client.force_login(UserFactory())

    response = client.get(lien)

    assert response.status_code == (302 if qui == "visiteur" else 404)


def test_une_copie_expiree_ne_s_ouvre_plus(client, camille, django_capture_on_commit_callbacks):
    client.force_login(camille.user)
    _demander(client, django_capture_on_commit_callbacks)
    ExportDonnees.objects.update(expire_le=timezone.now() - datetime.timedelta(minutes=1))

    response = client.get(_export_link())

    assert response.status_code == 410
    assert "Ce lien a expiré" in response.content.decode()


def test_la_suppression_dit_d_abord_ce_qui_va_se_passer(client, camille):
    collegue = MembreFactory(
        organisation=camille.organisation, user__first_name="Noé", user__last_name="Martin"
    )
    client.force_login(camille.user)

    html = client.get(SUPPRIMER).content.decode()

    assert (
        "Vous êtes le seul administrateur de « Les Jardins de Camille » : Noé Martin le deviendra."
        in html
    )
    assert Membre.objects.get(pk=collegue.pk).role == Membre.Role.MEMBRE


def test_un_mauvais_mot_de_passe_ne_supprime_rien(client, camille):
    client.force_login(camille.user)

    response = client.post(SUPPRIMER, {"password": "pas-le-bon", "confirmation": "on"})

    assert response.status_code == 200
    assert "Ce n&#x27;est pas votre mot de passe" in response.content.decode()
    assert User.objects.get(pk=camille.user_id).supprime_le is None


def test_supprimer_son_compte_anonymise_et_passe_la_main(client, camille):
    collegue = MembreFactory(organisation=camille.organisation, user__email="noe@asso.exemple.fr")
    CatalyseurFactory(user=camille.user)
    mise_en_relation = MiseEnRelation.objects.get()
    lecteur = MembreFactory(organisation=mise_en_relation.destinataire).user
    client.force_login(camille.user)

    response = client.post(SUPPRIMER, {"password": MOT_DE_PASSE, "confirmation": "on"})

    assert response.status_code == 302
    user = User.objects.get(pk=camille.user_id)
    assert user.supprime_le is not None
    assert user.email.endswith("@compte-supprime.invalid")
    assert (user.first_name, user.is_active, user.has_usable_password()) == ("", False, False)
    assert not Membre.objects.filter(user=user).exists()
    assert not Alerte.objects.filter(user=user).exists()
    assert not Catalyseur.objects.filter(user=user, actif=True).exists()
    assert Membre.objects.get(pk=collegue.pk).role == Membre.Role.ADMIN
    assert _sujets_a("noe@asso.exemple.fr") == [
        "Vous administrez désormais « Les Jardins de Camille »"
    ]
    assert not client.login(email="camille@asso.exemple.fr", password=MOT_DE_PASSE)
    # The company still reads the message, signed « compte supprimé ».
    client.force_login(lecteur)
    page = client.get(mise_en_relation.get_absolute_url()).content.decode()
    assert "Pouvons-nous parler de votre local inoccupé ?" in page
    assert "écrit par un compte supprimé" in page
    assert "camille@asso.exemple.fr" not in page


def test_une_organisation_sans_autre_membre_est_signalee_a_l_equipe(client, camille):
    UserFactory(is_staff=True, email="equipe@plateforme.exemple.fr")
    client.force_login(camille.user)

    client.post(SUPPRIMER, {"password": MOT_DE_PASSE, "confirmation": "on"})

    assert _sujets_a("equipe@plateforme.exemple.fr") == [
        "« Les Jardins de Camille » n'a plus d'administrateur"
    ]


def test_les_courriels_en_attente_pour_le_compte_sont_retires(client, camille):
    Courriel.objects.create(sujet="Rappel", destinataires="camille@asso.exemple.fr", message={})
    client.force_login(camille.user)

    client.post(SUPPRIMER, {"password": MOT_DE_PASSE, "confirmation": "on"})

    assert not Courriel.objects.filter(
        destinataires="camille@asso.exemple.fr", etat="en_attente"
    ).exists()


def test_un_visiteur_ne_supprime_rien(client, camille):
    response = client.post(SUPPRIMER, {"password": MOT_DE_PASSE, "confirmation": "on"})

    assert response.status_code == 302
    assert "/comptes/connexion/" in response.url
    assert User.objects.get(pk=camille.user_id).supprime_le is None


def test_les_pages_des_droits_en_requetes_comptees(client, camille, django_assert_num_queries):
    client.force_login(camille.user)
    client.get(MES_DONNEES)
    with django_assert_num_queries(3):
        client.get(MES_DONNEES)


def test_l_adresse_d_un_compte_supprime_ne_se_prend_pas_a_l_inscription(client, camille):
    client.force_login(camille.user)
    client.post(SUPPRIMER, {"password": MOT_DE_PASSE, "confirmation": "on"})
    client.logout()
    supprime = User.objects.get(pk=camille.user_id).email
    assert re.fullmatch(
        rf"compte-{camille.user_id}-[0-9a-f]{{8}}@compte-supprime\.invalid", supprime
    )

    response = client.post(
        reverse("account_signup"),
        {
            "email": "compte-99@compte-supprime.invalid",
            "password1": MOT_DE_PASSE,
            "password2": MOT_DE_PASSE,
        },
    )

    assert "n&#x27;est pas une adresse de courriel utilisable" in response.content.decode()
    assert not User.objects.filter(email="compte-99@compte-supprime.invalid").exists()


def test_un_jeton_mal_forme_repond_404(client, camille):
    client.force_login(camille.user)
    assert client.get("/comptes/mes-donnees/ab%00cd/").status_code == 404


def test_les_essais_de_mot_de_passe_sont_limites(client, camille):
    client.force_login(camille.user)
    for _ in range(5):
        client.post(SUPPRIMER, {"password": "pas-le-bon", "confirmation": "on"})

    response = client.post(SUPPRIMER, {"password": MOT_DE_PASSE, "confirmation": "on"})

    assert "Trop d&#x27;essais de mot de passe" in response.content.decode()
    assert User.objects.get(pk=camille.user_id).supprime_le is None


def test_les_invitations_et_courriels_a_l_adresse_partent_avec_le_compte(client, camille):
    InvitationFactory(email="camille@asso.exemple.fr")
    Courriel.objects.create(
        sujet="Envoyé",
        destinataires="x@exemple.fr, camille@asso.exemple.fr",
        message={},
        etat="envoye",
    )
    client.force_login(camille.user)

    client.post(SUPPRIMER, {"password": MOT_DE_PASSE, "confirmation": "on"})

    assert not Invitation.objects.filter(email="camille@asso.exemple.fr").exists()
    assert not Courriel.objects.filter(destinataires__contains="camille@asso.exemple.fr").exists()
