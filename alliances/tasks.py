"""Background jobs of the alliances app: each takes ids (or nothing), reloads, calls a service,
and can run twice without harm."""

from celery import shared_task

from alliances import facettes


@shared_task
def facettes_refresh() -> str:
    """Periodic: rewrite the alliance search's counts at national scale (idempotent)."""
    mise_a_jour = facettes.refresh()
    return f"{mise_a_jour.alliances} alliances ({mise_a_jour.duree_ms} ms)"
