"""Real services started by a test in processes of its own, on free ports, and stopped by it:
redis-server, gunicorn serving the project, a Celery worker. Each helper is a context manager."""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = "tests.pannes.reglages"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url() -> str:
    """The URL of the database the test runs on (pytest-django's test database)."""
    if connection.vendor != "postgresql":
        pytest.skip("a besoin de PostgreSQL : les serveurs lancés à part partagent sa base")
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def wait_until(check, *, seconds: float = 30, what: str = "") -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise AssertionError(f"toujours pas prêt après {seconds} s : {what}")


def http_status(url: str, timeout: float = 30) -> int:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


class Redis:
    """redis-server on a port of its own, nothing kept on disk; stop() and start() again on the
    same port, as an operator restarting it would."""

    def __init__(self, port: int | None = None):
        if not shutil.which("redis-server"):
            pytest.skip("redis-server n'est pas installé")
        self.port = port or free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
        )
        wait_until(self.answers, seconds=10, what="redis-server")

    def answers(self) -> bool:
        with (
            contextlib.suppress(OSError),
            socket.create_connection(("127.0.0.1", self.port), 1) as s,
        ):
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
        return False

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)  # a crash, not a clean shutdown
            self.process.wait()


def environment(**extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")}
    env.update(DJANGO_SETTINGS_MODULE=SETTINGS, PYTHONPATH=str(ROOT), **extra)
    return env


@contextlib.contextmanager
def process(command: list[str], env: dict, log: Path):
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        yield proc
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


@contextlib.contextmanager
def gunicorn(env: dict, log: Path, workers: int = 2):
    """The project behind gunicorn, as in production; yields its base URL."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi",
        "-b",
        f"127.0.0.1:{port}",
        "-w",
        str(workers),
        "--timeout",
        "60",
    ]
    with process(command, env, log) as proc:
        base = f"http://127.0.0.1:{port}"
        wait_for_gunicorn(proc, base, log)
        yield base


def wait_for_gunicorn(proc, base: str, log: Path) -> None:
    """Until gunicorn answers /sante/ at `base`; its log's end says why when it never does."""
    try:
        wait_until(
            lambda: http_status(base + "/sante/", timeout=5) in (200, 503),
            seconds=60,
            what="gunicorn",
        )
    except AssertionError:
        raise AssertionError(log.read_text(errors="replace")[-3000:]) from None
    assert proc.poll() is None


@contextlib.contextmanager
def celery_worker(env: dict, log: Path):
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "config",
        "worker",
        "--loglevel=INFO",
        "--concurrency=1",
        "--without-gossip",
        "--without-mingle",
        "--pool=solo",
    ]
    with process(command, env, log) as proc:
        wait_until(lambda: b"ready." in log.read_bytes(), seconds=60, what="worker Celery")
        yield proc


# Any 32 allowed characters: the CSRF cookie and the form field sent with it agree.
CSRF = "pannes0123456789abcdefghijklmnop"


def post(url: str, data: dict, session: str | None = None, timeout: float = 60) -> int:
    """POST a form as a browser with that session would (CSRF cookie and field), without
    following the redirect; returns the status code."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    cookies = f"csrftoken={CSRF}" + (f"; sessionid={session}" if session else "")
    request = urllib.request.Request(
        url,
        data=urllib.parse.urlencode({**data, "csrfmiddlewaretoken": CSRF}).encode(),
        headers={"Cookie": cookies},
        method="POST",
    )
    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
