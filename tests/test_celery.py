import os

import pytest

from config.celery import app, ping


@pytest.fixture
def worker(redis_url):
    """The real Celery worker that CI starts; tasks go through Redis instead of running eagerly."""
    app.conf.task_always_eager = False
    try:
        if not app.control.ping(timeout=2):
            pytest.skip(f"aucun worker Celery n'écoute le broker {redis_url}")
        yield app
    finally:
        app.conf.task_always_eager = True


def test_une_tache_tourne_dans_le_worker_et_non_dans_le_processus_de_test(worker):
    result = ping.delay()
    answer = result.get(timeout=30)
    assert answer["pid"] != os.getpid()
    assert result.status == "SUCCESS"


def test_hors_worker_les_taches_tournent_dans_le_processus(settings):
    assert settings.CELERY_TASK_ALWAYS_EAGER is True
    assert ping.delay().get(timeout=1)["pid"] == os.getpid()
