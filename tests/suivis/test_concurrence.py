"""The daily job run by several workers at once (PostgreSQL only: SQLite locks the whole file
on each write, so the race cannot happen there): each request, reminder and flag goes once."""

import datetime
import threading

import pytest
from django.db import connections

from comptes.models import Courriel
from suivis.models import Suivi
from suivis.services import suivis_plan_and_remind
from tests.factories import CatalyseurFactory
from tests.suivis.factories import alliance_en_cours

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("postgresql_seulement"),
]

WORKERS = 6


def _en_meme_temps(today: datetime.date) -> list:
    barrier = threading.Barrier(WORKERS)
    errors: list = []

    def run() -> None:
        try:
            barrier.wait()
            suivis_plan_and_remind(today=today)
        except Exception as error:  # noqa: BLE001 — reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_plusieurs_workers_ne_demandent_relancent_et_signalent_qu_une_fois():
    alliances = [alliance_en_cours()[0] for _ in range(3)]
    catalyseur = CatalyseurFactory(national=True)

    for day in (datetime.date(2025, 4, 15), datetime.date(2025, 4, 22), datetime.date(2025, 4, 29)):
        assert _en_meme_temps(day) == []
    assert Suivi.objects.count() == 3
    # 3 alliances × 2 partners × 1 admin: one request and two reminders each.
    assert Courriel.objects.count() == 3 * 2 * 3

    assert _en_meme_temps(datetime.date(2025, 5, 6)) == []
    assert Courriel.objects.filter(destinataires=catalyseur.user.email).count() == 3
    assert Suivi.objects.filter(signale_le__isnull=False).count() == len(alliances)
