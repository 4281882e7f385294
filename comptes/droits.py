"""The account's rights (issue 18, DESIGN.md §5): a copy of everything the platform holds
about it, built by a task and emailed as a link valid seven days; the deletion of the account
by its owner. What each app holds is declared in comptes.donnees. The task is defined here,
beside what enqueues it (as the outbox's), and imported by tasks.py for the worker."""

import logging
import secrets
from datetime import timedelta

from allauth.account.models import EmailAddress
from celery import shared_task
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from comptes import donnees
from comptes.adapter import DOMAINE_COMPTES_SUPPRIMES
from comptes.email import send_templated
from comptes.models import Courriel, ExportDonnees, User

logger = logging.getLogger(__name__)

EXPORT_VALIDITE = timedelta(days=7)
# A second request within the hour gets the copy already asked for.
EXPORT_DELAI = timedelta(hours=1)
MAUVAIS_MOT_DE_PASSE = "Ce n'est pas votre mot de passe : le compte n'est pas supprimé."
ESSAIS_MAX, ESSAIS_FENETRE = 5, 15 * 60
TROP_D_ESSAIS = (
    "Trop d'essais de mot de passe : réessayez dans un quart d'heure, ou réinitialisez votre "
    "mot de passe."
)


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
    # A stolen session must not try passwords at will: a few a quarter of an hour.
    cle = f"suppression-essais:{user.pk}"
    cache.add(cle, 0, timeout=ESSAIS_FENETRE)
    try:
        essais = cache.incr(cle)
    except ValueError:  # the cache lost the key in between
        essais = 1
    if essais > ESSAIS_MAX:
        raise ValidationError(TROP_D_ESSAIS, code="essais")
    if not user.check_password(password):
        raise ValidationError(MAUVAIS_MOT_DE_PASSE, code="mot_de_passe")
    return account_anonymise(user=user)


@transaction.atomic
def account_anonymise(*, user: User) -> User:
    """Erase the account's personal data (each app its part, comptes.donnees), keeping the row
    so that what others received still reads « compte supprimé ». Used by the owner's
    deletion and by the retention of inactive accounts."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.supprime_le is not None:
        return user
    ancienne_adresse = user.email
    donnees.erase_for(user)
    EmailAddress.objects.filter(user=user).delete()
    ExportDonnees.objects.filter(user=user).delete()
    # The outbox keeps whole messages: none to this address stays.
    Courriel.objects.filter(destinataires__icontains=ancienne_adresse).delete()
    user.email = f"compte-{user.pk}-{secrets.token_hex(4)}@{DOMAINE_COMPTES_SUPPRIMES}"
    user.first_name = user.last_name = ""
    user.set_unusable_password()
    user.is_active = user.is_staff = user.is_superuser = False
    user.supprime_le = timezone.now()
    user.save()
    return user


# Retention (settings.CONSERVATION) -------------------------------------------------------------


def _jamais_confirmes(now):
    """Sign-ups whose address is still unconfirmed (an account made in the admin, with no
    address row at all, is not one)."""
    adresses = EmailAddress.objects.filter(user=OuterRef("pk"))
    return User.objects.filter(
        Exists(adresses.filter(verified=False)),
        supprime_le__isnull=True,
        is_staff=False,
        is_demo=False,
        last_login__isnull=True,
        date_joined__lt=now - donnees.duree("comptes_non_confirmes"),
    ).exclude(Exists(adresses.filter(verified=True)))


def _anonymise_each(users, compte: str) -> int:
    """One transaction per account: one that fails is logged and skipped, the job goes on."""
    n = 0
    for user in users:
        try:
            account_anonymise(user=user)
        except Exception:
            logger.exception("Conservation : %s %s non anonymisé", compte, user.pk)
        else:
            n += 1
    return n


def _inactifs(now):
    """Accounts nobody has logged in to (or, never logged in, created) for the period."""
    limite = now - donnees.duree("comptes_inactifs")
    return User.objects.filter(supprime_le__isnull=True, is_staff=False, is_demo=False).filter(
        Q(last_login__lt=limite) | Q(last_login__isnull=True, date_joined__lt=limite)
    )


def comptes_purge(now) -> dict[str, int]:
    """Unconfirmed accounts go after 30 days; inactive ones are warned 30 days before their
    three years, then anonymised; delivered emails are removed from the outbox."""
    supprimes = _anonymise_each(list(_jamais_confirmes(now)), "compte non confirmé")
    # Whoever came back after the warning is warned again next time, if ever.
    User.objects.filter(
        inactivite_avertie_le__isnull=False, last_login__gt=F("inactivite_avertie_le")
    ).update(inactivite_avertie_le=None)
    avance = donnees.duree("avertissement_inactivite")
    avertis = 0
    for user in _inactifs(now + avance).filter(inactivite_avertie_le__isnull=True).iterator():
        with transaction.atomic():
            # Only the run whose update marks the account sends the warning.
            if User.objects.filter(pk=user.pk, inactivite_avertie_le__isnull=True).update(
                inactivite_avertie_le=now
            ):
                send_templated(
                    "Votre compte Alliances ODD 17 sera anonymisé dans un mois",
                    "comptes/emails/inactivite.txt",
                    {"user": user, "le": now + avance},
                    [user.email],
                )
                avertis += 1
    anonymises = _anonymise_each(
        list(_inactifs(now).filter(inactivite_avertie_le__lte=now - avance)), "compte inactif"
    )
    # Delivered emails, and those given up on (they keep the whole message too).
    courriels, _ = (
        Courriel.objects.exclude(etat=Courriel.Etat.EN_ATTENTE)
        .filter(created_at__lt=now - donnees.duree("courriels_envoyes"))
        .delete()
    )
    copies, _ = ExportDonnees.objects.filter(expire_le__lt=now).delete()
    return {
        "comptes_non_confirmes": supprimes,
        "comptes_avertis": avertis,
        "comptes_inactifs_anonymises": anonymises,
        "courriels_envoyes_effaces": courriels,
        "copies_de_donnees_expirees": copies,
    }


@shared_task
def donnees_purge_task() -> dict[str, int]:
    """Daily: every app's retention job (comptes.donnees)."""
    return donnees.purge_all()
