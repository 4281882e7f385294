from celery import shared_task

from observatoire.chiffres import observatoire_refresh


@shared_task
def observatoire_refresh_task() -> str:
    """Rewrite the observatoire's summary tables (idempotent: the same data give the same rows)."""
    mise_a_jour = observatoire_refresh()
    return f"{mise_a_jour.refreshed_at.isoformat()} ({mise_a_jour.duree_ms} ms)"
