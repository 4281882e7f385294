"""The same action sent many times at once, against a live server (one thread and one database
connection per request, as gunicorn's workers would have): one effect, one email, no 500.

PostgreSQL only: SQLite serialises writers by locking the whole file, so the races these tests
look for cannot happen there (and concurrent writers get "database is locked" instead)."""

import threading

import pytest
from django.test import Client

from alliances.models import Participation
from chartes.models import Charte, SignatureCharte
from chartes.services import charte_draft, charte_publish
from comptes.models import Courriel, User
from conventions.models import Convention, ValidationConvention, VersionConvention
from moderation.models import Signalement
from nomenclatures.models import ODD, Domaine
from offres.models import MiseEnRelation
from organisations.models import DemandeAdhesion, Invitation, Membre, Organisation
from tests.factories import (
    AllianceFactory,
    CommuneFactory,
    DemandeAdhesionFactory,
    MembreFactory,
    MiseEnRelationFactory,
    OffreFactory,
    OrganisationFactory,
    ParticipationFactory,
    UserFactory,
)
from tests.pannes.serveurs import post

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("postgresql_seulement"),
]

FOIS = 20


def session_of(client, user) -> str:
    """A logged-in session for `user`. Logging a second user in on the same client flushes
    the first one's session: give each user a client of their own (`Client()`)."""
    client.force_login(user)
    return client.cookies["sessionid"].value


def en_meme_temps(live_server, requests: list[tuple[str, dict, str | None]]) -> list[int]:
    """POST every (path, data, session) at once, FOIS at a time (the live server's listen queue
    is short: more connections at one instant would be reset before reaching Django); return
    the status codes."""
    barrier = threading.Barrier(min(len(requests), FOIS))
    statuses: list[int] = [0] * len(requests)

    def send(index: int, path: str, data: dict, session: str | None) -> None:
        statuses[index] = post(live_server.url + path, data, session)

    def worker(first: int) -> None:
        barrier.wait()
        for index in range(first, len(requests), FOIS):
            send(index, *requests[index])

    threads = [threading.Thread(target=worker, args=(first,)) for first in range(FOIS)]
    threads = threads[: len(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def assert_no_server_error(statuses: list[int]) -> None:
    assert all(status < 500 for status in statuses), statuses


def courriels_a(email: str) -> int:
    return Courriel.objects.filter(destinataires__contains=email).count()


def test_confirmer_vingt_fois_une_participation_la_confirme_une_fois(client, live_server):
    declarant = UserFactory(email="declarant@exemple.fr")
    alliance = AllianceFactory(declared_by=declarant)
    ParticipationFactory(alliance=alliance, porteur=True)
    participation = ParticipationFactory(alliance=alliance, en_attente=True)
    admin = MembreFactory(organisation=participation.organisation, admin=True).user
    session = session_of(client, admin)
    path = f"/espace/participations/{participation.pk}/confirmer/"

    statuses = en_meme_temps(live_server, [(path, {}, session)] * FOIS)

    assert_no_server_error(statuses)
    participation.refresh_from_db()
    assert participation.etat == Participation.Etat.CONFIRMEE
    assert courriels_a("declarant@exemple.fr") == 1


def test_vingt_demandes_d_adhesion_a_la_fois_en_font_une(client, live_server):
    organisation = OrganisationFactory()
    MembreFactory(organisation=organisation, admin=True, user__email="admin@exemple.fr")
    session = session_of(client, UserFactory())
    path = f"/acteurs/{organisation.slug}/rejoindre/"

    statuses = en_meme_temps(live_server, [(path, {"message": "Bonjour"}, session)] * FOIS)

    assert_no_server_error(statuses)
    assert DemandeAdhesion.objects.filter(organisation=organisation).count() == 1
    assert courriels_a("admin@exemple.fr") == 1


def test_accepter_vingt_fois_une_demande_fait_un_membre_et_un_courriel(client, live_server):
    organisation = OrganisationFactory()
    admin = MembreFactory(organisation=organisation, admin=True).user
    demande = DemandeAdhesionFactory(organisation=organisation, user__email="candidat@exemple.fr")
    session = session_of(client, admin)
    path = f"/espace/demandes/{demande.pk}/accepter/"

    statuses = en_meme_temps(live_server, [(path, {}, session)] * FOIS)

    assert_no_server_error(statuses)
    assert Membre.objects.filter(organisation=organisation, user=demande.user).count() == 1
    assert courriels_a("candidat@exemple.fr") == 1


def test_vingt_inscriptions_avec_la_meme_adresse_creent_un_compte(live_server):
    data = {
        "email": "meme.adresse@exemple.fr",
        "password1": "un-mot-de-passe-solide-42",
        "password2": "un-mot-de-passe-solide-42",
    }

    statuses = en_meme_temps(live_server, [("/comptes/inscription/", data, None)] * FOIS)

    assert_no_server_error(statuses)
    assert User.objects.filter(email__iexact="meme.adresse@exemple.fr").count() == 1
    # One verification email: the refused sign-ups send nothing.
    assert courriels_a("meme.adresse@exemple.fr") == 1


def test_inviter_vingt_fois_la_meme_adresse_fait_une_invitation(client, live_server):
    organisation = OrganisationFactory()
    admin = MembreFactory(organisation=organisation, admin=True).user
    session = session_of(client, admin)
    path = f"/espace/organisations/{organisation.slug}/membres/"
    data = {"email": "invitee@exemple.fr", "role": Membre.Role.MEMBRE}

    statuses = en_meme_temps(live_server, [(path, data, session)] * FOIS)

    assert_no_server_error(statuses)
    assert Invitation.objects.filter(organisation=organisation).count() == 1
    assert courriels_a("invitee@exemple.fr") == 1


def test_quarante_invitations_a_la_fois_s_arretent_a_la_limite_du_jour(client, live_server):
    organisation = OrganisationFactory()
    admin = MembreFactory(organisation=organisation, admin=True).user
    session = session_of(client, admin)
    path = f"/espace/organisations/{organisation.slug}/membres/"
    requests = [
        (path, {"email": f"personne{n}@exemple.fr", "role": Membre.Role.MEMBRE}, session)
        for n in range(40)
    ]

    statuses = en_meme_temps(live_server, requests)

    assert_no_server_error(statuses)
    assert Invitation.objects.filter(organisation=organisation).count() == 20
    assert Courriel.objects.filter(sujet__startswith="Invitation à rejoindre").count() == 20


def test_vingt_signalements_d_une_personne_a_la_fois_en_font_un(client, live_server):
    alliance = AllianceFactory()
    ParticipationFactory(alliance=alliance, porteur=True)
    session = session_of(client, UserFactory())
    path = f"/signaler/alliance/{alliance.slug}/"

    statuses = en_meme_temps(live_server, [(path, {"motif": "inexact"}, session)] * FOIS)

    assert_no_server_error(statuses)
    assert Signalement.objects.filter(object_id=alliance.pk).count() == 1


def test_vingt_mises_en_relation_a_la_fois_en_font_une(client, live_server):
    offre = OffreFactory()
    MembreFactory(organisation=offre.organisation, user__email="destinataire@exemple.fr")
    emettrice = OrganisationFactory(entreprise=True)
    membre = MembreFactory(organisation=emettrice).user
    session = session_of(client, membre)
    path = offre.get_absolute_url() + "contacter/"
    data = {"emettrice": emettrice.pk, "message": "Nous aimerions vous aider."}

    statuses = en_meme_temps(live_server, [(path, data, session)] * FOIS)

    assert_no_server_error(statuses)
    assert MiseEnRelation.objects.filter(offre=offre).count() == 1
    assert courriels_a("destinataire@exemple.fr") == 1


def test_vingt_inscriptions_de_la_meme_association_en_font_une(client, live_server):
    commune = CommuneFactory(nom="Bourg-d'Essai", departement__code="Y99")
    # Data migrations' rows are gone once an earlier transactional test flushed the database.
    Domaine.objects.get_or_create(code="alimentation", defaults={"nom": "Alimentation"})
    ODD.objects.get_or_create(numero=2, defaults={"nom": "Faim « zéro »"})
    session = session_of(client, UserFactory())
    data = {
        "kind": "association",
        "nom": "Les Jardins Solidaires",
        "rna": "W691234567",
        "siege": f"Bourg-d'Essai ({commune.departement_id})",
        "email_contact": "contact@jardins.exemple.fr",
        "description": "Des potagers partagés au pied des immeubles.",
        "domaines": "alimentation",
        "odd": "2",
    }

    statuses = en_meme_temps(
        live_server, [("/espace/organisations/nouvelle/", data, session)] * FOIS
    )

    assert_no_server_error(statuses)
    assert Organisation.objects.filter(rna="W691234567").count() == 1
    # The others were told, in the form, that the RNA is taken.
    assert statuses.count(302) == 1


def test_vingt_signatures_de_la_charte_a_la_fois_en_font_une(client, live_server):
    # The migration's version, unless the flush of an earlier transactional test took it.
    if Charte.objects.en_vigueur() is None:
        charte_publish(charte_draft(texte="## 1. Respecter chaque partenaire"))
    organisation = OrganisationFactory()
    sessions = [
        session_of(Client(), MembreFactory(organisation=organisation, admin=True).user)
        for _ in range(2)
    ]
    path = f"/espace/organisations/{organisation.slug}/charte/"
    requests = [(path, {"engagement": "on"}, sessions[index % 2]) for index in range(FOIS)]

    statuses = en_meme_temps(live_server, requests)

    assert_no_server_error(statuses)
    assert SignatureCharte.objects.filter(organisation=organisation).count() == 1
    organisation.refresh_from_db()
    assert organisation.charte_signee_le == SignatureCharte.objects.get().signee_le


def _mise_en_relation_acceptee():
    mise_en_relation = MiseEnRelationFactory(etat=MiseEnRelation.Etat.ACCEPTEE)
    admins = [
        MembreFactory(organisation=organisation, admin=True, user__email=email)
        for organisation, email in (
            (mise_en_relation.destinataire, "asso@exemple.fr"),
            (mise_en_relation.emettrice, "entreprise@exemple.fr"),
        )
    ]
    return mise_en_relation, admins


def test_vingt_projets_de_convention_a_la_fois_en_font_un(client, live_server):
    mise_en_relation, admins = _mise_en_relation_acceptee()
    sessions = [session_of(Client(), membre.user) for membre in admins]
    path = f"/espace/conventions/nouvelle/?mise_en_relation={mise_en_relation.pk}"
    data = {"modele": "mecenat_competences", "titre": "Convention", "objet": "Un projet."}

    statuses = en_meme_temps(live_server, [(path, data, sessions[i % 2]) for i in range(FOIS)])

    assert_no_server_error(statuses)
    convention = Convention.objects.get()
    assert convention.parties.count() == 2
    mise_en_relation.refresh_from_db()
    assert mise_en_relation.convention == convention


def test_les_deux_parties_qui_valident_a_la_fois_figent_une_version(client, live_server):
    mise_en_relation, admins = _mise_en_relation_acceptee()
    client.force_login(admins[0].user)
    client.post(
        f"/espace/conventions/nouvelle/?mise_en_relation={mise_en_relation.pk}",
        {"modele": "mecenat_financier", "titre": "Convention", "objet": "Un projet."},
    )
    convention = Convention.objects.get()
    Courriel.objects.all().delete()
    path = f"/espace/conventions/{convention.pk}/valider/"
    requests = [
        (
            path,
            {"version": 1, "organisation": membre.organisation_id, "engagement": "on"},
            session_of(Client(), membre.user),
        )
        for membre in admins
    ] * (FOIS // 2)

    statuses = en_meme_temps(live_server, requests)

    assert_no_server_error(statuses)
    assert ValidationConvention.objects.filter(convention=convention).count() == 2
    assert VersionConvention.objects.filter(convention=convention).count() == 1
    convention.refresh_from_db()
    assert convention.etat == Convention.Etat.VALIDEE
    assert Courriel.objects.filter(sujet__contains="validée par toutes les parties").count() == 1


def test_vingt_enregistrements_d_une_meme_lecture_en_gardent_un(client, live_server):
    mise_en_relation, admins = _mise_en_relation_acceptee()
    client.force_login(admins[0].user)
    client.post(
        f"/espace/conventions/nouvelle/?mise_en_relation={mise_en_relation.pk}",
        {"modele": "achats_responsables", "titre": "Charte", "objet": "Acheter mieux."},
    )
    convention = Convention.objects.get()
    parties = list(convention.parties.all())
    clauses = list(convention.clauses.all())
    base = {
        "version": 1,
        "titre": "Charte",
        "objet": "Acheter mieux.",
        "parties-TOTAL_FORMS": len(parties),
        "parties-INITIAL_FORMS": len(parties),
        "clauses-TOTAL_FORMS": len(clauses),
        "clauses-INITIAL_FORMS": len(clauses),
    }
    for i, partie in enumerate(parties):
        base[f"parties-{i}-organisation"] = partie.organisation_id
        base[f"parties-{i}-nom"] = partie.nom
    for i, clause in enumerate(clauses):
        base[f"clauses-{i}-titre"] = clause.titre
        base[f"clauses-{i}-texte"] = clause.texte
    sessions = [session_of(Client(), membre.user) for membre in admins]
    path = f"/espace/conventions/{convention.pk}/modifier/"
    requests = [
        (path, {**base, "clauses-0-texte": f"Version de la requête {i}"}, sessions[i % 2])
        for i in range(FOIS)
    ]

    statuses = en_meme_temps(live_server, requests)

    assert_no_server_error(statuses)
    convention.refresh_from_db()
    # One save won; the others read version 1 too and were refused.
    assert convention.version == 2
    assert statuses.count(302) == 1
