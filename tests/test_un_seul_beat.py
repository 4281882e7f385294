"""Two beat processes at once (issue 22, item 2): each periodic job that emails is enqueued
twice at the same instant, by two workers, and every digest still leaves once. The jobs take
the row of what they send for (the alert, the catalyseur, the follow-up's answers) with a lock
or a conditional update, so the database keeps them from doubling, whatever runs them.

PostgreSQL only: SQLite serialises writers by locking the whole file."""

import threading
from datetime import timedelta

import pytest
from django.db import connections
from django.utils import timezone

from comptes.models import Courriel
from moderation import tasks as moderation_tasks
from offres import tasks as offres_tasks
from offres.models import Alerte
from suivis import tasks as suivis_tasks
from tests.factories import (
    AlerteFactory,
    AllianceFactory,
    CatalyseurFactory,
    CommuneFactory,
    OffreFactory,
    ParticipationFactory,
    soumettre,
)
from tests.suivis.factories import alliance_en_cours

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("postgresql_seulement"),
]

BEATS = 2


def deux_beats(job, *args) -> None:
    """Run `job` in BEATS threads released together, each with its own connection."""
    barrier = threading.Barrier(BEATS)
    erreurs = []

    def run():
        try:
            barrier.wait()
            job(*args)
        except Exception as error:  # reported below, with the thread's traceback lost
            erreurs.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(BEATS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert erreurs == []


def _courriels(email: str) -> int:
    return Courriel.objects.filter(destinataires=email).count()


def test_deux_beats_n_envoient_qu_un_resume_d_alerte():
    alertes = [
        AlerteFactory(user__email=f"veille{i}@exemple.fr", criteres="sens=propose")
        for i in range(5)
    ]
    Alerte.objects.update(last_sent_at=timezone.now() - timedelta(days=2))
    OffreFactory(propose=True, titre="Du matériel à donner", ressources=",materiel,")

    deux_beats(offres_tasks.alertes_send_digests, "quotidienne")

    for alerte in alertes:
        assert _courriels(alerte.user.email) == 1


def test_deux_beats_n_envoient_qu_un_recapitulatif_au_catalyseur():
    commune = CommuneFactory()
    catalyseur = CatalyseurFactory(departement=commune.departement, user__email="cat@exemple.fr")
    alliance = AllianceFactory(commune=commune, en_attente=True)
    ParticipationFactory(alliance=alliance, porteur=True)
    soumettre(alliance)

    deux_beats(moderation_tasks.moderation_digests_send)

    assert _courriels(catalyseur.user.email) == 1


def test_deux_beats_ne_demandent_qu_une_fois_le_suivi():
    debut = timezone.localdate() - timedelta(days=95)
    alliance, admins = alliance_en_cours(debut)

    deux_beats(suivis_tasks.suivis_plan_and_remind_task)

    for membre in admins:
        assert _courriels(membre.user.email) == 1
