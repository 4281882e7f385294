"""Background jobs of comptes: the delivery of the outbox (comptes/outbox.py), the copy of an
account's data."""

from celery import shared_task

from comptes import outbox

# Defined beside what enqueues it; imported here so that the worker knows it.
from comptes.droits import donnees_export_build_task  # noqa: F401

# Defined beside `enqueue`, which asks for it; imported here so that the worker, which loads
# every app's tasks.py, knows it.
from comptes.outbox import deliver_courriel  # noqa: F401


@shared_task
def courriels_deliver_due() -> int:
    """Periodic: send what still waits (the broker was down at commit, or SMTP refused)."""
    return outbox.deliver_due()
