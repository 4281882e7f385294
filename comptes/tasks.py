"""Background jobs of comptes: the delivery of the outbox (comptes/outbox.py)."""

from celery import shared_task

from comptes import outbox

# Defined beside `enqueue`, which asks for it; imported here so that the worker, which loads
# every app's tasks.py, knows it.
from comptes.outbox import deliver_courriel  # noqa: F401


@shared_task
def courriels_deliver_due() -> int:
    """Periodic: send what still waits (the broker was down at commit, or SMTP refused)."""
    return outbox.deliver_due()
