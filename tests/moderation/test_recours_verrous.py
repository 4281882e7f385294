"""Deciding an appeal while the contested item changes (a new version resubmitted, which closes
the appeal) takes the two rows in the same order, item first: the two wait for each other in
turn and never deadlock. PostgreSQL only: SQLite locks the whole file on each write."""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction
from django.utils import timezone

from alliances.models import Alliance
from moderation import contestations, workflow
from moderation.models import Recours
from tests.moderation import fixtures as moderation_fixtures
from tests.moderation.fixtures import alliance_a

t = moderation_fixtures.t

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("postgresql_seulement"),
]


def _someone_waits_for_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE wait_event_type = 'Lock' AND datname = current_database()"
        )
        return cursor.fetchone()[0] > 0


def test_trancher_un_recours_pendant_une_nouvelle_version_ne_s_interbloque_pas(t):
    alliance, membre = alliance_a(t.lyon)
    workflow.transition(alliance, to="refusee", by=t.cat_rhone.user, motif="hors_sujet")
    recours = contestations.recours_create(by=membre.user, item=alliance, texte="Relisez.")
    item_locked, proceed = threading.Event(), threading.Event()
    errors: dict[str, Exception] = {}

    def resubmit():
        # What workflow.transition does for a new version: the item, then its open appeal.
        try:
            with transaction.atomic():
                Alliance.objects.select_for_update().filter(pk=alliance.pk).first()
                item_locked.set()
                proceed.wait(30)
                Recours.objects.filter(pk=recours.pk).update(
                    decided_at=timezone.now(), reponse="Clos par une nouvelle version."
                )
        except Exception as error:  # noqa: BLE001 — reported below
            errors["nouvelle version"] = error
        finally:
            connections.close_all()

    def decide():
        item_locked.wait(30)
        try:
            contestations.recours_decide(
                by=t.cat_ara.user, recours=recours, accepte=True, reponse="Oui."
            )
        except ValidationError:
            pass  # the appeal was closed first: said in French, not an error
        except Exception as error:  # noqa: BLE001 — reported below
            errors["recours"] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=resubmit), threading.Thread(target=decide)]
    for thread in threads:
        thread.start()
    # Let the new version go on once the decision waits for a row it holds.
    for _ in range(600):
        if _someone_waits_for_a_lock():
            break
        time.sleep(0.05)
    proceed.set()
    for thread in threads:
        thread.join(60)

    assert errors == {}
    recours.refresh_from_db()
    assert recours.decided_at is not None
