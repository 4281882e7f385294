"""What the catalyseurs are told without asking: the daily digest of their queue, and the
escalation of items waiting too long to the enclosing perimeter and staff."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from moderation.chiffres import perimetre_q
from moderation.models import Catalyseur, Soumission
from moderation.workflow import ESCALADE_APRES, member_emails, model_of

# Digest and escalation -----------------------------------------------------------------------


def _perimetre_of(catalyseur) -> models.Q:
    code = getattr(catalyseur, f"{catalyseur.niveau}_id", None)
    return perimetre_q(catalyseur.niveau, code)


def digest_send(*, catalyseur_id: int, now=None) -> int:
    """Email a catalyseur the items that entered their queue since the last digest (nothing
    when there are none); returns how many. Running it twice sends nothing the second time."""
    now = now or timezone.now()
    with transaction.atomic():
        catalyseur = (
            Catalyseur.objects.select_for_update()
            .select_related("user")
            .filter(pk=catalyseur_id, actif=True, user__is_active=True)
            .first()
        )
        if catalyseur is None:
            return 0
        since = catalyseur.digest_sent_at or catalyseur.appointed_at
        nouveaux = list(
            Soumission.objects.moderated_by(catalyseur.user)
            .filter(_perimetre_of(catalyseur), submitted_at__gt=since, submitted_at__lte=now)
            .order_by("submitted_at", "pk")
        )
        catalyseur.digest_sent_at = now
        catalyseur.save(update_fields=["digest_sent_at"])
        if not nouveaux:
            return 0
        body = render_to_string(
            "moderation/emails/recapitulatif.txt",
            {"catalyseur": catalyseur, "nouveaux": nouveaux, "site_url": settings.SITE_URL},
        )
        recipient = catalyseur.user.email
        subject = f"Modération : {len(nouveaux)} nouveau(x) contenu(s) à examiner"
        send_mail(subject, body, None, [recipient])
    return len(nouveaux)


def _escalation_recipients(soumission: Soumission) -> list[str]:
    """Staff, the national catalyseurs and those of the item's région (the perimeter that
    encloses its département and EPCI), minus the members of the item's organisations."""
    from django.contrib.auth import get_user_model

    wider = models.Q(niveau=Catalyseur.Niveau.NATIONAL)
    if not soumission.national and soumission.region_id:
        wider |= models.Q(niveau=Catalyseur.Niveau.REGION, region_id=soumission.region_id)
    emails = set(
        Catalyseur.objects.actifs()
        .filter(wider, user__is_active=True)
        .values_list("user__email", flat=True)
    )
    emails |= set(
        get_user_model()
        .objects.filter(is_staff=True, is_active=True)
        .values_list("email", flat=True)
    )
    item = model_of(soumission.nature).objects.filter(pk=soumission.object_id).first()
    if item is not None:
        emails -= set(member_emails(item))
    return sorted(emails)


def escalate_overdue(*, now=None) -> int:
    """Tell the enclosing perimeter and staff about items waiting for more than 7 days, once
    per wait (a new submission starts a new wait); returns how many items."""
    now = now or timezone.now()
    with transaction.atomic():
        overdue = list(
            Soumission.objects.select_for_update(skip_locked=True).filter(
                submitted_at__lt=now - ESCALADE_APRES, escalated_at__isnull=True
            )[:500]
        )
        if not overdue:
            return 0
        Soumission.objects.filter(pk__in=[s.pk for s in overdue]).update(escalated_at=now)
        per_recipient: dict[str, list[Soumission]] = {}
        for soumission in overdue:
            for email in _escalation_recipients(soumission):
                per_recipient.setdefault(email, []).append(soumission)
        for email, items in per_recipient.items():
            body = render_to_string(
                "moderation/emails/escalade.txt",
                {"items": items, "site_url": settings.SITE_URL, "now": now},
            )
            subject = f"Modération : {len(items)} contenu(s) en attente depuis plus de 7 jours"
            send_mail(subject, body, None, [email])
    return len(overdue)
