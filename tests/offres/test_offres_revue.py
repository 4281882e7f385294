"""Offres, mises en relation and alerts: the rules the review of issue 5 asked for (who sees an
undelivered request, what the suggestions reveal, publication dates in digests, one-line names,
offres of unpublished organisations, the alert link under htmx, and the rest)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.mail import BadHeaderError, EmailMessage
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from alliances.filters import AllianceFilter
from alliances.models import Alliance
from moderation import workflow
from moderation.models import Statut
from offres import matching
from offres import services as offres_services
from offres.filters import OffreFilter
from offres.models import Alerte, MiseEnRelation, Offre
from organisations import services as organisations_services
from tests.factories import (
    AlerteFactory,
    AllianceFactory,
    CatalyseurFactory,
    CommuneFactory,
    MembreFactory,
    MiseEnRelationFactory,
    OffreFactory,
    OrganisationFactory,
    ParticipationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

LYON = (45.7640, 4.8357)


@pytest.fixture
def courriels(django_capture_on_commit_callbacks):
    def envoyer(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return envoyer


@pytest.fixture
def besoin():
    offre = OffreFactory(
        titre="Des bras pour notre potager",
        organisation=OrganisationFactory(nom="Potager partagé"),
    )
    MembreFactory(organisation=offre.organisation)
    return offre


def _staff():
    return UserFactory(staff=True)


# 1. A request that waits for its sender's publication


def test_la_destinataire_ne_lit_pas_une_demande_pas_encore_transmise(client, besoin):
    emettrice = OrganisationFactory(en_attente=True, nom="Toute neuve")
    auteur = MembreFactory(organisation=emettrice)
    attente = MiseEnRelationFactory(
        offre=besoin,
        emettrice=emettrice,
        etat=MiseEnRelation.Etat.EN_ATTENTE_PUBLICATION,
        sent_at=None,
    )
    destinataire = besoin.organisation.membres.get().user
    client.force_login(destinataire)
    assert client.get(attente.get_absolute_url()).status_code == 404
    # Nor can it answer it by posting.
    response = client.post(
        attente.get_absolute_url(), {"decision": "decliner", "motif": "pas_pertinent"}
    )
    assert response.status_code == 404
    attente.refresh_from_db()
    assert attente.etat == MiseEnRelation.Etat.EN_ATTENTE_PUBLICATION
    # The sender and staff see it.
    client.force_login(auteur.user)
    assert "Toute neuve" in client.get(attente.get_absolute_url()).content.decode()
    client.force_login(_staff())
    assert client.get(attente.get_absolute_url()).status_code == 200
    # Once delivered, the receiving organisation reads it.
    MiseEnRelation.objects.filter(pk=attente.pk).update(
        etat=MiseEnRelation.Etat.ENVOYEE, sent_at=timezone.now()
    )
    client.force_login(destinataire)
    assert client.get(attente.get_absolute_url()).status_code == 200


# 21. Permission matrix with catalyseurs


@pytest.mark.parametrize(
    "qui, fil, offre_en_attente",
    [
        ("visiteur", 302, 404),
        ("membre_emettrice", 200, 404),
        ("membre_destinataire", 200, 200),
        ("autre_organisation", 404, 404),
        ("catalyseur_ailleurs", 404, 404),
        ("catalyseur_ici", 404, 404),
        ("staff", 200, 200),
    ],
)
def test_matrice_des_droits_sur_l_offre_et_le_fil(client, besoin, qui, fil, offre_en_attente):
    fil_offre = MiseEnRelationFactory(offre=besoin)
    en_attente = OffreFactory(organisation=besoin.organisation, en_attente=True)
    users = {
        "visiteur": None,
        "membre_emettrice": lambda: MembreFactory(organisation=fil_offre.emettrice).user,
        "membre_destinataire": lambda: besoin.organisation.membres.get().user,
        "autre_organisation": lambda: MembreFactory().user,
        "catalyseur_ailleurs": lambda: CatalyseurFactory().user,
        "catalyseur_ici": lambda: CatalyseurFactory(departement=besoin.commune.departement).user,
        "staff": _staff,
    }
    if users[qui] is not None:
        client.force_login(users[qui]())
    # A published offre is public; a waiting one is for its members and staff.
    assert client.get(besoin.get_absolute_url()).status_code == 200
    assert client.get(en_attente.get_absolute_url()).status_code == offre_en_attente
    response = client.get(fil_offre.get_absolute_url())
    assert response.status_code == fil
    if fil == 200:
        assert "Bonjour, nous pouvons vous aider." in response.content.decode()


# 2. What the suggestions tell whom


def _offre_avec_refus():
    lyon = CommuneFactory(latitude=LYON[0], longitude=LYON[1])
    besoin = OffreFactory(
        commune=lyon, rayon_km=100, organisation=OrganisationFactory(nom="Jardin Ouvert")
    )
    besoin.domaines.set(["sante"])
    MembreFactory(organisation=besoin.organisation)
    OffreFactory(
        propose=True,
        titre="Des compétences à donner",
        commune=lyon,
        organisation=OrganisationFactory(entreprise=True),
    )
    MiseEnRelationFactory(
        offre=besoin,
        emettrice=OrganisationFactory(entreprise=True, siege=lyon),
        etat=MiseEnRelation.Etat.DECLINEE,
        motif=MiseEnRelation.Motif.PAS_PERTINENT,
        answered_at=timezone.now(),
    )
    OrganisationFactory(entreprise=True, nom="Voisine sans offre", siege=lyon).domaines.set(
        ["sante"]
    )
    return besoin


@pytest.mark.parametrize("qui", ["visiteur", "autre_organisation"])
def test_les_refus_d_une_organisation_ne_se_lisent_pas_sur_sa_page_publique(client, qui):
    besoin = _offre_avec_refus()
    if qui == "autre_organisation":
        client.force_login(MembreFactory().user)
    html = client.get(besoin.get_absolute_url()).content.decode()
    assert "Des compétences à donner" in html
    assert "déclinées" not in html
    assert "complète le vôtre" not in html
    assert f"leur profil complète celui de {besoin.organisation.nom}" in html
    # The plain score, without the penalty.
    suggestion = matching.suggestions_for(besoin)[0]
    assert f"{suggestion.score} / 100" in html
    assert matching.suggestions_for(besoin, for_owner=True)[0].score == suggestion.score - 15


def test_les_membres_de_l_organisation_voient_leurs_suggestions_ajustees(client):
    besoin = _offre_avec_refus()
    client.force_login(besoin.organisation.membres.get().user)
    html = client.get(besoin.get_absolute_url()).content.decode()
    assert "classée plus bas : ressemble à des demandes que vous avez déclinées" in html
    assert "leur profil complète le vôtre" in html


# 3. The decline reason's help text


def test_l_aide_du_motif_de_refus_dit_qu_il_est_transmis(client, besoin):
    demande = MiseEnRelationFactory(offre=besoin)
    client.force_login(besoin.organisation.membres.get().user)
    html = client.get(demande.get_absolute_url()).content.decode()
    assert "Elle est transmise à l'organisation qui vous a écrit" in html
    assert "reste entre vous" not in html
    # And it is: the sender reads it in the thread.
    client.post(demande.get_absolute_url(), {"decision": "decliner", "motif": "hors_territoire"})
    client.force_login(MembreFactory(organisation=demande.emettrice).user)
    assert "hors de notre territoire" in client.get(demande.get_absolute_url()).content.decode()


# 4. Digests follow the publication date


@pytest.mark.parametrize("cible", ["offres", "alliances"])
def test_un_element_ecrit_avant_le_recapitulatif_et_publie_apres_figure_dans_le_suivant(
    courriels, cible
):
    dernier_envoi = timezone.now() - timedelta(days=2)
    alerte = AlerteFactory(cible=cible, last_sent_at=dernier_envoi, criteres="")
    if cible == "offres":
        item = OffreFactory(titre="Écrite avant, publiée après", en_attente=True)
        model = Offre
    else:
        item = AllianceFactory(titre="Écrite avant, publiée après", en_attente=True)
        ParticipationFactory(alliance=item, porteur=True)
        ParticipationFactory(alliance=item)
        model = Alliance
    model.objects.filter(pk=item.pk).update(created_at=dernier_envoi - timedelta(days=3))
    item.refresh_from_db()
    assert item.published_at is None
    workflow.transition(item, to=Statut.PUBLIEE, by=_staff())
    item.refresh_from_db()
    assert item.published_at is not None
    assert courriels(offres_services.alerte_send_digest, alerte_id=alerte.pk) == 1
    assert "Écrite avant, publiée après" in mail.outbox[0].body


def test_une_republication_ne_change_pas_la_date_de_publication():
    offre = OffreFactory(en_attente=True)
    staff = _staff()
    workflow.transition(offre, to=Statut.PUBLIEE, by=staff)
    offre.refresh_from_db()
    premiere = offre.published_at
    workflow.transition(offre, to=Statut.EN_ATTENTE, by=staff)
    workflow.transition(offre, to=Statut.PUBLIEE, by=staff)
    offre.refresh_from_db()
    assert offre.published_at == premiere


def test_la_page_d_une_offre_donne_sa_date_de_publication(client):
    offre = OffreFactory(published_at=timezone.make_aware(timezone.datetime(2026, 3, 14, 12)))
    Offre.objects.filter(pk=offre.pk).update(
        created_at=timezone.make_aware(timezone.datetime(2026, 2, 1, 12))
    )
    html = client.get(offre.get_absolute_url()).content.decode()
    assert "<dd>14 mars 2026</dd>" in html
    assert "1 février 2026" not in html


# 5. One-line names, safe subjects


@pytest.mark.parametrize("nom", ["Ligne 1\nBcc: cible@exemple.fr", "Deux\rlignes", "A\u2028B"])
def test_un_nom_d_alerte_sur_plusieurs_lignes_est_refuse_et_garde_la_saisie(client, nom):
    client.force_login(UserFactory())
    response = client.post(
        reverse("offres:alerte_list"),
        {"nom": nom, "frequence": "quotidienne", "cible": "offres", "criteres": "sens=propose"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Écrivez-le sur une seule ligne, sans retour à la ligne." in html
    assert not Alerte.objects.exists()


def test_un_titre_d_offre_sur_plusieurs_lignes_est_refuse(client):
    membre = MembreFactory()
    client.force_login(membre.user)
    commune = CommuneFactory()
    response = client.post(
        reverse("offres:offre_create"),
        {
            "organisation": membre.organisation.pk,
            "sens": "recherche",
            "titre": "Un titre\nBcc: cible@exemple.fr",
            "description": "Une description.",
            "typologie": "mecenat",
            "ressources": ["locaux"],
            "commune": commune.code_insee,
            "rayon_km": "30",
        },
    )
    assert response.status_code == 200
    assert "Écrivez-le sur une seule ligne" in response.content.decode()
    assert not Offre.objects.exists()


def test_un_nom_d_organisation_sur_plusieurs_lignes_est_refuse(client):
    membre = MembreFactory(role="admin")
    client.force_login(membre.user)
    url = reverse("organisations:organisation_edit", args=[membre.organisation.slug])
    response = client.post(url, {"nom": "Nom\nSubject: autre", "kind": "association"})
    assert "Écrivez-le sur une seule ligne" in response.content.decode()
    membre.organisation.refresh_from_db()
    assert "\n" not in membre.organisation.nom


def test_un_nom_deja_enregistre_avec_un_retour_a_la_ligne_donne_un_sujet_sur_une_ligne(courriels):
    alerte = AlerteFactory(nom="Deux\nlignes", last_sent_at=timezone.now() - timedelta(days=2))
    OffreFactory(titre="Nouveauté")
    assert courriels(offres_services.alerte_send_digest, alerte_id=alerte.pk) == 1
    (courriel,) = mail.outbox
    assert courriel.subject == "Alerte « Deux lignes » : 1 nouvelle offre"
    courriel.message()  # a valid message: no header raises


def test_un_recapitulatif_qui_ne_part_pas_ne_marque_pas_l_alerte_comme_envoyee(monkeypatch):
    envoi = timezone.now() - timedelta(days=2)
    alerte = AlerteFactory(last_sent_at=envoi)
    OffreFactory(titre="Nouveauté")

    def refuse(self):
        raise BadHeaderError("en-tête invalide")

    monkeypatch.setattr(EmailMessage, "message", refuse)
    with pytest.raises(BadHeaderError):
        offres_services.alerte_send_digest(alerte_id=alerte.pk)
    alerte.refresh_from_db()
    assert alerte.last_sent_at == envoi


# 6. Offres of unpublished organisations


@pytest.mark.parametrize("statut", [Statut.EN_ATTENTE, Statut.REFUSEE, Statut.DEPUBLIEE])
def test_les_offres_d_une_organisation_non_publiee_ne_sortent_nulle_part(client, courriels, statut):
    cachee = OffreFactory(
        propose=True,
        titre="Offre d'une structure cachée",
        organisation=OrganisationFactory(entreprise=True, statut=statut),
    )
    besoin = OffreFactory(commune=cachee.commune)
    assert list(Offre.objects.visible()) == [besoin]
    # Not listed.
    assert (
        "Offre d&#x27;une structure cachée"
        not in client.get(reverse("offres:offre_list")).content.decode()
    )
    # Not public by its address, not contacted.
    assert client.get(cachee.get_absolute_url()).status_code == 404
    client.force_login(MembreFactory().user)
    contact = reverse("offres:mise_en_relation_create", args=[cachee.slug])
    assert client.get(contact).status_code == 404
    # Not suggested.
    assert matching.suggestions_for(besoin) == []
    # Not mailed.
    alerte = AlerteFactory(last_sent_at=timezone.now() - timedelta(days=2))
    assert courriels(offres_services.alerte_send_digest, alerte_id=alerte.pk) == 1
    assert "structure cachée" not in mail.outbox[0].body


# 7. The alert link follows the search under htmx


def test_le_lien_d_alerte_des_offres_suit_la_recherche_en_htmx(client):
    client.force_login(UserFactory())
    response = client.get(
        reverse("offres:offre_list"), {"ressource": "locaux"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert "<html" not in html
    assert reverse("offres:alerte_new") + "?cible=offres&amp;ressource=locaux" in html


def test_le_lien_d_alerte_des_alliances_est_dans_les_resultats_que_htmx_remplace(client):
    client.force_login(UserFactory())
    html = client.get(reverse("alliances:alliance_list"), {"typologie": "mecenat"}).content
    html = html.decode()
    resultats = html[html.index('<div id="resultats-contenu">') :]
    assert reverse("offres:alerte_new") + "?cible=alliances&amp;typologie=mecenat" in (resultats)


# 8. A refused alert keeps what was typed


def test_une_alerte_refusee_reaffiche_le_formulaire_avec_la_saisie(client):
    user = UserFactory()
    client.force_login(user)
    for _ in range(offres_services.ALERTES_PAR_UTILISATEUR):
        AlerteFactory(user=user)
    response = client.post(
        reverse("offres:alerte_list"),
        {
            "nom": "Ma vingt-et-unième",
            "frequence": "quotidienne",
            "cible": "alliances",
            "criteres": "typologie=mecenat",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Recevoir les nouvelles alliances par courriel" in html
    assert 'value="Ma vingt-et-unième"' in html
    assert 'value="typologie=mecenat"' in html
    assert "supprimez-en une d&#x27;abord" in html


# 11. The declared alliance must join both organisations


def test_on_ne_relie_pas_une_alliance_qui_ne_reunit_pas_les_deux_organisations(besoin):
    acceptee = MiseEnRelationFactory(offre=besoin, etat=MiseEnRelation.Etat.ACCEPTEE)
    membre = MembreFactory(organisation=acceptee.emettrice)
    autre = AllianceFactory()
    ParticipationFactory(alliance=autre, organisation=acceptee.emettrice, porteur=True)
    ParticipationFactory(alliance=autre, organisation=OrganisationFactory())
    with pytest.raises(ValidationError, match="ne réunit pas les deux organisations"):
        offres_services.mise_en_relation_link_alliance(
            by=membre.user, mise_en_relation=acceptee, alliance=autre
        )
    acceptee.refresh_from_db()
    assert acceptee.alliance is None
    bonne = AllianceFactory()
    ParticipationFactory(alliance=bonne, organisation=acceptee.emettrice, porteur=True)
    ParticipationFactory(alliance=bonne, organisation=besoin.organisation, en_attente=True)
    offres_services.mise_en_relation_link_alliance(
        by=membre.user, mise_en_relation=acceptee, alliance=bonne
    )
    acceptee.refresh_from_db()
    assert acceptee.alliance == bonne
    assert acceptee.alliance_declared_at is not None


# 14. One faceted filterset, one cache per search


def test_les_facettes_des_offres_et_des_alliances_ne_partagent_pas_leur_cache():
    OffreFactory()
    AllianceFactory()
    alliances = AllianceFilter(QueryDict(""), queryset=Alliance.objects.published()).facets()
    offres = OffreFilter(QueryDict(""), queryset=Offre.objects.visible()).facets()
    assert "etat" in alliances
    assert "sens" in offres and "etat" not in offres
    assert offres["ressource"] == {"mecenat_competences": 1}


# 17. Renaming an organisation refreshes its offres' search


def test_renommer_une_organisation_met_a_jour_la_recherche_de_ses_offres(client):
    offre = OffreFactory(titre="Des bras")
    offre.refresh_recherche()
    offre.save()
    offres_services.offres_refresh_search([offre.pk])
    admin = MembreFactory(organisation=offre.organisation, role="admin").user
    organisation = offre.organisation
    organisation.nom = "Jardins Zéphyrins"
    organisations_services.organisation_update(
        by=admin, organisation=organisation, domaines=[], odd=[]
    )
    assert list(Offre.objects.search("zephyrins")) == [offre]


# 18. The admin keeps the offre's place and search in step


def test_l_administration_recopie_le_lieu_et_la_recherche_d_une_offre(admin_client):
    offre = OffreFactory(titre="Avant")
    ailleurs = CommuneFactory(latitude=43.3, longitude=5.4)
    url = reverse("admin:offres_offre_change", args=[offre.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name not in ("domaines", "odd")
    }
    data.update(
        {
            "titre": "Hangar partagé",
            "commune": ailleurs.pk,
            "organisation": offre.organisation_id,
            "domaines": [],
            "odd": [],
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    offre.refresh_from_db()
    assert (offre.latitude, offre.longitude) == (43.3, 5.4)
    assert offre.departement_id == ailleurs.departement_id
    assert list(Offre.objects.search("hangar")) == [offre]


# 20. The sender cannot answer its own request


def test_l_emettrice_qui_poste_une_reponse_apprend_que_seule_la_destinataire_repond(client, besoin):
    demande = MiseEnRelationFactory(offre=besoin)
    client.force_login(MembreFactory(organisation=demande.emettrice).user)
    response = client.post(
        demande.get_absolute_url(), {"decision": "accepter", "reponse": "Oui !"}, follow=True
    )
    html = response.content.decode()
    assert "Seule l&#x27;organisation destinataire peut répondre à cette demande." in html
    assert "déjà reçu une réponse" not in html
    demande.refresh_from_db()
    assert demande.etat == MiseEnRelation.Etat.ENVOYEE


# 19. Pages read in a constant number of queries


@pytest.mark.parametrize("nombre", [1, 8])
def test_la_liste_des_mises_en_relation_en_requetes_constantes(
    client, besoin, django_assert_num_queries, nombre
):
    for _ in range(nombre):
        MiseEnRelationFactory(offre=besoin)
    client.force_login(besoin.organisation.membres.get().user)
    # session, user, received, sent.
    with django_assert_num_queries(4):
        html = client.get(reverse("offres:mise_en_relation_list")).content.decode()
    assert html.count("Bonjour") == 0  # the table names the organisations, not the messages
    assert html.count(besoin.titre) == nombre


def test_la_page_de_contact_lit_les_organisations_une_seule_fois(
    client, besoin, django_assert_num_queries
):
    membre = MembreFactory(organisation=OrganisationFactory(entreprise=True))
    client.force_login(membre.user)
    url = reverse("offres:mise_en_relation_create", args=[besoin.slug])
    # session, user, offre, my organisations (own?), whether I have a sender (read once, in
    # the view), the senders' choices (twice: Django's select reads its first choice to decide
    # on the `required` attribute, then all of them).
    with django_assert_num_queries(7):
        html = client.get(url).content.decode()
    assert "Envoyer le message" in html


def test_le_pre_remplissage_d_une_alliance_depuis_une_mise_en_relation(client, besoin):
    besoin.domaines.set(["sante"])
    acceptee = MiseEnRelationFactory(offre=besoin, etat=MiseEnRelation.Etat.ACCEPTEE)
    membre = MembreFactory(organisation=acceptee.emettrice)
    client.force_login(membre.user)
    response = client.get(
        reverse("alliances:alliance_declare") + f"?mise_en_relation={acceptee.pk}"
    )
    initial = response.context["form"].initial
    assert initial["porteur"] == acceptee.emettrice_id
    assert initial["partenaire_1"] == besoin.organisation.label
    assert initial["titre"] == besoin.titre
    assert initial["domaines"] == ["sante"]
