"""The Procfile's web process, started as a PaaS starts it (its command, PORT in the
environment): gunicorn with config/gunicorn.py answers /sante/; the release phase is the
migrations and the static files."""

import os
import shlex
import subprocess
import sys
from pathlib import Path

from tests.pannes.serveurs import free_port, http_status, process, wait_for_gunicorn

ROOT = Path(__file__).resolve().parents[1]


def _procfile() -> dict[str, str]:
    lignes = (ROOT / "Procfile").read_text().splitlines()
    return dict(ligne.split(": ", 1) for ligne in lignes if ligne and not ligne.startswith("#"))


def test_le_procfile_declare_web_worker_beat_et_release():
    procfile = _procfile()
    assert set(procfile) == {"web", "worker", "beat", "release"}
    assert "migrate --noinput" in procfile["release"]
    assert "collectstatic --noinput" in procfile["release"]


def test_la_commande_web_du_procfile_sert_les_pages(tmp_path):
    port = free_port()
    commande = shlex.split(_procfile()["web"])
    assert commande[0] == "gunicorn"
    commande = [sys.executable, "-m", "gunicorn", *commande[1:]]
    # The test settings, on a SQLite file of its own, prepared by the release phase.
    env = {
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "STATIC_ROOT": str(tmp_path / "static"),
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'procfile.sqlite3'}",
        "PORT": str(port),
        "WEB_CONCURRENCY": "1",
    }
    log = tmp_path / "gunicorn.log"
    release = subprocess.run(
        ["bash", "-c", _procfile()["release"]],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert release.returncode == 0, release.stderr[-3000:]
    # The release phase collected the static files where STATIC_ROOT says.
    assert (tmp_path / "static" / "js" / "suivis.js").is_file()

    with process(commande, env, log) as proc:
        base = f"http://127.0.0.1:{port}"
        wait_for_gunicorn(proc, base, log)
        assert http_status(base + "/sante/", timeout=5) == 200
    assert '"GET /sante/ HTTP/1.1" 200' in log.read_text()
