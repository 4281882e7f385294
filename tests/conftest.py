"""Shared fixtures, and the rule that CI runs every test: a skip there fails the run."""

import os

import pytest
import redis
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command

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
def _emails_go_through_celery(settings) -> None:
    """pytest-django swaps the email backend for locmem; put ours back so that every test
    sends its emails the way production does (a Celery task, then the delivery backend)."""
    settings.EMAIL_BACKEND = "comptes.email.CeleryEmailBackend"
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


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
