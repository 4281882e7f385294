"""Backups of the platform (issue 22, item 5): the PostgreSQL database in pg_dump's custom
format and the uploaded files, in one dated folder with a manifest of the row counts, so that a
restore can prove it brought everything back. To a directory; an S3 bucket is not supported
yet (copy the folder there)."""

import json
import os
import subprocess
import tarfile
from pathlib import Path

import psycopg
from django.apps import apps
from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection

BASE = "base.dump"
MEDIAS = "medias.tar.gz"
MANIFESTE = "manifeste.json"


def check_postgresql() -> None:
    if connection.vendor != "postgresql":
        raise CommandError(
            "Les sauvegardes passent par pg_dump : elles demandent PostgreSQL. Sur SQLite "
            "(usage local), copiez simplement le fichier de la base."
        )


def libpq_url() -> str:
    """The default database as a connection URL for pg_dump and psycopg."""
    db = settings.DATABASES["default"]
    auth = db["USER"] or ""
    if db.get("PASSWORD"):
        auth += f":{db['PASSWORD']}"
    host = db.get("HOST") or "localhost"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgresql://{auth + '@' if auth else ''}{host}{port}/{db['NAME']}"


def tables() -> list[str]:
    """The tables of the project's models (Django's own included), each once."""
    noms = {m._meta.db_table for m in apps.get_models() if m._meta.managed and not m._meta.proxy}
    return sorted(noms)


def counts(url: str) -> dict[str, int]:
    """Rows per table, read through its own connection (the restored database, or the live one)."""
    with psycopg.connect(url, connect_timeout=10) as conn:
        resultat = {}
        for table in tables():
            row = conn.execute(
                psycopg.sql.SQL("SELECT count(*) FROM {}").format(psycopg.sql.Identifier(table))
            ).fetchone()
            resultat[table] = row[0]
        return resultat


def run(command: list[str]) -> None:
    result = subprocess.run(command, capture_output=True, text=True, env=os.environ.copy())
    if result.returncode != 0:
        raise CommandError(f"{command[0]} a échoué ({result.returncode}) : {result.stderr[-2000:]}")


def dump(dossier: Path) -> dict:
    """Write the database, the media and the manifest into `dossier` (created)."""
    check_postgresql()
    dossier.mkdir(parents=True, exist_ok=False)
    url = libpq_url()
    run(
        [
            "pg_dump",
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            f"--file={dossier / BASE}",
            url,
        ]
    )
    medias = Path(settings.MEDIA_ROOT)
    fichiers = 0
    with tarfile.open(dossier / MEDIAS, "w:gz") as archive:
        if medias.is_dir():
            for chemin in sorted(medias.rglob("*")):
                if chemin.is_file():
                    archive.add(chemin, arcname=str(chemin.relative_to(medias)))
                    fichiers += 1
    manifeste = {"lignes": counts(url), "fichiers": fichiers}
    (dossier / MANIFESTE).write_text(json.dumps(manifeste, indent=2, sort_keys=True))
    return manifeste


def restore(dossier: Path, *, base: str, medias: Path) -> dict[str, tuple[int, int]]:
    """Restore into the (empty) database `base` and the media folder, then compare the row
    counts with the manifest: answers the tables that differ, (expected, found)."""
    manifeste = json.loads((dossier / MANIFESTE).read_text())
    run(
        [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            f"--dbname={base}",
            str(dossier / BASE),
        ]
    )
    medias.mkdir(parents=True, exist_ok=True)
    with tarfile.open(dossier / MEDIAS, "r:gz") as archive:
        archive.extractall(medias, filter="data")
    trouve = counts(base)
    return {
        table: (attendu, trouve.get(table, 0))
        for table, attendu in manifeste["lignes"].items()
        if trouve.get(table, 0) != attendu
    }
