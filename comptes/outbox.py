"""The outbox every email leaves through (DESIGN.md §6).

`enqueue` writes the message as a row in the transaction of the change that causes it: a
rollback takes the email with it, a commit keeps it whatever happens next. After the commit,
Celery is asked to deliver it; if the broker can't be reached, the row simply waits for the
sweep (`deliver_due`, every minute), so mail is delayed, never lost. `deliver` locks the row
and sends only a waiting one: two workers that see the same message send it once.
"""

import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from comptes.email import deserialize_message, serialize_message
from comptes.models import Courriel

logger = logging.getLogger(__name__)

# After a failed attempt the next one waits 1, 2, 4… minutes, at most an hour; after this many
# attempts the message is marked as failed and waits for staff (admin).
TENTATIVES_MAX = 10
DELAI_MAX = timedelta(hours=1)
# How many due messages one sweep sends at most (the next sweep takes the rest).
ENVOIS_PAR_PASSAGE = 200


def enqueue(message) -> Courriel:
    """Keep an EmailMessage in the outbox and ask for its delivery once the transaction
    commits (at once outside a transaction)."""
    courriel = Courriel.objects.create(
        sujet=message.subject[:255],
        destinataires=", ".join([*message.to, *message.cc, *message.bcc])[:10_000],
        message=serialize_message(message),
    )
    transaction.on_commit(lambda: _ask_delivery(courriel.pk))
    return courriel


class OutboxEmailBackend(BaseEmailBackend):
    """settings.EMAIL_BACKEND: Django's send_mail, allauth and the admin all write to the
    outbox; the real backend (SMTP) is settings.EMAIL_DELIVERY_BACKEND, used by `deliver`."""

    def send_messages(self, email_messages) -> int:
        for message in email_messages:
            enqueue(message)
        return len(email_messages)


def _ask_delivery(courriel_id: int) -> None:
    try:
        deliver_courriel.delay(courriel_id)
    except Exception as error:  # the broker can't be reached: the sweep will send it
        logger.warning("Courriel %s laissé au prochain passage : %s", courriel_id, error)


def _next_attempt(tentatives: int):
    return timezone.now() + min(timedelta(minutes=2 ** (tentatives - 1)), DELAI_MAX)


def deliver(courriel_id: int) -> bool:
    """Send one waiting message through settings.EMAIL_DELIVERY_BACKEND. True when this call
    sent it; False when it was gone, already sent, taken by another worker, or failed (then
    it is planned again, or marked as failed after TENTATIVES_MAX attempts)."""
    with transaction.atomic():
        courriel = (
            Courriel.objects.select_for_update(skip_locked=True)
            .filter(pk=courriel_id, etat=Courriel.Etat.EN_ATTENTE)
            .first()
        )
        if courriel is None:
            return False
        message = deserialize_message(courriel.message)
        message.connection = get_connection(settings.EMAIL_DELIVERY_BACKEND)
        courriel.tentatives += 1
        try:
            message.send()
        except Exception as error:  # SMTP down or refused: try again later
            courriel.derniere_erreur = f"{type(error).__name__} : {error}"[:2000]
            if courriel.tentatives >= TENTATIVES_MAX:
                courriel.etat = Courriel.Etat.ECHEC
            else:
                courriel.prochain_essai = _next_attempt(courriel.tentatives)
            courriel.save(update_fields=["tentatives", "derniere_erreur", "etat", "prochain_essai"])
            logger.warning("Courriel %s non envoyé : %s", courriel_id, error)
            return False
        courriel.etat = Courriel.Etat.ENVOYE
        courriel.sent_at = timezone.now()
        courriel.save(update_fields=["tentatives", "etat", "sent_at"])
        return True


# Defined here rather than in tasks.py: `enqueue` asks for it, and tasks.py importing this
# module while this module imports tasks.py would be a loop. tasks.py lists it for the worker.
@shared_task(name="comptes.tasks.deliver_courriel")
def deliver_courriel(courriel_id: int) -> bool:
    """Send one message of the outbox (nothing if it was sent already or is being sent)."""
    return deliver(courriel_id)


def deliver_due(*, now=None) -> int:
    """The sweep: send the waiting messages whose attempt is due. Returns how many it sent."""
    ids = list(
        Courriel.objects.dus(now)
        .order_by("prochain_essai", "pk")
        .values_list("pk", flat=True)[:ENVOIS_PAR_PASSAGE]
    )
    return sum(deliver(courriel_id) for courriel_id in ids)


def oldest_waiting_age() -> timedelta | None:
    """How long the oldest waiting message has waited (for /sante/), None when none waits."""
    oldest = Courriel.objects.filter(etat=Courriel.Etat.EN_ATTENTE).aggregate(
        oldest=Min("created_at")
    )["oldest"]
    return timezone.now() - oldest if oldest else None
