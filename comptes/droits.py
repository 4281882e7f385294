"""The account's rights (issue 18, DESIGN.md §5): a copy of everything the platform holds
about it, built by a task and emailed as a link valid seven days; the deletion of the account
by its owner. What each app holds is declared in comptes.donnees. The task is defined here,
beside what enqueues it (as the outbox's), and imported by tasks.py for the worker."""

import logging
import secrets
from datetime import timedelta

from allauth.account.models import EmailAddress
from celery import shared_task
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from comptes import donnees
from comptes.email import send_templated
from comptes.models import Courriel, ExportDonnees, User

logger = logging.getLogger(__name__)

EXPORT_VALIDITE = timedelta(days=7)
# A second request within the hour gets the copy already asked for.
EXPORT_DELAI = timedelta(hours=1)
MAUVAIS_MOT_DE_PASSE = "Ce n'est pas votre mot de passe : le compte n'est pas supprimé."


@transaction.atomic
def donnees_export_request(*, by: User) -> ExportDonnees:
    """Ask for a copy of the account's data; a worker builds it and emails the link."""
    User.objects.select_for_update().filter(pk=by.pk).first()
    now = timezone.now()
    recent = ExportDonnees.objects.filter(user=by, created_at__gte=now - EXPORT_DELAI).first()
    if recent is not None:
        return recent
    export = ExportDonnees.objects.create(
        user=by, jeton=secrets.token_urlsafe(32), expire_le=now + EXPORT_VALIDITE
    )
    transaction.on_commit(lambda: _ask_build(export.pk))
    return export


def _ask_build(export_id: int) -> None:
    try:
        donnees_export_build_task.delay(export_id)
    except Exception as error:  # the broker can't be reached: build it here, it is small
        logger.warning("Export de données construit sans worker : %s", error)
        donnees_export_build(export_id=export_id)


@shared_task
def donnees_export_build_task(export_id: int) -> bool:
    """Build the copy of an account's data and email its link; a second run does nothing."""
    return donnees_export_build(export_id=export_id) is not None


@transaction.atomic
def donnees_export_build(*, export_id: int) -> ExportDonnees | None:
    """Fill the copy and email its link (through the outbox); once, whoever runs it."""
    export = ExportDonnees.objects.select_for_update().filter(pk=export_id).first()
    if export is None or export.pret_le is not None:
        return export
    export.contenu = donnees.export_for(export.user)
    export.pret_le = timezone.now()
    export.save(update_fields=["contenu", "pret_le"])
    send_templated(
        "Vos données sur la plateforme Alliances ODD 17",
        "comptes/emails/donnees_pretes.txt",
        {"export": export},
        [export.user.email],
    )
    return export


@transaction.atomic
def account_delete(*, user: User, password: str) -> User:
    """The owner deletes their account, confirmed by their password. Each app erases or
    anonymises its part (an organisation left without admin goes to another member, or staff
    are told); the account row stays, anonymised, so that what others received reads
    « compte supprimé »; its sessions end with its password."""
    if not user.check_password(password):
        raise ValidationError(MAUVAIS_MOT_DE_PASSE, code="mot_de_passe")
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.supprime_le is not None:
        return user
    ancienne_adresse = user.email
    donnees.erase_for(user)
    EmailAddress.objects.filter(user=user).delete()
    ExportDonnees.objects.filter(user=user).delete()
    Courriel.objects.filter(destinataires=ancienne_adresse, etat=Courriel.Etat.EN_ATTENTE).delete()
    user.email = f"compte-{user.pk}@compte-supprime.invalid"
    user.first_name = user.last_name = ""
    user.set_unusable_password()
    user.is_active = user.is_staff = user.is_superuser = False
    user.supprime_le = timezone.now()
    user.save()
    return user
