"""The Redis cache backend (config/cache.py) without Redis: the pages and the counters go on in
memory, a request tries Redis once per pause, and /sante/ names the degraded cache."""

import logging
import socket
import threading

import pytest
import redis
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.urls import reverse

from config import cache as cache_de_secours

pytestmark = pytest.mark.django_db


def redis_cache(location: str) -> dict:
    return {
        "default": {
            "BACKEND": "config.cache.RedisCacheDeSecours",
            "LOCATION": location,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }


@pytest.fixture(autouse=True)
def etat_neuf():
    secours = LocMemCache("cache-de-secours", {})
    cache_de_secours._state.update(retry_at=0.0, down_since=None)
    secours.clear()
    yield
    cache_de_secours._state.update(retry_at=0.0, down_since=None)
    secours.clear()


@pytest.fixture
def port_ferme() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def serveur_muet():
    """A server that accepts connections and never answers (a Redis that hangs): yields its
    port and the list of connections it accepted."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    accepted = []

    def accept():
        while True:
            try:
                conn, _ = server.accept()
            except OSError:
                return
            accepted.append(conn)

    threading.Thread(target=accept, daemon=True).start()
    yield server.getsockname()[1], accepted
    server.close()
    for conn in accepted:
        conn.close()


def test_sans_redis_le_cache_garde_les_valeurs_en_memoire_et_compte(settings, port_ferme, caplog):
    settings.CACHES = redis_cache(f"redis://127.0.0.1:{port_ferme}/0")
    with caplog.at_level(logging.WARNING, logger="config.cache"):
        assert cache.get("absent", "défaut") == "défaut"
        cache.set("clé", {"valeur": 1}, 60)
        assert cache.get("clé") == {"valeur": 1}
        assert cache.add("compteur", 0, 60) is True
        assert cache.incr("compteur") == 1
        assert cache.incr("compteur") == 2
        assert cache.get_or_set("calculé", lambda: 42, 60) == 42
        with pytest.raises(ValueError):
            cache.incr("jamais-posé")
    # One warning for the outage, not one per call.
    warnings = [r for r in caplog.records if r.name == "config.cache"]
    assert len(warnings) == 1
    assert "Redis injoignable" in warnings[0].getMessage()


def test_sans_redis_les_pages_qui_lisent_le_cache_repondent(client, settings, port_ferme):
    settings.CACHES = redis_cache(f"redis://127.0.0.1:{port_ferme}/0")
    for url in (
        "/",
        "/alliances/",
        "/observatoire/",
        "/acteurs/",
        "/offres/",
        "/api/v1/alliances/",
    ):
        assert client.get(url).status_code == 200, url
    response = client.get(reverse("sante"))
    assert response.status_code == 200
    assert response.json()["statut"] == "degrade"
    assert response.json()["services"]["cache"] == "erreur"
    assert "cache" in response.json()["degrade"]


def test_un_redis_qui_ne_repond_pas_n_est_essaye_qu_une_fois_par_pause(settings, serveur_muet):
    port, accepted = serveur_muet
    settings.CACHES = redis_cache(f"redis://127.0.0.1:{port}/0")
    assert cache.get("clé", "défaut") == "défaut"  # waits for one socket timeout
    tries = len(accepted)
    assert tries >= 1
    for _ in range(20):
        cache.set("clé", "en mémoire")
        assert cache.get("clé") == "en mémoire"
    assert len(accepted) == tries, "pendant la pause, aucune requête ne doit attendre Redis"
    # Once the pause is over, Redis is tried again.
    cache_de_secours._state["retry_at"] = 0.0
    cache.get("clé")
    assert len(accepted) > tries


def test_avec_redis_les_valeurs_vont_dans_redis_et_reviennent_apres_une_panne(
    settings, redis_url, port_ferme
):
    settings.CACHES = redis_cache(redis_url)
    cache.set("partagée", "dans redis", 60)
    assert redis.Redis.from_url(redis_url).exists(cache.make_key("partagée")) == 1
    assert cache.joignable() is True

    # Redis goes away: the page's value is computed again in memory.
    settings.CACHES = redis_cache(f"redis://127.0.0.1:{port_ferme}/0")
    assert cache.get("partagée") is None
    assert cache_de_secours._state["down_since"] is not None

    # Back again after the pause: reads go to Redis, and the outage is over.
    settings.CACHES = redis_cache(redis_url)
    cache_de_secours._state["retry_at"] = 0.0
    assert cache.get("partagée") == "dans redis"
    assert cache_de_secours._state["down_since"] is None
    cache.delete("partagée")
