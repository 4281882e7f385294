"""Shared fixtures, and the rule that CI runs every test: a skip there fails the run."""

import email
import email.policy
import os
import time
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command

from config.celery import app
from territoires.models import Commune

_skipped: list[str] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped:
        _skipped.append(report.nodeid)


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    # Locally a test may skip when a service is missing; CI starts them all, so a skip there
    # means something is broken in CI itself.
    if os.environ.get("CI") == "true" and _skipped:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter) -> None:
    if os.environ.get("CI") == "true" and _skipped:
        terminalreporter.write_line(
            f"ÉCHEC : {len(_skipped)} test(s) sauté(s) en CI, où tout doit tourner :", red=True
        )
        for nodeid in _skipped:
            terminalreporter.write_line(f"  {nodeid}", red=True)


@pytest.fixture(autouse=True)
def _emails_go_through_the_outbox(settings) -> None:
    """pytest-django swaps the email backend for locmem; put ours back so that every test
    sends its emails the way production does (an outbox row, a Celery task after commit, then
    the delivery backend)."""
    settings.EMAIL_BACKEND = "comptes.outbox.OutboxEmailBackend"
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def postgresql_seulement() -> None:
    """For the tests of races, locks and pg_dump (`pytest.mark.usefixtures`): SQLite serialises
    writers by locking the whole file, and has no pg_dump."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip(
            "a besoin de PostgreSQL : SQLite verrouille tout le fichier à chaque écriture (ces "
            "courses n'y existent pas) et n'a pas pg_dump"
        )


@pytest.fixture(autouse=True)
def _celery_remis_en_etat():
    """Celery's eager `apply_async` sets a process-wide flag and restores it on exit; threads
    doing so at once (the races of tests/test_concurrence.py, the beats of
    tests/test_un_seul_beat.py) can leave it set — a race inside Celery, harmless in gunicorn's
    single-threaded workers — which would make later tests' `result.get()` refuse to run."""
    yield
    from celery._state import _set_task_join_will_block

    _set_task_join_will_block(False)


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """allauth's rate limits live in the cache: one test's sign-ups must not throttle the next."""
    cache.clear()


@pytest.fixture(scope="session")
def referentiel(django_db_setup, django_db_blocker) -> None:
    """The whole official referential (34,969 communes), loaded once and committed.

    Transactional tests flush the database when they end; pytest-django runs them after the
    others, and this fixture reloads the referential if a flush took it away.
    """
    with django_db_blocker.unblock():
        if not Commune.objects.filter(code_insee="69123").exists():
            call_command("load_territoires", verbosity=0)


@pytest.fixture
def redis_url() -> str:
    """The URL of a Redis server that answers, or a skip with the reason."""
    url = os.environ.get("REDIS_URL", "")
    if not url:
        pytest.skip("REDIS_URL n'est pas défini : pas de serveur Redis pour ce test")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        pytest.skip(f"Redis ne répond pas à {url} : {error}")
    assert url == settings.CELERY_BROKER_URL, "les tests doivent utiliser ce Redis comme broker"
    return url


@pytest.fixture
def worker(redis_url):
    """The real Celery worker that CI starts; tasks go through Redis instead of running eagerly.

    In CI the worker uses the test database, so a test that hands it ids must use
    `transactional_db` (its rows have to be committed for another process to see them).
    """
    app.conf.task_always_eager = False
    try:
        if not app.control.ping(timeout=2):
            pytest.skip(f"aucun worker Celery n'écoute le broker {redis_url}")
        yield app
    finally:
        app.conf.task_always_eager = True


@pytest.fixture
def courriels_du_worker(worker):
    """Read back the emails that the worker really delivered (CI gives it a file backend).

    Returns `attendre(destinataire, sujet_contient="", delai=30)`, which waits for the messages
    sent to that address and returns them parsed.
    """
    dossier = os.environ.get("WORKER_EMAIL_DIR", "")
    if not dossier:
        pytest.skip("WORKER_EMAIL_DIR n'est pas défini : le worker n'écrit pas ses courriels")

    def lire() -> list[email.message.EmailMessage]:
        messages = []
        for fichier in sorted(Path(dossier).glob("*.log")):
            # The file backend writes raw bytes (8-bit UTF-8 bodies) and separates messages
            # with a line of 79 dashes.
            for bloc in fichier.read_bytes().split(b"-" * 79 + b"\n"):
                if bloc.strip():
                    messages.append(email.message_from_bytes(bloc, policy=email.policy.default))
        return messages

    def attendre(destinataire: str, sujet_contient: str = "", delai: float = 30):
        fin = time.monotonic() + delai
        while True:
            trouves = [
                message
                for message in lire()
                if destinataire in message.get("To", "")
                and sujet_contient in message.get("Subject", "")
            ]
            if trouves or time.monotonic() > fin:
                return trouves
            time.sleep(0.2)

    return attendre
