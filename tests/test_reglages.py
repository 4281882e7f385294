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
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


# What a server sets (the addresses need not answer for `check`).
PRODUCTION = {
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "alliances.example.org",
    "DATABASE_URL": "sqlite:///:memory:",
    "REDIS_URL": "redis://127.0.0.1:1/0",
    "EMAIL_HOST": "smtp.example.org",
    "SITE_URL": "https://alliances.example.org",
}


def test_la_production_refuse_de_demarrer_sans_cle_secrete():
    sans_cle = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    result = _manage("check", DJANGO_SETTINGS_MODULE="config.settings.base", **sans_cle)
    assert result.returncode != 0
    assert "il manque SECRET_KEY (la clé secrète de Django" in result.stderr


def test_un_demarrage_sans_rien_nomme_en_francais_tout_ce_qui_manque():
    result = _manage("migrate", DJANGO_SETTINGS_MODULE="config.settings.base")

    assert result.returncode != 0
    message = result.stderr.splitlines()[-1]
    assert "La plateforme refuse de démarrer en production : il manque" in message
    for nom in (
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "DATABASE_URL",
        "REDIS_URL",
        "EMAIL_HOST",
        "SITE_URL",
    ):
        assert nom in message


def test_le_serveur_wsgi_refuse_aussi_de_demarrer():
    result = subprocess.run(
        [sys.executable, "-c", "import config.wsgi"],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], "ALLOWED_HOSTS": "alliances.example.org"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "il manque SECRET_KEY" in result.stderr
    assert "ALLOWED_HOSTS" not in result.stderr.splitlines()[-1]


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
