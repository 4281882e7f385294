"""Moderation jobs: the catalyseurs' daily digest, the escalation of late items, and the
decision emails really delivered by the Celery worker."""

from datetime import timedelta

from django.core import mail
from django.utils import timezone

from moderation import contestations, notifications, tasks, workflow
from moderation.models import Soumission
from tests.factories import (
    CatalyseurFactory,
    CommuneFactory,
    DepartementFactory,
    RegionFactory,
    UserFactory,
    soumettre,
)
from tests.moderation import fixtures as moderation_fixtures
from tests.moderation.fixtures import alliance_a

t = moderation_fixtures.t


def _emails_to(address: str) -> list:
    return [message for message in mail.outbox if address in message.to]


def test_le_recapitulatif_liste_les_nouveaux_contenus_du_perimetre(
    t, django_capture_on_commit_callbacks
):
    lyon, _ = alliance_a(t.lyon, titre="Banque alimentaire de Lyon")
    grenoble, _ = alliance_a(t.grenoble, titre="Recyclerie de Grenoble")
    soumettre(lyon)
    soumettre(grenoble)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        tasks.moderation_digests_send()
    [rhone] = _emails_to(t.cat_rhone.user.email)
    assert "Banque alimentaire de Lyon" in rhone.body
    assert "Recyclerie de Grenoble" not in rhone.body
    [ara] = _emails_to(t.cat_ara.user.email)
    assert "Banque alimentaire de Lyon" in ara.body and "Recyclerie de Grenoble" in ara.body


def test_pas_de_recapitulatif_sans_nouveaute_ni_deux_fois(t, django_capture_on_commit_callbacks):
    lyon, _ = alliance_a(t.lyon)
    soumettre(lyon)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.moderation_digest_send(t.cat_rhone.pk)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.moderation_digest_send(t.cat_rhone.pk) == 0
        assert tasks.moderation_digest_send(t.cat_isere.pk) == 0
    assert mail.outbox == []


def test_un_catalyseur_retire_ne_recoit_plus_de_recapitulatif(t):
    soumettre(alliance_a(t.lyon)[0])
    t.cat_rhone.actif = False
    t.cat_rhone.save()
    assert tasks.moderation_digest_send(t.cat_rhone.pk) == 0


def test_un_contenu_en_attente_depuis_plus_de_7_jours_remonte_a_la_region_et_a_l_equipe(
    t, django_capture_on_commit_callbacks
):
    late, membre = alliance_a(t.lyon, titre="Alliance en retard")
    recent, _ = alliance_a(t.lyon, titre="Alliance récente")
    soumettre(late, il_y_a=timedelta(days=8))
    soumettre(recent, il_y_a=timedelta(days=2))
    # A catalyseur of the région who is a member of the item's organisation is not told.
    CatalyseurFactory(user=membre.user, de_region=True, region=t.ara)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.moderation_escalate() == 1
    for address in (t.cat_ara.user.email, t.staff.email):
        [message] = _emails_to(address)
        assert "Alliance en retard" in message.body and "Alliance récente" not in message.body
    assert _emails_to(t.cat_rhone.user.email) == []
    assert _emails_to(membre.user.email) == []
    assert Soumission.objects.get(object_id=late.pk).escalated_at is not None
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.moderation_escalate() == 0
    assert mail.outbox == []


def test_une_nouvelle_soumission_recommence_l_attente(t):
    alliance, membre = alliance_a(t.lyon)
    soumettre(alliance, il_y_a=timedelta(days=8))
    notifications.escalate_overdue()
    workflow.transition(alliance, to="a_corriger", by=t.cat_rhone.user, motif="incomplet")
    workflow.submit(alliance, by=membre.user)
    soumission = Soumission.objects.get(object_id=alliance.pk)
    assert soumission.escalated_at is None
    assert soumission.submitted_at > timezone.now() - timedelta(minutes=1)


def test_le_worker_envoie_la_decision_aux_membres(transactional_db, courriels_du_worker):
    ara = RegionFactory(nom="Région du worker")
    rhone = DepartementFactory(nom="Département du worker", region=ara)
    commune = CommuneFactory(departement=rhone)
    catalyseur = CatalyseurFactory(departement=rhone)
    alliance, membre = alliance_a(commune, titre="Alliance relue par le worker")
    workflow.transition(
        alliance, to="refusee", by=catalyseur.user, motif="hors_sujet", texte="Pas d'alliance."
    )
    [message] = courriels_du_worker(membre.user.email, "Alliance relue par le worker")
    body = message.get_content()
    assert "Hors du champ de la plateforme" in body
    assert "Pas d'alliance." in body
    assert "contester" in body


def test_le_worker_envoie_le_recapitulatif(transactional_db, courriels_du_worker):
    commune = CommuneFactory()
    catalyseur = CatalyseurFactory(departement=commune.departement)
    alliance, _ = alliance_a(commune, titre="Alliance du récapitulatif")
    soumettre(alliance, by=UserFactory())
    tasks.moderation_digest_send.delay(catalyseur.pk)
    [message] = courriels_du_worker(catalyseur.user.email, "nouveau(x) contenu(s)")
    assert "Alliance du récapitulatif" in message.get_content()


def test_le_worker_previent_la_region_d_un_recours(transactional_db, courriels_du_worker):
    region = RegionFactory(nom="Région du recours")
    departement = DepartementFactory(nom="Département du recours", region=region)
    commune = CommuneFactory(departement=departement)
    auteur = CatalyseurFactory(departement=departement)
    regional = CatalyseurFactory(de_region=True, region=region)
    alliance, membre = alliance_a(commune, statut="publiee", titre="Alliance dépubliée contestée")
    workflow.transition(alliance, to="depubliee", by=auteur.user, motif="inexact")
    contestations.recours_create(by=membre.user, item=alliance, texte="Les chiffres sont justes.")
    [message] = courriels_du_worker(regional.user.email, "Alliance dépubliée contestée")
    assert "Les chiffres sont justes." in message.get_content()
    assert not courriels_du_worker(auteur.user.email, "recours à trancher", delai=2)
