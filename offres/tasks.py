"""Background jobs of offres and alertes: each takes ids (or nothing), reloads, calls a service,
and can run twice without harm."""

from celery import shared_task

from offres import services
from offres.models import Alerte


@shared_task
def offres_expire() -> int:
    """Periodic: close the offres whose date limite has passed."""
    return services.offres_expire()


@shared_task
def alerte_send_digest(alerte_id: int) -> int:
    return services.alerte_send_digest(alerte_id=alerte_id)


@shared_task
def alertes_send_digests(frequence: str) -> int:
    """Periodic: one task per alert due, so that one failing email does not stop the others."""
    if frequence not in Alerte.Frequence.values:
        return 0
    due = services.alertes_due(frequence=frequence)
    for alerte_id in due:
        alerte_send_digest.delay(alerte_id)
    return len(due)
