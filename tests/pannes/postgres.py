"""A throwaway PostgreSQL cluster for the outage tests: initdb into a temporary directory, served
on a free port of 127.0.0.1 only, restarted as an operator would, always stopped and removed.

As root (CI runs as root), PostgreSQL refuses to run: initdb and pg_ctl then run as the
`postgres` user, who owns the directory, as .ci/run does."""

import contextlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import psycopg
import pytest

from tests.pannes.serveurs import free_port, wait_until


def _bin_dir() -> Path | None:
    """The newest installed /usr/lib/postgresql/<version>/bin holding initdb."""
    found = [p.parent for p in Path("/usr/lib/postgresql").glob("*/bin/initdb")]
    return max(found, key=lambda p: int(p.parent.name)) if found else None


class Postgres:
    def __init__(self):
        self.bin = _bin_dir()
        if self.bin is None:
            pytest.skip("PostgreSQL n'est pas installé (pas d'initdb sous /usr/lib/postgresql)")
        self.as_root = os.geteuid() == 0
        self.port = free_port()
        # Not under pytest's tmp_path: it is private to its user (0700), which the `postgres`
        # user could not enter, and its length would pass the limit of a Unix socket's path.
        self.dir = Path(tempfile.mkdtemp(prefix="pg-panne-"))
        self.dir.chmod(0o755)
        if self.as_root:
            shutil.chown(self.dir, "postgres", "postgres")
        self.data = self.dir / "data"
        self.log = self.dir / "postgres.log"

    def _run(self, *command: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if self.as_root else []
        result = subprocess.run(
            [*prefix, str(self.bin / command[0]), *command[1:]],
            capture_output=True,
            text=True,
            timeout=60,
        )
        if result.returncode != 0:
            raise AssertionError(
                f"{command[0]} a échoué ({result.returncode}) :\n{result.stdout}{result.stderr}"
                f"\n{self.log_tail()}"
            )

    def _options(self) -> str:
        return (
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1"
            " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )

    def log_tail(self) -> str:
        with contextlib.suppress(OSError):
            return self.log.read_text(errors="replace")[-3000:]
        return ""

    def url(self, dbname: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{dbname}"

    def accepts(self) -> bool:
        try:
            with psycopg.connect(self.url("postgres"), connect_timeout=2):
                return True
        except psycopg.OperationalError:
            return False

    def connect(self, dbname: str = "postgres") -> psycopg.Connection:
        return psycopg.connect(self.url(dbname), autocommit=True, connect_timeout=5)

    def start(self) -> None:
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        )
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-l",
            str(self.log),
            "-w",
            "start",
            "-o",
            self._options(),
        )
        wait_until(self.accepts, seconds=30, what="PostgreSQL jetable")

    def restart(self) -> None:
        """A fast restart: the server ends every session, as `systemctl restart` would."""
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-l",
            str(self.log),
            "-w",
            "-m",
            "fast",
            "restart",
            "-o",
            self._options(),
        )
        wait_until(self.accepts, seconds=30, what="PostgreSQL jetable après redémarrage")

    def stop(self) -> None:
        # Tried even when it may not be running (initdb or a restart failed): nothing is left.
        with contextlib.suppress(AssertionError, subprocess.TimeoutExpired):
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "stop")
        shutil.rmtree(self.dir, ignore_errors=True)


@contextlib.contextmanager
def postgres():
    """A started throwaway cluster, stopped and removed whatever happens."""
    cluster = Postgres()
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.stop()
