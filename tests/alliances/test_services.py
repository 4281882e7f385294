import time
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core import mail, signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import resolve
from django.utils import timezone

from moderation.models import Statut
from nomenclatures.models import ODD, Domaine
from organisations.identifiants import siren_with_key
from organisations.models import DemandeAdhesion, Invitation, Membre, Organisation
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
    organisation_create,
    organisation_update,
)
from tests.alliances.factories import (
    CommuneFactory,
    DemandeAdhesionFactory,
    EPCIFactory,
    InvitationFactory,
    MembreFactory,
    OrganisationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

DERNIER_ADMIN = "Une organisation garde toujours au moins un administrateur."


def _refus(erreur: pytest.ExceptionInfo, message: str, code: str) -> None:
    assert erreur.value.messages == [message]
    assert erreur.value.code == code


@pytest.fixture
def admin():
    return MembreFactory(admin=True, organisation__nom="Les Jardins Solidaires de Lyon")


@pytest.fixture
def organisation(admin):
    return admin.organisation


@pytest.fixture
def membre(organisation):
    return MembreFactory(organisation=organisation)


# organisation_create


def _nouvelle(**champs) -> Organisation:
    """An organisation as the registration form leaves it: filled in, not saved yet."""
    champs.setdefault("siege", CommuneFactory())
    return OrganisationFactory.build(**champs)


def test_le_createur_devient_administrateur_d_une_organisation_en_attente_de_moderation():
    createur = UserFactory()
    domaines = list(Domaine.objects.filter(code__in=["alimentation", "solidarite"]))
    odd = list(ODD.objects.filter(numero__in=[2, 17]))
    # Whatever the form says, a new organisation waits for moderation.
    brouillon = _nouvelle(nom="Les Jardins Solidaires de Lyon", statut=Statut.PUBLIEE)

    organisation = organisation_create(
        by=createur, organisation=brouillon, domaines=domaines, odd=odd
    )

    organisation.refresh_from_db()
    assert organisation.statut == Statut.EN_ATTENTE
    assert organisation.slug == "les-jardins-solidaires-de-lyon"
    assert list(organisation.membres.values_list("user", "role")) == [
        (createur.pk, Membre.Role.ADMIN)
    ]
    assert set(organisation.domaines.values_list("code", flat=True)) == {
        "alimentation",
        "solidarite",
    }
    assert set(organisation.odd.values_list("numero", flat=True)) == {2, 17}


def test_deux_organisations_du_meme_nom_recoivent_des_slugs_distincts():
    createur = UserFactory()
    slugs = [
        organisation_create(
            by=createur, organisation=_nouvelle(nom="Épicerie Solidaire"), domaines=[], odd=[]
        ).slug
        for _ in range(3)
    ]
    assert slugs == ["epicerie-solidaire", "epicerie-solidaire-2", "epicerie-solidaire-3"]


def test_un_nom_sans_lettres_latines_donne_un_slug_par_defaut():
    organisation = organisation_create(
        by=UserFactory(), organisation=_nouvelle(nom="★ ★ ★"), domaines=[], odd=[]
    )
    assert organisation.slug == "organisation"


def test_le_texte_de_recherche_est_normalise_sans_accents_ni_apostrophes():
    organisation = organisation_create(
        by=UserFactory(),
        organisation=_nouvelle(nom="L'Écho des Côteaux", description="Éducation POPULAIRE"),
        domaines=[],
        odd=[],
    )
    organisation.refresh_from_db()
    assert organisation.recherche == "l echo des coteaux education populaire"


def test_le_personnel_actif_est_prevenu_par_courriel_d_une_organisation_a_moderer(
    django_capture_on_commit_callbacks,
):
    UserFactory(staff=True, email="moderation@exemple.fr")
    UserFactory(staff=True, email="equipe@exemple.fr")
    UserFactory(staff=True, email="ancien@exemple.fr", is_active=False)
    createur = UserFactory(email="lea@exemple.fr")

    with django_capture_on_commit_callbacks(execute=True):
        organisation = organisation_create(
            by=createur,
            organisation=_nouvelle(nom="Les Jardins Solidaires de Lyon"),
            domaines=[],
            odd=[],
        )

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == ["equipe@exemple.fr", "moderation@exemple.fr"]
    assert message.subject == "Nouvelle organisation à modérer : Les Jardins Solidaires de Lyon"
    assert "lea@exemple.fr vient d'inscrire « Les Jardins Solidaires de Lyon »" in message.body
    assert (
        f"http://testserver/admin/organisations/organisation/{organisation.pk}/change/"
        in message.body
    )


def test_sans_personnel_aucun_courriel_n_est_envoye(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        organisation_create(by=UserFactory(), organisation=_nouvelle(), domaines=[], odd=[])
    assert mail.outbox == []


def test_une_collectivite_est_reliee_a_la_commune_qui_porte_son_siren():
    commune = CommuneFactory(siren=siren_with_key("88800001"))
    organisation = organisation_create(
        by=UserFactory(),
        organisation=_nouvelle(collectivite=True, nom="Mairie de Villeneuve", siren=commune.siren),
        domaines=[],
        odd=[],
    )
    organisation.refresh_from_db()
    assert organisation.territoire_commune == commune
    assert organisation.territoire_epci is None
    assert organisation.territoire == commune


def test_une_collectivite_est_reliee_a_l_epci_qui_porte_son_siren():
    epci = EPCIFactory()
    organisation = organisation_create(
        by=UserFactory(),
        organisation=_nouvelle(collectivite=True, nom="Communauté de communes", siren=epci.siren),
        domaines=[],
        odd=[],
    )
    organisation.refresh_from_db()
    assert organisation.territoire_epci == epci
    assert organisation.territoire_commune is None


def test_une_collectivite_au_siren_inconnu_du_referentiel_n_a_pas_de_territoire():
    CommuneFactory(siren=siren_with_key("88800002"))
    organisation = organisation_create(
        by=UserFactory(),
        organisation=_nouvelle(collectivite=True, siren=siren_with_key("88800003")),
        domaines=[],
        odd=[],
    )
    organisation.refresh_from_db()
    assert organisation.territoire is None


def test_une_entreprise_n_est_jamais_reliee_a_une_commune_meme_par_son_siren():
    commune = CommuneFactory(siren=siren_with_key("88800004"))
    organisation = organisation_create(
        by=UserFactory(),
        organisation=_nouvelle(entreprise=True, siren=commune.siren),
        domaines=[],
        odd=[],
    )
    organisation.refresh_from_db()
    assert organisation.territoire is None


# organisation_update


def test_un_administrateur_modifie_son_organisation_et_la_recherche_suit(admin, organisation):
    organisation.nom = "Les Potagers Partagés"
    organisation.description = "Jardinage collectif à Villeurbanne"
    organisation_update(
        by=admin.user,
        organisation=organisation,
        domaines=list(Domaine.objects.filter(code="environnement")),
        odd=list(ODD.objects.filter(numero=15)),
    )
    organisation.refresh_from_db()
    assert organisation.nom == "Les Potagers Partagés"
    assert organisation.recherche == "les potagers partages jardinage collectif a villeurbanne"
    assert list(organisation.domaines.values_list("code", flat=True)) == ["environnement"]
    assert list(organisation.odd.values_list("numero", flat=True)) == [15]
    # The address of the page does not change with the name.
    assert organisation.slug == "les-jardins-solidaires-de-lyon"


def test_un_membre_non_administrateur_ne_peut_pas_modifier_l_organisation(membre, organisation):
    organisation.nom = "Nom détourné"
    with pytest.raises(PermissionDenied):
        organisation_update(by=membre.user, organisation=organisation, domaines=[], odd=[])
    organisation.refresh_from_db()
    assert organisation.nom == "Les Jardins Solidaires de Lyon"


def test_l_administrateur_d_une_autre_organisation_ne_peut_pas_la_modifier(organisation):
    autre_admin = MembreFactory(admin=True)
    organisation.nom = "Nom détourné"
    with pytest.raises(PermissionDenied):
        organisation_update(by=autre_admin.user, organisation=organisation, domaines=[], odd=[])
    organisation.refresh_from_db()
    assert organisation.nom == "Les Jardins Solidaires de Lyon"


def test_le_personnel_peut_modifier_une_organisation(organisation):
    organisation.description = "Corrigée par l'équipe"
    organisation_update(by=UserFactory(staff=True), organisation=organisation, domaines=[], odd=[])
    organisation.refresh_from_db()
    assert organisation.description == "Corrigée par l'équipe"


def test_une_collectivite_modifiee_est_reliee_a_sa_commune_par_son_nouveau_siren():
    admin = MembreFactory(admin=True, organisation__collectivite=True)
    commune = CommuneFactory(siren=siren_with_key("88800005"))
    organisation = admin.organisation
    assert organisation.territoire is None
    organisation.siren = commune.siren
    organisation_update(by=admin.user, organisation=organisation, domaines=[], odd=[])
    organisation.refresh_from_db()
    assert organisation.territoire_commune == commune


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


# Found in review: invitations, re-moderation and limits


def test_une_invitation_trop_ancienne_expire_meme_avec_un_lien_neuf():
    invitation = InvitationFactory(email="sacha@exemple.fr")
    Invitation.objects.filter(pk=invitation.pk).update(
        created_at=timezone.now() - timedelta(days=30)
    )
    with pytest.raises(ValidationError) as error:
        invitation_from_token(invitation_token(invitation))
    assert error.value.code == "expiree"
    assert not Invitation.objects.pending().exists()


def test_modifier_le_nom_d_une_organisation_publiee_la_renvoie_en_moderation():
    admin = MembreFactory(admin=True, organisation__nom="Avant")
    organisation = admin.organisation
    organisation.nom = "Ville de Marseille"
    organisation_update(by=admin.user, organisation=organisation, domaines=[], odd=[])
    organisation.refresh_from_db()
    assert organisation.statut == Statut.EN_ATTENTE


def test_changer_seulement_les_domaines_laisse_l_organisation_publiee():
    admin = MembreFactory(admin=True)
    organisation = admin.organisation
    organisation_update(by=admin.user, organisation=organisation, domaines=["sante"], odd=[17])
    organisation.refresh_from_db()
    assert organisation.statut == Statut.PUBLIEE


def test_une_collectivite_devenue_association_ne_gouverne_plus_de_territoire():
    commune = CommuneFactory(siren=siren_with_key("99690123"))  # not a real commune's SIREN
    admin = MembreFactory(admin=True, organisation__collectivite=True)
    organisation = admin.organisation
    organisation.siren = commune.siren
    organisation_update(by=admin.user, organisation=organisation, domaines=[], odd=[])
    assert organisation.territoire_commune == commune
    organisation.kind = "association"
    organisation_update(by=admin.user, organisation=organisation, domaines=[], odd=[])
    organisation.refresh_from_db()
    assert organisation.territoire_commune is None


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
