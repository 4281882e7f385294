"""Background jobs of moderation: each takes ids (or nothing), reloads, calls a service, and can
run twice without harm."""

from celery import shared_task

from moderation import notifications
from moderation.models import Catalyseur


@shared_task
def moderation_digest_send(catalyseur_id: int) -> int:
    return notifications.digest_send(catalyseur_id=catalyseur_id)


@shared_task
def moderation_digests_send() -> int:
    """Periodic: one task per active catalyseur (each sends only if something is new)."""
    ids = list(Catalyseur.objects.actifs().values_list("pk", flat=True))
    for catalyseur_id in ids:
        moderation_digest_send.delay(catalyseur_id)
    return len(ids)


@shared_task
def moderation_escalate() -> int:
    """Periodic: items waiting for more than 7 days go to the enclosing perimeter and staff."""
    return notifications.escalate_overdue()
