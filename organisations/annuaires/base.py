"""What the directory clients share: one HTTP GET returning JSON, with a timeout, retries, a cache
and one exception for every way a service can fail.

- Timeout per attempt: settings.ANNUAIRES_TIMEOUT seconds.
- Retries: RETRIES more attempts, after BACKOFF_SECONDS, on a refused or reset connection and on
  a 5xx answer only. A timeout is not retried: the service is slow, and trying again would make
  the person filling in the form wait two or three times as long for the same outcome. A 4xx or
  an answer that is not the expected JSON is not retried either: it would come back the same.
- Cache: Django's default cache, one key per service and URL, for settings.ANNUAIRES_CACHE_SECONDS.
  It is optional: if the cache itself fails (Redis down without the fallback backend), the
  lookup goes to the service and nothing is raised.
- Failure: `AnnuaireIndisponible`, whose message tells the person that registration goes on and
  that the organisation will be marked « à vérifier ».
"""

import hashlib
import http.client
import json
import logging
import time
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

RETRIES = 2
# Pauses before the second and the third attempt (tests set them to zero).
BACKOFF_SECONDS = (0.3, 0.8)
USER_AGENT = "alliances-odd17 (plateforme Collective Impact à la française)"

# Paris, Lyon and Marseille: Sirene gives the arrondissement's code, the INSEE referential of
# `territoires` holds the commune only.
_ARRONDISSEMENTS = (
    (75101, 75120, "75056"),
    (69381, 69389, "69123"),
    (13201, 13216, "13055"),
)


class AnnuaireIndisponible(Exception):
    """The service is down, too slow, or answered something that is not what it documents."""

    def __init__(self, service: str):
        self.service = service
        self.message = (
            f"Le service {service} ne répond pas pour l'instant : vous pouvez continuer, "
            "l'organisation sera marquée à vérifier."
        )
        super().__init__(self.message)


def get_json(*, service: str, base_url: str, path: str, params: dict[str, str]) -> dict:
    """GET base_url + path with params, answer the decoded JSON object (from the cache if it
    holds it). Raises AnnuaireIndisponible when no usable answer comes."""
    url = f"{base_url.rstrip('/')}{path}?{urllib.parse.urlencode(params)}"
    key = "annuaires:" + hashlib.sha256(f"{service}\n{url}".encode()).hexdigest()
    cached = _cache_get(key)
    if cached is not None:
        return cached
    data = _fetch(service, url)
    _cache_set(key, data)
    return data


def _fetch(service: str, url: str) -> dict:
    request = urllib.request.Request(
        url, headers={"Accept": "application/json", "User-Agent": USER_AGENT}
    )
    for attempt in range(RETRIES + 1):
        if attempt:
            time.sleep(BACKOFF_SECONDS[min(attempt, len(BACKOFF_SECONDS)) - 1])
        try:
            with urllib.request.urlopen(request, timeout=settings.ANNUAIRES_TIMEOUT) as response:
                body = response.read()
        except urllib.error.HTTPError as error:
            # The error holds the answer's socket: close it now, not when collected.
            error.close()
            if error.code >= 500 and attempt < RETRIES:
                continue
            logger.warning("Annuaire %s : réponse HTTP %s pour %s", service, error.code, url)
            raise AnnuaireIndisponible(service) from error
        except TimeoutError as error:
            logger.warning("Annuaire %s : pas de réponse dans le délai pour %s", service, url)
            raise AnnuaireIndisponible(service) from error
        except (urllib.error.URLError, ConnectionError, http.client.HTTPException) as error:
            # urllib wraps a connection timeout in URLError: not retried, as above.
            if isinstance(getattr(error, "reason", None), TimeoutError):
                logger.warning("Annuaire %s : connexion trop lente pour %s", service, url)
                raise AnnuaireIndisponible(service) from error
            if attempt < RETRIES:
                continue
            logger.warning("Annuaire %s injoignable (%s) pour %s", service, error, url)
            raise AnnuaireIndisponible(service) from error
        try:
            data = json.loads(body)
        except ValueError as error:
            logger.warning("Annuaire %s : réponse illisible pour %s", service, url)
            raise AnnuaireIndisponible(service) from error
        if not isinstance(data, dict):
            logger.warning("Annuaire %s : réponse inattendue pour %s", service, url)
            raise AnnuaireIndisponible(service)
        return data
    raise AssertionError("unreachable: the last attempt returns or raises")


def _cache_get(key: str):
    try:
        return cache.get(key)
    except Exception as error:  # any backend's failure: the cache is only a shortcut
        logger.warning("Cache des annuaires illisible : %s", error)
        return None


def _cache_set(key: str, data: dict) -> None:
    try:
        cache.set(key, data, settings.ANNUAIRES_CACHE_SECONDS)
    except Exception as error:  # as in _cache_get
        logger.warning("Cache des annuaires impossible à écrire : %s", error)


def commune_code(code: str | None) -> str:
    """The INSEE code of the commune, an arrondissement of Paris, Lyon or Marseille folded into
    its commune."""
    code = (code or "").strip()
    if code.isdigit():
        for first, last, commune in _ARRONDISSEMENTS:
            if first <= int(code) <= last:
                return commune
    return code


def street_address(adresse: str | None, code_postal: str, libelle_commune: str) -> str:
    """The street part of a one-line Sirene address (« 9 RUE X 75015 PARIS » → « 9 RUE X »)."""
    adresse = " ".join((adresse or "").split())
    tail = " ".join(f"{code_postal} {libelle_commune}".split())
    if tail and adresse.endswith(tail):
        adresse = adresse[: -len(tail)].rstrip(" ,")
    return adresse


def text(value) -> str:
    """A string field of an answer: None and non-strings become ""."""
    return value.strip() if isinstance(value, str) else ""
