import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    """Run manage.py in a fresh process whose environment holds only what a server would set
    (the test settings put their own defaults into this process's environment)."""
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_les_reglages_de_production_passent_check_deploy():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="config.settings.base",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="alliances.example.org",
        DATABASE_URL="sqlite:///:memory:",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_la_production_refuse_de_demarrer_sans_cle_secrete():
    result = _manage(
        "check", DJANGO_SETTINGS_MODULE="config.settings.base", DATABASE_URL="sqlite://"
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_une_ligne_de_journal_de_django_ne_s_affiche_qu_une_fois(tmp_path):
    # `make run`'s settings (DEBUG on): Django's own console handler plus the root's used to
    # print every line twice.
    result = _manage(
        "shell",
        "-c",
        "import logging; logging.getLogger('django.request').warning('ligne-unique')",
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        DATABASE_URL=f"sqlite:///{tmp_path / 'dev.sqlite3'}",
    )
    assert result.returncode == 0, result.stderr
    assert (result.stdout + result.stderr).count("ligne-unique") == 1
