import time

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import caches
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.static import serve
from kombu import Connection

from comptes.outbox import oldest_waiting_age
from config.celery import BATTEMENT_CLE
from territoires.models import Commune, Departement, Region

BROKER_TIMEOUT_SECONDS = 1


@login_not_required
@require_GET
def accueil(request: HttpRequest) -> HttpResponse:
    chiffres = {
        "regions": Region.objects.count(),
        "departements": Departement.objects.count(),
        "communes": Commune.objects.actuelles().count(),
    }
    return render(request, "accueil.html", {"chiffres": chiffres})


@login_not_required
def media(request: HttpRequest, path: str, document_root: str) -> HttpResponse:
    """Uploaded files, public like the pages showing them (local use only, see config/urls)."""
    return serve(request, path, document_root=document_root)


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        return False


def _broker_ok() -> bool:
    try:
        with Connection(settings.CELERY_BROKER_URL, connect_timeout=BROKER_TIMEOUT_SECONDS) as conn:
            conn.ensure_connection(max_retries=1, timeout=BROKER_TIMEOUT_SECONDS)
        return True
    except Exception:
        return False


def _cache_ok() -> bool:
    # Only the Redis cache can be unreachable; the memory cache of local use always answers.
    joignable = getattr(caches["default"], "joignable", None)
    return joignable() if joignable else True


@login_not_required
@require_GET
@never_cache
def sante(request: HttpRequest) -> JsonResponse:
    """Health check for the load balancer and the monitoring. Without the database nothing
    works: 503. Without Redis (broker or cache) the pages still answer, mail waits in the
    outbox and the cache lives in each process: 200, with the degraded parts named."""
    services = {
        "base_de_donnees": _database_ok(),
        "broker": _broker_ok(),
        "cache": _cache_ok(),
    }
    if not services["base_de_donnees"]:
        statut = "erreur"
    else:
        statut = "ok" if all(services.values()) else "degrade"
    body = {
        "statut": statut,
        "services": {name: "ok" if up else "erreur" for name, up in services.items()},
        "degrade": [name for name, up in services.items() if not up],
    }
    if services["base_de_donnees"]:
        # How late the mail is: the age of the oldest message still in the outbox.
        age = oldest_waiting_age()
        body["courriels_en_attente_depuis_s"] = round(age.total_seconds()) if age else 0
    return JsonResponse(body, status=503 if statut == "erreur" else 200)


# A beat silent for longer than this (its heartbeat: config.celery.battement) is reported.
BATTEMENT_MAX_S = 5 * 60


def _migrations_en_attente() -> list[str]:
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _ in plan]


@login_not_required
@require_GET
@never_cache
def sante_pret(request: HttpRequest) -> JsonResponse:
    """Readiness: may this process take traffic? Not without its database or with migrations
    not applied (503). A late outbox or a silent beat do not stop the pages: they are
    reported (200, « degrade »), for the monitoring to alert on."""
    if not _database_ok():
        return JsonResponse({"statut": "erreur", "base_de_donnees": "erreur"}, status=503)
    en_attente = _migrations_en_attente()
    age = oldest_waiting_age()
    age_s = round(age.total_seconds()) if age else 0
    try:
        battement = caches["default"].get(BATTEMENT_CLE)
    except Exception:
        battement = None
    beat_s = round(time.time() - battement) if battement else None
    alertes = []
    if age_s > settings.SANTE_COURRIELS_MAX_S:
        alertes.append("courriels_en_retard")
    if beat_s is None or beat_s > BATTEMENT_MAX_S:
        alertes.append("beat_silencieux")
    statut = "erreur" if en_attente else ("degrade" if alertes else "ok")
    return JsonResponse(
        {
            "statut": statut,
            "migrations_en_attente": en_attente,
            "courriels_en_attente_depuis_s": age_s,
            "beat_dernier_passage_il_y_a_s": beat_s,
            "alertes": alertes,
        },
        status=503 if en_attente else 200,
    )
