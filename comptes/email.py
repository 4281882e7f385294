"""An email backend that hands every message to Celery.

Pages never wait for the SMTP server: `send_messages` only enqueues, and the task delivers
through `settings.EMAIL_DELIVERY_BACKEND` (SMTP in production, the console locally).
"""

from django.conf import settings
from django.core.mail import send_mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.template.loader import render_to_string


class CeleryEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        from comptes.tasks import deliver_email

        for message in email_messages:
            payload = serialize_message(message)
            # After commit: the email must not announce something a rollback then undoes.
            transaction.on_commit(lambda payload=payload: deliver_email.delay(payload))
        return len(email_messages)


def serialize_message(message) -> dict:
    """Reduce a message to JSON-friendly data (Celery's serializer takes nothing else)."""
    alternatives = [
        [content, mimetype] for content, mimetype in getattr(message, "alternatives", [])
    ]
    return {
        "subject": message.subject,
        "body": message.body,
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
        "alternatives": alternatives,
    }


def one_line(text: str) -> str:
    """A subject is one header line: names typed by users must not break it (a line break in
    a header makes the message invalid, so it would never leave)."""
    return " ".join(text.split())


def send_templated(subject: str, template: str, context: dict, recipients: list[str]) -> None:
    """Send one email rendered from a text template (with `site_url` for its links), nothing
    when nobody is to receive it."""
    if recipients:
        body = render_to_string(template, {**context, "site_url": settings.SITE_URL})
        send_mail(one_line(subject), body, None, recipients)
