"""Writing emails: a message reduced to JSON and rebuilt (the outbox keeps it so, attachments
and HTML alternatives included), one-line subjects, and templated sending.

Every email leaves through the outbox (comptes/outbox.py, `OutboxEmailBackend`): pages never
wait for the SMTP server, and a message is kept until it is sent.
"""

import base64
import email

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, send_mail
from django.template.loader import render_to_string


def serialize_message(message) -> dict:
    """Reduce a message to JSON-friendly data: bodies, alternatives, headers, and attachments
    (their bytes in base64)."""
    alternatives = [
        [content, mimetype] for content, mimetype in getattr(message, "alternatives", [])
    ]
    attachments = []
    for attachment in message.attachments:
        if isinstance(attachment, email.message.Message):
            attachments.append({"mime": base64.b64encode(attachment.as_bytes()).decode()})
            continue
        filename, content, mimetype = attachment
        raw = content.encode() if isinstance(content, str) else content
        attachments.append(
            {
                "filename": filename,
                "content": base64.b64encode(raw).decode(),
                "mimetype": mimetype,
                "text": isinstance(content, str),
            }
        )
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
        "attachments": attachments,
    }


def deserialize_message(payload: dict) -> EmailMultiAlternatives:
    """The message that `serialize_message` reduced, ready to send."""
    message = EmailMultiAlternatives(
        subject=payload["subject"],
        body=payload["body"],
        from_email=payload["from_email"],
        to=payload["to"],
        cc=payload["cc"],
        bcc=payload["bcc"],
        reply_to=payload["reply_to"],
        headers=payload["headers"],
    )
    for content, mimetype in payload["alternatives"]:
        message.attach_alternative(content, mimetype)
    for attachment in payload.get("attachments", []):
        if "mime" in attachment:
            message.attach(email.message_from_bytes(base64.b64decode(attachment["mime"])))
            continue
        content = base64.b64decode(attachment["content"])
        if attachment["text"]:
            content = content.decode()
        message.attach(attachment["filename"], content, attachment["mimetype"])
    return message


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
