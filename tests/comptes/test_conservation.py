"""Retention (issue 18, item 3), time moved by passing `now`: unconfirmed accounts after 30
days, inactive ones warned 30 days before their three years then anonymised, invitations never
accepted after 90 days, the address hashes of reports after a year, delivered emails after 90
days; a second run the same day does nothing more."""

import datetime

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone

from alliances.models import InvitationPartenaire
from comptes.donnees import purge_all
from comptes.models import Courriel, ExportDonnees, User
from moderation.models import Signalement
from organisations.models import Invitation
from tests.factories import AllianceFactory, InvitationFactory, MembreFactory, UserFactory

pytestmark = pytest.mark.django_db

MAINTENANT = timezone.make_aware(datetime.datetime(2030, 6, 1, 3, 40))
JOUR = datetime.timedelta(days=1)


def _verifie(user):
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def test_un_compte_jamais_confirme_part_apres_trente_jours():
    ancien = UserFactory(email="ancien@exemple.fr", date_joined=MAINTENANT - 31 * JOUR)
    recent = UserFactory(email="recent@exemple.fr", date_joined=MAINTENANT - 29 * JOUR)
    for user in (ancien, recent):
        EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    confirme = _verifie(UserFactory(date_joined=MAINTENANT - 60 * JOUR, last_login=MAINTENANT))

    counts = purge_all(MAINTENANT)

    assert counts["comptes_non_confirmes"] == 1
    assert User.objects.get(pk=ancien.pk).supprime_le is not None
    assert User.objects.get(pk=recent.pk).supprime_le is None
    assert User.objects.get(pk=confirme.pk).supprime_le is None
    assert purge_all(MAINTENANT)["comptes_non_confirmes"] == 0


def test_un_compte_inactif_est_averti_un_mois_avant_puis_anonymise():
    depuis = MAINTENANT - 3 * 365 * JOUR + 20 * JOUR
    membre = MembreFactory(admin=True, user__email="dormant@exemple.fr")
    user = _verifie(membre.user)
    User.objects.filter(pk=user.pk).update(last_login=depuis, date_joined=depuis)

    counts = purge_all(MAINTENANT)

    assert counts["comptes_avertis"] == 1
    courriel = Courriel.objects.get(destinataires="dormant@exemple.fr")
    assert "sera anonymisé dans un mois" in courriel.sujet
    # The next night changes nothing; 30 days after the warning, the account is anonymised.
    assert purge_all(MAINTENANT + JOUR)["comptes_avertis"] == 0
    assert purge_all(MAINTENANT + 29 * JOUR)["comptes_inactifs_anonymises"] == 0
    assert purge_all(MAINTENANT + 31 * JOUR)["comptes_inactifs_anonymises"] == 1
    user.refresh_from_db()
    assert user.supprime_le is not None
    assert not user.adhesions.exists()


def test_un_compte_qui_revient_apres_l_avertissement_reste():
    depuis = MAINTENANT - 3 * 365 * JOUR + 20 * JOUR
    user = _verifie(UserFactory(last_login=depuis, date_joined=depuis))
    purge_all(MAINTENANT)
    User.objects.filter(pk=user.pk).update(last_login=MAINTENANT + 2 * JOUR)

    counts = purge_all(MAINTENANT + 40 * JOUR)

    assert counts["comptes_inactifs_anonymises"] == 0
    user.refresh_from_db()
    assert (user.supprime_le, user.inactivite_avertie_le) == (None, None)


def test_les_invitations_jamais_acceptees_sont_oubliees():
    vieille = InvitationFactory(email="vieille@exemple.fr")
    Invitation.objects.filter(pk=vieille.pk).update(created_at=MAINTENANT - 91 * JOUR)
    jeune = InvitationFactory(email="jeune@exemple.fr")
    Invitation.objects.filter(pk=jeune.pk).update(created_at=MAINTENANT - 10 * JOUR)
    partenaire = InvitationPartenaire.objects.create(
        alliance=AllianceFactory(), email="partenaire@exemple.fr"
    )
    InvitationPartenaire.objects.filter(pk=partenaire.pk).update(created_at=MAINTENANT - 91 * JOUR)

    counts = purge_all(MAINTENANT)

    assert (counts["invitations_expirees"], counts["invitations_partenaires_expirees"]) == (1, 1)
    assert list(Invitation.objects.values_list("email", flat=True)) == ["jeune@exemple.fr"]
    assert not InvitationPartenaire.objects.exists()


def test_l_empreinte_d_un_visiteur_qui_signale_s_efface_apres_un_an():
    alliance = AllianceFactory()
    champs = {
        "nature": "alliance",
        "object_id": alliance.pk,
        "titre": alliance.titre,
        "motif": "erreur",
    }
    vieux = Signalement.objects.create(
        empreinte="ip" + "a" * 40, created_at=MAINTENANT - 400 * JOUR, **champs
    )
    compte = Signalement.objects.create(
        empreinte="u12", created_at=MAINTENANT - 400 * JOUR, **champs
    )

    assert purge_all(MAINTENANT)["empreintes_de_signalements"] == 1

    vieux.refresh_from_db()
    compte.refresh_from_db()
    assert vieux.empreinte == f"expiree-{vieux.pk}"
    assert compte.empreinte == "u12"


def test_les_courriels_envoyes_ou_abandonnes_quittent_la_file_apres_quatre_vingt_dix_jours():
    for jours, etat in ((91, "envoye"), (10, "envoye"), (120, "echec"), (120, "en_attente")):
        Courriel.objects.create(
            sujet=f"{jours}-{etat}",
            destinataires="x@exemple.fr",
            message={},
            etat=etat,
            created_at=MAINTENANT - jours * JOUR,
        )

    assert purge_all(MAINTENANT)["courriels_envoyes_effaces"] == 2
    assert sorted(Courriel.objects.values_list("sujet", flat=True)) == [
        "10-envoye",
        "120-en_attente",
    ]


def test_un_compte_cree_dans_l_administration_n_est_pas_pris_pour_une_inscription():
    # No address row at all: an account made by staff, whose owner has not logged in yet.
    nomme = UserFactory(email="catalyseur@exemple.fr", date_joined=MAINTENANT - 60 * JOUR)
    inscrit = UserFactory(email="inscrit@exemple.fr", date_joined=MAINTENANT - 60 * JOUR)
    EmailAddress.objects.create(user=inscrit, email=inscrit.email, verified=False, primary=True)

    assert purge_all(MAINTENANT)["comptes_non_confirmes"] == 1
    assert User.objects.get(pk=nomme.pk).supprime_le is None
    assert User.objects.get(pk=inscrit.pk).supprime_le is not None


def test_les_copies_de_donnees_expirees_sont_effacees():
    user = UserFactory()
    for jours in (-1, 3):
        ExportDonnees.objects.create(
            user=user, jeton=f"jeton{jours}", contenu={"x": 1}, expire_le=MAINTENANT + jours * JOUR
        )

    assert purge_all(MAINTENANT)["copies_de_donnees_expirees"] == 1
    assert list(ExportDonnees.objects.values_list("jeton", flat=True)) == ["jeton3"]


def test_la_page_des_donnees_personnelles_donne_les_durees_des_reglages(client, settings):
    settings.CONSERVATION = {**settings.CONSERVATION, "invitations": 45}

    html = client.get("/pages/donnees-personnelles/").content.decode()

    assert "une invitation jamais acceptée, avec l'adresse qu'elle nomme : 45 jours" in html
