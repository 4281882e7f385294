"""The replay server of the directories, started once for these tests, and the settings that
point both clients at it with a short timeout."""

import pytest

from organisations.annuaires import base
from tests.serveurs.annuaires import ServeurAnnuaires

# Short, so that the slow route outlasts it by far; the server's slow answer is the only wait.
TIMEOUT_SECONDS = 0.3


@pytest.fixture(scope="session")
def _serveur_annuaires():
    with ServeurAnnuaires(slow_seconds=5 * TIMEOUT_SECONDS) as serveur:
        yield serveur


@pytest.fixture
def annuaires(_serveur_annuaires, settings, monkeypatch):
    """The server, its request log emptied, and the clients pointed at its recordings."""
    _serveur_annuaires.reset()
    settings.ANNUAIRE_ENTREPRISES_URL = _serveur_annuaires.url
    settings.ANNUAIRE_ASSOCIATIONS_URL = _serveur_annuaires.url
    settings.ANNUAIRES_TIMEOUT = TIMEOUT_SECONDS
    settings.ANNUAIRES_CACHE_SECONDS = 60
    # The retries happen; only their pauses are skipped.
    monkeypatch.setattr(base, "BACKOFF_SECONDS", (0, 0))
    return _serveur_annuaires
