"""PostgreSQL restarts under a running gunicorn: no page answers 500 afterwards.

The workers keep their connection between requests (CONN_MAX_AGE=60, as in production); a
restart closes it on the server's side. Without CONN_HEALTH_CHECKS, the first request of each
worker ran its query on the dead connection and answered 500. The test runs on a throwaway
cluster of its own, so it runs on SQLite as well as on PostgreSQL, and never restarts a server
that someone else uses."""

import subprocess
import sys
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from tests.pannes.postgres import postgres
from tests.pannes.serveurs import ROOT, Redis, environment, gunicorn, http_status

WORKERS = 2
# Pages that read the database, and answer 200 on a freshly migrated one.
PAGES = [
    "/",
    "/alliances/",
    "/acteurs/",
    "/offres/",
    "/observatoire/",
    "/api/v1/alliances/",
    "/comptes/login/",
]
ROUNDS = 10


def _get_every_page(base: str) -> Counter:
    """Each page ROUNDS times, a few at once so that every worker serves some of them; counts
    the answers by (page, status)."""
    pages = PAGES * ROUNDS
    with ThreadPoolExecutor(max_workers=2 * WORKERS) as pool:
        statuses = pool.map(lambda page: http_status(base + page), pages)
        return Counter(zip(pages, statuses, strict=True))


def _sessions(cluster, dbname: str) -> int:
    with cluster.connect() as conn:
        return conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s", [dbname]
        ).fetchone()[0]


def test_apres_un_redemarrage_de_postgresql_aucune_page_ne_repond_500(tmp_path):
    redis = Redis()
    redis.start()
    try:
        with postgres() as cluster:
            with cluster.connect() as conn:
                conn.execute("CREATE DATABASE alliances")
            env = environment(
                DATABASE_URL=cluster.url("alliances"), REDIS_URL=redis.url, CONN_MAX_AGE="60"
            )
            migrate = subprocess.run(
                [sys.executable, "manage.py", "migrate", "--noinput"],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                timeout=300,
            )
            assert migrate.returncode == 0, migrate.stdout + migrate.stderr

            log = tmp_path / "gunicorn.log"
            with gunicorn(env, log, workers=WORKERS) as base:
                avant = _get_every_page(base)
                assert {status for _, status in avant} == {200}, avant
                # Each worker holds its connection, idle, waiting for the next request.
                assert _sessions(cluster, "alliances") == WORKERS, cluster.log_tail()

                cluster.restart()
                assert _sessions(cluster, "alliances") == 0

                apres = _get_every_page(base)
                erreurs = {key: n for key, n in apres.items() if key[1] != 200}
                assert not erreurs, (
                    f"{sum(erreurs.values())} réponse(s) autre(s) que 200 après le redémarrage "
                    f"de PostgreSQL : {erreurs}\n{log.read_text(errors='replace')[-3000:]}"
                )
                # The workers reconnected, and keep their new connection.
                assert _sessions(cluster, "alliances") == WORKERS
    finally:
        redis.stop()
