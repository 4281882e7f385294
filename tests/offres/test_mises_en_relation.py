"""Mises en relation: contacting an offre, answering, the thread, anti-abuse, response figures,
and the alliance declared from an accepted contact."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from alliances import services as alliances_services
from alliances.models import Alliance, Participation
from moderation.models import Statut
from offres import services as offres_services
from offres.models import MiseEnRelation
from tests.factories import (
    MembreFactory,
    MiseEnRelationFactory,
    OffreFactory,
    OrganisationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def courriels(django_capture_on_commit_callbacks):
    """Run what waits for the commit (the emails' Celery tasks) as a request ends."""

    def envoyer(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return envoyer


@pytest.fixture
def besoin():
    """An association's open need, with one member who will answer."""
    offre = OffreFactory(
        titre="Des bras pour notre potager",
        organisation=OrganisationFactory(
            nom="Potager partagé", email_contact="potager@asso.exemple.fr"
        ),
    )
    MembreFactory(organisation=offre.organisation, user__email="jardiniere@asso.exemple.fr")
    return offre


@pytest.fixture
def entreprise_membre():
    return MembreFactory(
        organisation=OrganisationFactory(
            entreprise=True, nom="Outils Verts SA", email_contact="contact@outils.exemple.fr"
        ),
        user__email="rse@outils.exemple.fr",
    )


def _contacter(client, offre, membre, message="Nos salariés peuvent venir bêcher."):
    client.force_login(membre.user)
    return client.post(
        reverse("offres:mise_en_relation_create", args=[offre.slug]),
        {"emettrice": membre.organisation.pk, "message": message},
    )


def test_un_visiteur_doit_se_connecter_pour_contacter(client, besoin):
    html = client.get(besoin.get_absolute_url()).content.decode()
    assert "Contacter (connexion requise)" in html
    response = client.get(reverse("offres:mise_en_relation_create", args=[besoin.slug]))
    assert response.status_code == 302
    assert response["Location"].startswith("/comptes/connexion/")


def test_sans_organisation_on_est_invite_a_inscrire_la_sienne(client, besoin):
    client.force_login(UserFactory())
    html = client.get(
        reverse("offres:mise_en_relation_create", args=[besoin.slug])
    ).content.decode()
    assert "Inscrire votre organisation" in html


def test_le_parcours_complet_envoi_lecture_acceptation_coordonnees_et_alliance(
    client, besoin, entreprise_membre, courriels
):
    # The company writes; the association's members are emailed, without the company's email.
    response = courriels(_contacter, client, besoin, entreprise_membre)
    mise_en_relation = MiseEnRelation.objects.get()
    assert response["Location"] == mise_en_relation.get_absolute_url()
    assert mise_en_relation.etat == MiseEnRelation.Etat.ENVOYEE
    assert mise_en_relation.sent_at is not None
    (courriel,) = mail.outbox
    assert courriel.to == ["jardiniere@asso.exemple.fr"]
    assert courriel.subject == (
        "Outils Verts SA vous contacte au sujet de « Des bras pour notre potager »"
    )
    assert "Nos salariés peuvent venir bêcher." in courriel.body
    assert "rse@outils.exemple.fr" not in courriel.body
    html = client.get(mise_en_relation.get_absolute_url()).content.decode()
    assert "Potager partagé n'a pas encore répondu." in html
    assert "potager@asso.exemple.fr" not in html

    # The association opens it: the step « lue » is recorded; no contact details yet.
    jardiniere = besoin.organisation.membres.get().user
    client.force_login(jardiniere)
    html = client.get(mise_en_relation.get_absolute_url()).content.decode()
    mise_en_relation.refresh_from_db()
    assert mise_en_relation.etat == MiseEnRelation.Etat.LUE
    assert mise_en_relation.read_at is not None
    assert "contact@outils.exemple.fr" not in html
    assert "rse@outils.exemple.fr" not in html

    # It accepts with a reply: both sides now see each other's contact details.
    response = courriels(
        client.post,
        mise_en_relation.get_absolute_url(),
        {"decision": "accepter", "reponse": "Avec plaisir, venez samedi.", "motif": ""},
    )
    assert response.status_code == 302
    mise_en_relation.refresh_from_db()
    assert mise_en_relation.etat == MiseEnRelation.Etat.ACCEPTEE
    assert mise_en_relation.answered_by == jardiniere
    reponse = mail.outbox[-1]
    assert reponse.to == ["rse@outils.exemple.fr"]
    assert "Avec plaisir, venez samedi." in reponse.body
    client.force_login(entreprise_membre.user)
    html = client.get(mise_en_relation.get_absolute_url()).content.decode()
    assert "potager@asso.exemple.fr" in html
    assert "jardiniere@asso.exemple.fr" in html
    assert "Déclarer l&#x27;alliance" in html or "Déclarer l'alliance" in html

    # The company declares the alliance, pre-filled with both organisations.
    declarer = reverse("alliances:alliance_declare") + f"?mise_en_relation={mise_en_relation.pk}"
    entreprise_membre.organisation.statut = Statut.PUBLIEE
    entreprise_membre.organisation.save()
    form = client.get(declarer).context["form"]
    assert form.initial["porteur"] == entreprise_membre.organisation.pk
    assert form.initial["partenaire_1"] == besoin.organisation.label
    assert form.initial["titre"] == "Des bras pour notre potager"
    response = client.post(
        declarer,
        {
            "porteur": entreprise_membre.organisation.pk,
            "partenaire_1": besoin.organisation.label,
            "titre": "Outils Verts au potager",
            "description": "Des salariés bénévoles chaque mois.",
            "typologie": "mecenat",
            "modalite": "contrat_echange",
            "etat": "en_cours",
            "commune": str(besoin.commune),
            "portee": "locale",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    alliance = Alliance.objects.get()
    assert set(alliance.participations.values_list("organisation__nom", "role")) == {
        ("Outils Verts SA", Participation.Role.PORTEUR),
        ("Potager partagé", Participation.Role.PARTENAIRE),
    }
    mise_en_relation.refresh_from_db()
    assert mise_en_relation.alliance == alliance
    assert mise_en_relation.alliance_declared_at is not None
    html = client.get(mise_en_relation.get_absolute_url()).content.decode()
    assert "Alliance déclarée le" in html


def test_decliner_demande_une_raison_et_la_garde(client, besoin, entreprise_membre):
    mise_en_relation = MiseEnRelationFactory(offre=besoin, emettrice=entreprise_membre.organisation)
    client.force_login(besoin.organisation.membres.get().user)
    response = client.post(
        mise_en_relation.get_absolute_url(),
        {"decision": "decliner", "reponse": "Revenez au printemps.", "motif": ""},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choisissez la raison du refus." in html
    assert "Revenez au printemps." in html
    client.post(
        mise_en_relation.get_absolute_url(),
        {"decision": "decliner", "reponse": "Revenez au printemps.", "motif": "pas_le_bon_moment"},
    )
    mise_en_relation.refresh_from_db()
    assert mise_en_relation.etat == MiseEnRelation.Etat.DECLINEE
    assert mise_en_relation.motif == "pas_le_bon_moment"
    client.force_login(entreprise_membre.user)
    html = client.get(mise_en_relation.get_absolute_url()).content.decode()
    assert "Demande déclinée : pas le bon moment." in html
    assert "potager@asso.exemple.fr" not in html


def test_accepter_sans_message_est_explique(client, besoin):
    mise_en_relation = MiseEnRelationFactory(offre=besoin)
    client.force_login(besoin.organisation.membres.get().user)
    response = client.post(
        mise_en_relation.get_absolute_url(), {"decision": "accepter", "reponse": "  "}
    )
    assert response.status_code == 400
    assert "Écrivez un message pour accepter la demande." in response.content.decode()


def test_un_message_vide_est_explique_et_garde_le_formulaire(client, besoin, entreprise_membre):
    response = _contacter(client, besoin, entreprise_membre, message="")
    assert response.status_code == 400
    assert "Écrivez un message : il est vide." in response.content.decode()
    assert not MiseEnRelation.objects.exists()


def test_les_messages_sont_du_texte_echappe_partout(client, besoin, entreprise_membre, courriels):
    courriels(
        _contacter, client, besoin, entreprise_membre, message="<b>gras</b> & <script>x()</script>"
    )
    mise_en_relation = MiseEnRelation.objects.get()
    html = client.get(mise_en_relation.get_absolute_url()).content.decode()
    assert "<script>x()" not in html
    assert "&lt;b&gt;gras&lt;/b&gt; &amp; &lt;script&gt;" in html
    # Emails are plain text: the message is quoted as typed.
    assert "<b>gras</b> & <script>x()</script>" in mail.outbox[0].body


# Permissions


@pytest.mark.parametrize("qui", ["autre_membre", "sans_organisation", "equipe"])
def test_seuls_les_membres_des_deux_organisations_voient_le_fil(client, besoin, qui):
    mise_en_relation = MiseEnRelationFactory(offre=besoin)
    user = {
        "autre_membre": lambda: MembreFactory().user,
        "sans_organisation": UserFactory,
        "equipe": lambda: UserFactory(staff=True),
    }[qui]()
    client.force_login(user)
    response = client.get(mise_en_relation.get_absolute_url())
    if qui == "equipe":
        assert response.status_code == 200
        assert 'value="accepter"' not in response.content.decode()
    else:
        assert response.status_code == 404
        html = client.get(reverse("offres:mise_en_relation_list")).content.decode()
        assert besoin.titre not in html


def test_l_emettrice_ne_peut_pas_repondre_a_sa_propre_demande(client, besoin, entreprise_membre):
    mise_en_relation = MiseEnRelationFactory(offre=besoin, emettrice=entreprise_membre.organisation)
    client.force_login(entreprise_membre.user)
    response = client.post(
        mise_en_relation.get_absolute_url(), {"decision": "accepter", "reponse": "Oui !"}
    )
    assert response.status_code == 302
    mise_en_relation.refresh_from_db()
    assert mise_en_relation.etat == MiseEnRelation.Etat.ENVOYEE
    with pytest.raises(alliances_services.PermissionDenied):
        offres_services.mise_en_relation_answer(
            by=entreprise_membre.user, mise_en_relation=mise_en_relation, accept=True, reponse="x"
        )


def test_on_ne_contacte_pas_sa_propre_organisation(client, besoin):
    membre = besoin.organisation.membres.get()
    client.force_login(membre.user)
    html = client.get(
        reverse("offres:mise_en_relation_create", args=[besoin.slug])
    ).content.decode()
    assert "Cette offre est celle de votre organisation" in html
    # Even through another organisation of theirs.
    autre = MembreFactory(user=membre.user)
    response = _contacter(client, besoin, autre)
    assert response.status_code == 400
    assert not MiseEnRelation.objects.exists()
    with pytest.raises(ValidationError, match="votre propre organisation"):
        offres_services.mise_en_relation_send(
            by=membre.user, emettrice=autre.organisation, offre=besoin, message="Moi-même"
        )


def test_on_ne_contacte_qu_une_offre_ouverte_et_publiee(client, entreprise_membre):
    fermee = OffreFactory(etat="pourvue")
    cachee = OffreFactory(en_attente=True)
    for offre in (fermee, cachee):
        assert _contacter(client, offre, entreprise_membre).status_code == 404
    assert not MiseEnRelation.objects.exists()


def test_on_n_envoie_pas_au_nom_d_une_organisation_dont_on_n_est_pas_membre(client, besoin):
    client.force_login(UserFactory())
    response = client.post(
        reverse("offres:mise_en_relation_create", args=[besoin.slug]),
        {"emettrice": OrganisationFactory().pk, "message": "Usurpation"},
    )
    assert response.status_code == 400
    assert not MiseEnRelation.objects.exists()


# Anti-abuse


def test_une_seule_demande_en_cours_par_offre(client, besoin, entreprise_membre):
    _contacter(client, besoin, entreprise_membre)
    response = _contacter(client, besoin, entreprise_membre)
    assert response.status_code == 400
    assert "la demande attend sa réponse" in response.content.decode()
    assert MiseEnRelation.objects.count() == 1


def test_apres_un_refus_on_attend_30_jours_pour_recontacter_la_meme_offre(
    client, besoin, entreprise_membre
):
    declinee = MiseEnRelationFactory(
        offre=besoin,
        emettrice=entreprise_membre.organisation,
        etat=MiseEnRelation.Etat.DECLINEE,
        motif="pas_le_bon_moment",
        answered_at=timezone.now() - timedelta(days=29),
    )
    response = _contacter(client, besoin, entreprise_membre)
    assert response.status_code == 400
    assert "vous pourrez la recontacter à partir du" in response.content.decode()
    declinee.answered_at = timezone.now() - timedelta(days=31)
    declinee.save()
    assert _contacter(client, besoin, entreprise_membre).status_code == 302


def test_limite_par_utilisateur_et_par_jour(client, entreprise_membre, settings):
    offres = [
        OffreFactory() for _ in range(offres_services.MISES_EN_RELATION_PAR_JOUR_UTILISATEUR + 1)
    ]
    for offre in offres[:-1]:
        assert _contacter(client, offre, entreprise_membre).status_code == 302
    response = _contacter(client, offres[-1], entreprise_membre)
    assert response.status_code == 400
    assert "Vous avez déjà envoyé 10 demandes de mise en relation aujourd&#x27;hui" in (
        response.content.decode()
    )
    assert "Nos salariés peuvent venir bêcher." in response.content.decode()


def test_limite_par_organisation_et_par_jour(entreprise_membre):
    organisation = entreprise_membre.organisation
    for _ in range(offres_services.MISES_EN_RELATION_PAR_JOUR_ORGANISATION):
        MiseEnRelationFactory(emettrice=organisation)
    with pytest.raises(ValidationError, match="Outils Verts SA a déjà envoyé 20 demandes"):
        offres_services.mise_en_relation_send(
            by=entreprise_membre.user,
            emettrice=organisation,
            offre=OffreFactory(),
            message="Encore une",
        )
    # Yesterday's requests no longer count.
    MiseEnRelation.objects.update(created_at=timezone.now() - timedelta(days=2))
    offres_services.mise_en_relation_send(
        by=entreprise_membre.user, emettrice=organisation, offre=OffreFactory(), message="Ok"
    )


# An organisation waiting for moderation


def test_la_demande_d_une_organisation_non_publiee_attend_sa_publication(client, besoin, courriels):
    membre = MembreFactory(organisation=OrganisationFactory(en_attente=True, nom="Toute neuve"))
    response = courriels(_contacter, client, besoin, membre)
    mise_en_relation = MiseEnRelation.objects.get()
    assert response.status_code == 302
    assert mise_en_relation.etat == MiseEnRelation.Etat.EN_ATTENTE_PUBLICATION
    assert mise_en_relation.sent_at is None
    assert mail.outbox == []
    # Nothing leaves while the organisation is not published.
    assert offres_services.mises_en_relation_deliver_waiting(organisation=membre.organisation) == 0
    # The receiving organisation does not see it yet: not on its dashboard, not in its list,
    # not by the thread's address.
    client = Client()  # without the sender's pending flash message
    client.force_login(besoin.organisation.membres.get().user)
    assert "Toute neuve" not in client.get(reverse("espace:accueil")).content.decode()
    liste = client.get(reverse("offres:mise_en_relation_list")).content.decode()
    assert "Demandes reçues" in liste
    assert "Toute neuve" not in liste
    assert client.get(mise_en_relation.get_absolute_url()).status_code == 404

    membre.organisation.statut = Statut.PUBLIEE
    membre.organisation.save()
    assert (
        courriels(
            offres_services.mises_en_relation_deliver_waiting, organisation=membre.organisation
        )
        == 1
    )
    mise_en_relation.refresh_from_db()
    assert mise_en_relation.etat == MiseEnRelation.Etat.ENVOYEE
    assert mise_en_relation.sent_at is not None
    assert [m.to for m in mail.outbox] == [["jardiniere@asso.exemple.fr"]]
    assert "Toute neuve</a> écrit" in client.get(reverse("espace:accueil")).content.decode()


def test_publier_depuis_l_administration_delivre_les_demandes_en_attente(
    admin_client, besoin, courriels
):
    membre = MembreFactory(organisation=OrganisationFactory(en_attente=True))
    offres_services.mise_en_relation_send(
        by=membre.user, emettrice=membre.organisation, offre=besoin, message="Bonjour"
    )
    courriels(
        admin_client.post,
        reverse("admin:organisations_organisation_changelist"),
        {"action": "publish", "_selected_action": [membre.organisation.pk]},
    )
    assert MiseEnRelation.objects.get().etat == MiseEnRelation.Etat.ENVOYEE
    assert ["jardiniere@asso.exemple.fr"] in [message.to for message in mail.outbox]


# Lists, dashboard and response figures


def test_la_liste_des_mises_en_relation_en_requetes_constantes(
    client, besoin, django_assert_num_queries
):
    user = besoin.organisation.membres.get().user
    for _ in range(5):
        MiseEnRelationFactory(offre=besoin)
    client.force_login(user)
    # session, user; memberships; threads with their offre and organisations.
    with django_assert_num_queries(4):
        response = client.get(reverse("offres:mise_en_relation_list"))
    assert len(response.context["recues"]) == 5
    for _ in range(5):
        MiseEnRelationFactory(offre=besoin)
    with django_assert_num_queries(4):
        client.get(reverse("offres:mise_en_relation_list"))


def test_la_page_d_un_fil_en_requetes_constantes(client, besoin, django_assert_num_queries):
    mise_en_relation = MiseEnRelationFactory(offre=besoin, etat=MiseEnRelation.Etat.LUE)
    client.force_login(mise_en_relation.sent_by)
    MembreFactory(user=mise_en_relation.sent_by, organisation=mise_en_relation.emettrice)
    # session, user; the thread; two membership checks (sender side, receiving side).
    with django_assert_num_queries(5):
        response = client.get(mise_en_relation.get_absolute_url())
    assert response.status_code == 200


def test_taux_de_reponse_et_delai_median(client, besoin):
    organisation = besoin.organisation
    maintenant = timezone.now()
    for heures in (2, 4, 30):
        MiseEnRelationFactory(
            offre=besoin,
            etat=MiseEnRelation.Etat.ACCEPTEE,
            sent_at=maintenant - timedelta(days=3),
            answered_at=maintenant - timedelta(days=3) + timedelta(hours=heures),
        )
    MiseEnRelationFactory(offre=besoin)
    stats = MiseEnRelation.objects.response_stats(organisation)
    assert stats == {
        "recues": 4,
        "repondues": 3,
        "taux": 75,
        "mediane_heures": 4.0,
        "publiable": False,
    }
    # Below five requests received, the public page says nothing; the espace pro does.
    assert "Réponses aux mises en relation" not in (
        client.get(organisation.get_absolute_url()).content.decode()
    )
    client.force_login(organisation.membres.get().user)
    html = client.get(reverse("espace:accueil")).content.decode()
    assert "a reçu 4 demandes et répondu à 75 %, en 4 h en médiane" in html
    MiseEnRelationFactory(offre=besoin)
    html = client.get(organisation.get_absolute_url()).content.decode()
    assert "60 % des 5 demandes reçues, en 4 h en médiane" in html


# Emails delivered by the real Celery worker


def _texte(message) -> str:
    # The fixture parses the worker's bytes, so the 8-bit UTF-8 body decodes as written.
    return message.get_content()


@pytest.mark.worker
def test_le_worker_envoie_vraiment_les_courriels_du_parcours(transactional_db, courriels_du_worker):
    besoin = OffreFactory(titre="Un local pour nos ateliers")
    MembreFactory(organisation=besoin.organisation, user__email="asso.worker@exemple.fr")
    entreprise = MembreFactory(
        organisation=OrganisationFactory(entreprise=True, nom="Entreprise du worker"),
        user__email="entreprise.worker@exemple.fr",
    )
    mise_en_relation = offres_services.mise_en_relation_send(
        by=entreprise.user,
        emettrice=entreprise.organisation,
        offre=besoin,
        message="Notre entrepôt a une salle libre.",
    )
    (recu,) = courriels_du_worker("asso.worker@exemple.fr", "Entreprise du worker vous contacte")
    assert "Notre entrepôt a une salle libre." in _texte(recu)
    offres_services.mise_en_relation_answer(
        by=besoin.organisation.membres.get().user,
        mise_en_relation=mise_en_relation,
        accept=True,
        reponse="Merci, appelons-nous.",
    )
    (reponse,) = courriels_du_worker("entreprise.worker@exemple.fr", "a répondu à votre demande")
    assert "Merci, appelons-nous." in _texte(reponse)


def test_on_ne_pre_remplit_une_alliance_qu_avec_une_mise_en_relation_acceptee_des_siennes(
    client, besoin, entreprise_membre
):
    declarer = reverse("alliances:alliance_declare") + "?mise_en_relation={}"
    en_cours = MiseEnRelationFactory(offre=besoin, emettrice=entreprise_membre.organisation)
    acceptee = MiseEnRelationFactory(
        offre=OffreFactory(), emettrice=entreprise_membre.organisation, etat="acceptee"
    )
    client.force_login(entreprise_membre.user)
    assert client.get(declarer.format(en_cours.pk)).status_code == 404
    assert client.get(declarer.format(acceptee.pk)).status_code == 200
    assert client.get(declarer.format("abc")).status_code == 200
    client.force_login(MembreFactory().user)
    assert client.get(declarer.format(acceptee.pk)).status_code == 404
