"""Services of the people of an organisation: invitations, join requests, roles, departures."""

import time
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core import mail, signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import resolve
from django.utils import timezone

from organisations import services
from organisations.models import DemandeAdhesion, Invitation, Membre
from organisations.services import (
    INVITATIONS_PAR_JOUR,
    demande_adhesion_create,
    demande_adhesion_decide,
    invitation_accept,
    invitation_create,
    invitation_from_token,
    invitation_revoke,
    invitation_token,
    membre_change_role,
    membre_remove,
)
from tests.factories import (
    DemandeAdhesionFactory,
    InvitationFactory,
    MembreFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

DERNIER_ADMIN = "Une organisation garde toujours au moins un administrateur."


def _refus(erreur: pytest.ExceptionInfo, message: str, code: str) -> None:
    assert erreur.value.messages == [message]
    assert erreur.value.code == code


# invitation_create


def _lien(message) -> str:
    for mot in message.body.split():
        if mot.startswith("http://testserver/espace/invitations/"):
            return mot
    raise AssertionError(f"aucun lien d'invitation dans : {message.body}")


@pytest.mark.parametrize(
    ("role", "libelle"), [(Membre.Role.MEMBRE, "membre"), (Membre.Role.ADMIN, "administrateur")]
)
def test_un_administrateur_invite_par_courriel_avec_un_lien_d_acceptation(
    admin, organisation, role, libelle, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invitation_create(
            by=admin.user, organisation=organisation, email="Camille.Durand@EXEMPLE.fr", role=role
        )

    invitation.refresh_from_db()
    assert invitation.email == "camille.durand@exemple.fr"
    assert invitation.role == role
    assert invitation.invited_by == admin.user
    assert invitation.accepted_at is None

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["camille.durand@exemple.fr"]
    assert message.subject == (
        "Invitation à rejoindre Les Jardins Solidaires de Lyon sur Alliances ODD 17"
    )
    assert f"en tant que {libelle} sur Alliances ODD 17" in message.body
    assert "valable 14 jours, une seule fois" in message.body
    # The link leads to the acceptance page, with a token that names this invitation.
    match = resolve(urlsplit(_lien(message)).path)
    assert match.view_name == "organisations:invitation_accept"
    assert invitation_from_token(match.kwargs["token"]) == invitation


def test_un_simple_membre_ne_peut_pas_inviter(
    membre, organisation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(PermissionDenied):
        invitation_create(
            by=membre.user, organisation=organisation, email="ami@exemple.fr", role="membre"
        )
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_on_n_invite_pas_quelqu_un_qui_est_deja_membre(
    admin, membre, organisation, django_capture_on_commit_callbacks
):
    membre.user.email = "deja.la@exemple.fr"
    membre.user.save()
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(ValidationError) as erreur,
    ):
        invitation_create(
            by=admin.user, organisation=organisation, email="Deja.La@exemple.fr", role="membre"
        )
    _refus(
        erreur,
        "deja.la@exemple.fr est déjà membre de Les Jardins Solidaires de Lyon.",
        "deja_membre",
    )
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_le_personnel_peut_inviter_dans_n_importe_quelle_organisation(organisation):
    invitation = invitation_create(
        by=UserFactory(staff=True), organisation=organisation, email="ami@exemple.fr", role="admin"
    )
    assert invitation.organisation == organisation


# invitation_accept


def _jeton_signe_il_y_a(invitation: Invitation, age: timedelta, monkeypatch) -> str:
    """The token the email would have carried if the invitation had been sent `age` ago."""
    instant = int(time.time() - age.total_seconds())
    with monkeypatch.context() as patch:
        patch.setattr(
            signing.TimestampSigner, "timestamp", lambda self: signing.b62_encode(instant)
        )
        return invitation_token(invitation)


@pytest.mark.parametrize("role", [Membre.Role.MEMBRE, Membre.Role.ADMIN])
def test_accepter_une_invitation_donne_le_role_propose(organisation, role):
    invitation = InvitationFactory(organisation=organisation, email="camille@exemple.fr", role=role)
    camille = UserFactory(email="camille@exemple.fr")

    membre = invitation_accept(by=camille, token=invitation_token(invitation))

    assert (membre.user, membre.organisation, membre.role) == (camille, organisation, role)
    assert Membre.objects.get(user=camille, organisation=organisation).role == role
    invitation.refresh_from_db()
    assert invitation.accepted_by == camille
    assert invitation.accepted_at is not None


def test_l_adresse_du_compte_est_comparee_sans_tenir_compte_des_majuscules(organisation):
    invitation = InvitationFactory(organisation=organisation, email="camille.durand@exemple.fr")
    camille = UserFactory(email="Camille.Durand@exemple.fr")
    invitation_accept(by=camille, token=invitation_token(invitation))
    assert organisation.membres.filter(user=camille).exists()


def test_une_invitation_ne_sert_qu_une_fois(organisation):
    invitation = InvitationFactory(organisation=organisation, email="camille@exemple.fr")
    camille = UserFactory(email="camille@exemple.fr")
    token = invitation_token(invitation)
    invitation_accept(by=camille, token=token)

    with pytest.raises(ValidationError) as erreur:
        invitation_accept(by=camille, token=token)

    _refus(erreur, "Cette invitation a déjà été utilisée.", "utilisee")
    assert organisation.membres.filter(user=camille).count() == 1


def test_une_invitation_de_plus_de_14_jours_a_expire(organisation, monkeypatch):
    invitation = InvitationFactory(organisation=organisation, email="camille@exemple.fr")
    camille = UserFactory(email="camille@exemple.fr")
    token = _jeton_signe_il_y_a(invitation, timedelta(days=14, hours=1), monkeypatch)

    with pytest.raises(ValidationError) as erreur:
        invitation_accept(by=camille, token=token)

    _refus(
        erreur,
        "Ce lien d'invitation a expiré : demandez à l'organisation de vous réinviter.",
        "expiree",
    )
    assert not organisation.membres.filter(user=camille).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_une_invitation_de_13_jours_est_encore_valable(organisation, monkeypatch):
    invitation = InvitationFactory(organisation=organisation, email="camille@exemple.fr")
    camille = UserFactory(email="camille@exemple.fr")
    token = _jeton_signe_il_y_a(invitation, timedelta(days=13, hours=23), monkeypatch)
    invitation_accept(by=camille, token=token)
    assert organisation.membres.filter(user=camille).exists()


def test_la_duree_de_validite_suit_le_reglage(organisation, monkeypatch, settings):
    settings.INVITATION_MAX_AGE_DAYS = 2
    invitation = InvitationFactory(organisation=organisation, email="camille@exemple.fr")
    token = _jeton_signe_il_y_a(invitation, timedelta(days=3), monkeypatch)
    with pytest.raises(ValidationError) as erreur:
        invitation_from_token(token)
    assert erreur.value.code == "expiree"


@pytest.mark.parametrize(
    "alteration",
    [
        pytest.param(lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"), id="signature"),
        pytest.param(lambda token: "Mg" + token[token.index(":") :], id="autre-invitation"),
        pytest.param(lambda token: "n-importe-quoi", id="charabia"),
        pytest.param(lambda token: signing.dumps(1), id="autre-usage"),
    ],
)
def test_un_lien_d_invitation_altere_est_refuse(organisation, alteration):
    invitation = InvitationFactory(organisation=organisation, email="camille@exemple.fr")
    camille = UserFactory(email="camille@exemple.fr")
    with pytest.raises(ValidationError) as erreur:
        invitation_accept(by=camille, token=alteration(invitation_token(invitation)))
    _refus(erreur, "Ce lien d'invitation n'est pas valide.", "invalide")
    assert not organisation.membres.filter(user=camille).exists()


def test_une_invitation_ne_s_accepte_pas_depuis_un_autre_compte(organisation):
    invitation = InvitationFactory(organisation=organisation, email="camille@exemple.fr")
    intrus = UserFactory(email="intrus@exemple.fr")

    with pytest.raises(ValidationError) as erreur:
        invitation_accept(by=intrus, token=invitation_token(invitation))

    _refus(
        erreur,
        "Cette invitation a été envoyée à camille@exemple.fr : connectez-vous avec cette "
        "adresse pour l'accepter.",
        "autre_adresse",
    )
    assert not organisation.membres.filter(user=intrus).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_une_invitation_admin_promeut_quelqu_un_devenu_membre_entre_temps(membre, organisation):
    invitation = InvitationFactory(
        organisation=organisation, email=membre.user.email, role=Membre.Role.ADMIN
    )
    invitation_accept(by=membre.user, token=invitation_token(invitation))
    membre.refresh_from_db()
    assert membre.role == Membre.Role.ADMIN


def test_une_invitation_membre_ne_retrograde_pas_un_administrateur(admin, organisation):
    invitation = InvitationFactory(
        organisation=organisation, email=admin.user.email, role=Membre.Role.MEMBRE
    )
    invitation_accept(by=admin.user, token=invitation_token(invitation))
    admin.refresh_from_db()
    assert admin.role == Membre.Role.ADMIN


# invitation_revoke


def test_un_administrateur_annule_une_invitation_et_son_lien_ne_marche_plus(admin, organisation):
    invitation = InvitationFactory(organisation=organisation, email="camille@exemple.fr")
    token = invitation_token(invitation)

    invitation_revoke(by=admin.user, invitation=invitation)

    assert not Invitation.objects.exists()
    with pytest.raises(ValidationError) as erreur:
        invitation_accept(by=UserFactory(email="camille@exemple.fr"), token=token)
    _refus(erreur, "Cette invitation a été annulée.", "annulee")


def test_un_simple_membre_ne_peut_pas_annuler_une_invitation(membre, organisation):
    invitation = InvitationFactory(organisation=organisation)
    with pytest.raises(PermissionDenied):
        invitation_revoke(by=membre.user, invitation=invitation)
    assert Invitation.objects.filter(pk=invitation.pk).exists()


def test_une_invitation_acceptee_ne_s_annule_plus(admin, organisation):
    invitation = InvitationFactory(organisation=organisation, email="camille@exemple.fr")
    invitation_accept(
        by=UserFactory(email="camille@exemple.fr"), token=invitation_token(invitation)
    )
    invitation.refresh_from_db()

    with pytest.raises(ValidationError) as erreur:
        invitation_revoke(by=admin.user, invitation=invitation)

    _refus(erreur, "Cette invitation a déjà été acceptée.", "utilisee")
    assert Invitation.objects.filter(pk=invitation.pk).exists()


def test_une_invitation_acceptee_pendant_qu_on_l_annule_reste(admin, organisation):
    # The admin's page was opened before Camille accepted: its copy still says « pending ».
    invitation = InvitationFactory(organisation=organisation, email="camille@exemple.fr")
    vue_par_l_admin = Invitation.objects.get(pk=invitation.pk)
    invitation_accept(
        by=UserFactory(email="camille@exemple.fr"), token=invitation_token(invitation)
    )
    with pytest.raises(ValidationError) as erreur:
        invitation_revoke(by=admin.user, invitation=vue_par_l_admin)
    _refus(erreur, "Cette invitation a déjà été acceptée.", "utilisee")
    assert Invitation.objects.filter(pk=invitation.pk).exists()


def test_un_lien_annule_entre_sa_lecture_et_son_acceptation_est_refuse(
    admin, organisation, monkeypatch
):
    invitation = InvitationFactory(organisation=organisation, email="camille@exemple.fr")
    token = invitation_token(invitation)
    camille = UserFactory(email="camille@exemple.fr")
    lu = services.invitation_from_token  # then the revocation lands: no row left to lock

    def lu_puis_annule(jeton):
        found = lu(jeton)
        Invitation.objects.filter(pk=found.pk).delete()
        return found

    monkeypatch.setattr(services, "invitation_from_token", lu_puis_annule)
    with pytest.raises(ValidationError) as erreur:
        invitation_accept(by=camille, token=token)
    _refus(erreur, "Cette invitation a été annulée.", "annulee")
    assert not Membre.objects.filter(user=camille).exists()


# demande_adhesion_create


def test_une_demande_d_adhesion_previent_tous_les_administrateurs(
    admin, membre, organisation, django_capture_on_commit_callbacks
):
    second_admin = MembreFactory(admin=True, organisation=organisation)
    demandeur = UserFactory(email="lea@exemple.fr")

    with django_capture_on_commit_callbacks(execute=True):
        demande = demande_adhesion_create(
            by=demandeur, organisation=organisation, message="Nous cultivons à Vaulx-en-Velin."
        )

    demande.refresh_from_db()
    assert (demande.user, demande.organisation) == (demandeur, organisation)
    assert demande.etat == DemandeAdhesion.Etat.EN_ATTENTE
    assert demande.message == "Nous cultivons à Vaulx-en-Velin."
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    # Admins only: the simple member is not asked.
    assert sorted(message.to) == sorted([admin.user.email, second_admin.user.email])
    assert message.subject == "lea@exemple.fr demande à rejoindre Les Jardins Solidaires de Lyon"
    assert "Nous cultivons à Vaulx-en-Velin." in message.body
    assert (
        "http://testserver/espace/organisations/les-jardins-solidaires-de-lyon/membres/"
        in message.body
    )


def test_une_seconde_demande_en_attente_est_refusee(
    organisation, django_capture_on_commit_callbacks
):
    demandeur = UserFactory()
    DemandeAdhesionFactory(user=demandeur, organisation=organisation)

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(ValidationError) as erreur,
    ):
        demande_adhesion_create(by=demandeur, organisation=organisation)

    _refus(
        erreur,
        "Votre demande pour rejoindre Les Jardins Solidaires de Lyon attend déjà une réponse.",
        "deja_demandee",
    )
    assert organisation.demandes_adhesion.count() == 1
    assert mail.outbox == []


def test_apres_un_refus_on_peut_demander_a_nouveau(organisation):
    demandeur = UserFactory()
    DemandeAdhesionFactory(
        user=demandeur, organisation=organisation, etat=DemandeAdhesion.Etat.REFUSEE
    )
    demande_adhesion_create(by=demandeur, organisation=organisation)
    assert organisation.demandes_adhesion.filter(etat="en_attente").count() == 1


def test_un_membre_ne_demande_pas_a_rejoindre_son_organisation(membre, organisation):
    with pytest.raises(ValidationError) as erreur:
        demande_adhesion_create(by=membre.user, organisation=organisation)
    _refus(erreur, "Vous êtes déjà membre de Les Jardins Solidaires de Lyon.", "deja_membre")
    assert not organisation.demandes_adhesion.exists()


# demande_adhesion_decide


@pytest.fixture
def demande(organisation):
    return DemandeAdhesionFactory(organisation=organisation, user__email="lea@exemple.fr")


def test_accepter_une_demande_fait_du_demandeur_un_membre_et_le_previent(
    admin, demande, organisation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        demande_adhesion_decide(by=admin.user, demande=demande, accept=True)

    demande.refresh_from_db()
    assert demande.etat == DemandeAdhesion.Etat.ACCEPTEE
    assert demande.decided_by == admin.user
    assert demande.decided_at is not None
    assert organisation.membres.get(user=demande.user).role == Membre.Role.MEMBRE
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["lea@exemple.fr"]
    assert message.subject == "Votre demande pour rejoindre Les Jardins Solidaires de Lyon"
    assert (
        "Votre demande a été acceptée : vous êtes désormais membre de "
        "« Les Jardins Solidaires de Lyon »." in message.body
    )


def test_refuser_une_demande_ne_cree_pas_de_membre_et_previent_le_demandeur(
    admin, demande, organisation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        demande_adhesion_decide(by=admin.user, demande=demande, accept=False)

    demande.refresh_from_db()
    assert demande.etat == DemandeAdhesion.Etat.REFUSEE
    assert demande.decided_by == admin.user
    assert not organisation.membres.filter(user=demande.user).exists()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["lea@exemple.fr"]
    assert (
        "Votre demande pour rejoindre « Les Jardins Solidaires de Lyon » n'a pas été acceptée "
        "par ses administrateurs." in mail.outbox[0].body
    )


@pytest.mark.parametrize("qui", ["membre", "demandeur", "admin_ailleurs"])
def test_seul_un_administrateur_decide_d_une_demande(qui, membre, demande, organisation):
    decideur = {
        "membre": membre.user,
        "demandeur": demande.user,
        "admin_ailleurs": MembreFactory(admin=True).user,
    }[qui]
    with pytest.raises(PermissionDenied):
        demande_adhesion_decide(by=decideur, demande=demande, accept=True)
    demande.refresh_from_db()
    assert demande.etat == DemandeAdhesion.Etat.EN_ATTENTE
    assert not organisation.membres.filter(user=demande.user).exists()


def test_le_personnel_peut_decider_d_une_demande(demande, organisation):
    demande_adhesion_decide(by=UserFactory(staff=True), demande=demande, accept=True)
    assert organisation.membres.filter(user=demande.user).exists()


def test_une_demande_ne_recoit_qu_une_reponse(admin, demande, organisation):
    demande_adhesion_decide(by=admin.user, demande=demande, accept=False)

    with pytest.raises(ValidationError) as erreur:
        demande_adhesion_decide(by=admin.user, demande=demande, accept=True)

    _refus(erreur, "Cette demande a déjà reçu une réponse.", "deja_decidee")
    demande.refresh_from_db()
    assert demande.etat == DemandeAdhesion.Etat.REFUSEE
    assert not organisation.membres.filter(user=demande.user).exists()


# membre_change_role and membre_remove


def test_un_administrateur_promeut_un_membre(admin, membre):
    membre_change_role(by=admin.user, membre=membre, role=Membre.Role.ADMIN)
    membre.refresh_from_db()
    assert membre.role == Membre.Role.ADMIN


def test_le_dernier_admin_ne_peut_pas_se_retrograder(admin, membre):
    with pytest.raises(ValidationError) as erreur:
        membre_change_role(by=admin.user, membre=admin, role=Membre.Role.MEMBRE)
    _refus(erreur, DERNIER_ADMIN, "dernier_admin")
    admin.refresh_from_db()
    assert admin.role == Membre.Role.ADMIN


def test_un_admin_peut_se_retrograder_s_il_en_reste_un_autre(admin, organisation):
    MembreFactory(admin=True, organisation=organisation)
    membre_change_role(by=admin.user, membre=admin, role=Membre.Role.MEMBRE)
    admin.refresh_from_db()
    assert admin.role == Membre.Role.MEMBRE


def test_un_membre_ne_peut_pas_se_promouvoir_administrateur(membre):
    with pytest.raises(PermissionDenied):
        membre_change_role(by=membre.user, membre=membre, role=Membre.Role.ADMIN)
    membre.refresh_from_db()
    assert membre.role == Membre.Role.MEMBRE


def test_le_personnel_change_les_roles_mais_garde_un_administrateur(admin, membre):
    equipe = UserFactory(staff=True)
    membre_change_role(by=equipe, membre=membre, role=Membre.Role.ADMIN)
    membre.refresh_from_db()
    assert membre.role == Membre.Role.ADMIN

    membre_change_role(by=equipe, membre=admin, role=Membre.Role.MEMBRE)
    with pytest.raises(ValidationError) as erreur:
        membre_change_role(by=equipe, membre=membre, role=Membre.Role.MEMBRE)
    _refus(erreur, DERNIER_ADMIN, "dernier_admin")
    membre.refresh_from_db()
    assert membre.role == Membre.Role.ADMIN


def test_un_membre_peut_quitter_l_organisation(membre, organisation):
    membre_remove(by=membre.user, membre=membre)
    assert not organisation.membres.filter(pk=membre.pk).exists()


def test_le_dernier_admin_ne_peut_pas_partir(admin, membre, organisation):
    with pytest.raises(ValidationError) as erreur:
        membre_remove(by=admin.user, membre=admin)
    _refus(erreur, DERNIER_ADMIN, "dernier_admin")
    assert organisation.membres.filter(pk=admin.pk).exists()


def test_le_dernier_admin_ne_peut_pas_etre_retire_meme_par_le_personnel(admin, organisation):
    with pytest.raises(ValidationError) as erreur:
        membre_remove(by=UserFactory(staff=True), membre=admin)
    _refus(erreur, DERNIER_ADMIN, "dernier_admin")
    assert organisation.membres.filter(pk=admin.pk).exists()


def test_un_admin_peut_partir_s_il_en_reste_un_autre(admin, organisation):
    autre = MembreFactory(admin=True, organisation=organisation)
    membre_remove(by=admin.user, membre=admin)
    assert list(organisation.membres.all()) == [autre]


def test_un_administrateur_retire_un_membre(admin, membre, organisation):
    membre_remove(by=admin.user, membre=membre)
    assert list(organisation.membres.all()) == [admin]


def test_un_membre_ne_peut_pas_retirer_quelqu_un_d_autre(admin, membre, organisation):
    with pytest.raises(PermissionDenied):
        membre_remove(by=membre.user, membre=admin)
    autre_membre = MembreFactory(organisation=organisation)
    with pytest.raises(PermissionDenied):
        membre_remove(by=membre.user, membre=autre_membre)
    assert organisation.membres.count() == 3


def test_l_administrateur_d_une_autre_organisation_ne_retire_personne(membre, organisation):
    autre_admin = MembreFactory(admin=True)
    with pytest.raises(PermissionDenied):
        membre_remove(by=autre_admin.user, membre=membre)
    assert organisation.membres.filter(pk=membre.pk).exists()


def test_le_personnel_peut_retirer_un_membre(membre, organisation):
    membre_remove(by=UserFactory(staff=True), membre=membre)
    assert not organisation.membres.filter(pk=membre.pk).exists()


# Found in review


def test_une_invitation_trop_ancienne_expire_meme_avec_un_lien_neuf():
    invitation = InvitationFactory(email="sacha@exemple.fr")
    Invitation.objects.filter(pk=invitation.pk).update(
        created_at=timezone.now() - timedelta(days=30)
    )
    with pytest.raises(ValidationError) as error:
        invitation_from_token(invitation_token(invitation))
    assert error.value.code == "expiree"
    assert not Invitation.objects.pending().exists()


def test_une_organisation_n_envoie_pas_plus_de_vingt_invitations_par_jour():
    admin = MembreFactory(admin=True)
    for index in range(INVITATIONS_PAR_JOUR):
        invitation_create(
            by=admin.user,
            organisation=admin.organisation,
            email=f"n{index}@exemple.fr",
            role="membre",
        )
    with pytest.raises(ValidationError) as error:
        invitation_create(
            by=admin.user,
            organisation=admin.organisation,
            email="une-de-trop@exemple.fr",
            role="membre",
        )
    assert error.value.code == "trop_d_invitations"
