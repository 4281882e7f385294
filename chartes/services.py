"""Writes of the Charte du faire alliance: an organisation signs the version in force, staff
publish a new version (which asks every signatory to sign again)."""

from collections import defaultdict

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from chartes.models import Charte, SignatureCharte
from comptes.email import send_templated
from organisations.models import Membre, Organisation
from organisations.permissions import is_admin

PAS_DE_CHARTE = "La charte n'est pas encore publiée : il n'y a rien à signer pour l'instant."


def _lock_published() -> Charte | None:
    """Lock the published versions (a handful of rows), then read the one in force: a signature
    and a publication never interleave, so nobody signs a version that a new one has just
    replaced. The read comes after the lock, so it sees a publication that committed meanwhile."""
    list(Charte.objects.publiees().select_for_update().values_list("pk", flat=True))
    return Charte.objects.en_vigueur()


@transaction.atomic
def charte_sign(*, by, organisation: Organisation) -> SignatureCharte:
    """One of the organisation's admins signs the version in force in its name; signing it
    again keeps the first signature."""
    if not is_admin(by, organisation):
        raise PermissionDenied("Seul un administrateur de l'organisation signe la charte.")
    charte = _lock_published()
    if charte is None:
        raise ValidationError(PAS_DE_CHARTE)
    signature, _ = SignatureCharte.objects.get_or_create(
        organisation=organisation,
        charte=charte,
        defaults={"signee_par": by, "signataire": by.get_full_name() or by.email},
    )
    Organisation.objects.filter(pk=organisation.pk).update(charte_signee_le=signature.signee_le)
    organisation.charte_signee_le = signature.signee_le
    return signature


@transaction.atomic
def charte_draft(*, texte: str, resume: str = "") -> Charte:
    """A new version, unpublished, numbered after every other one."""
    derniere = Charte.objects.select_for_update().aggregate(n=Max("version"))["n"] or 0
    return Charte.objects.create(version=derniere + 1, texte=texte, resume=resume)


@transaction.atomic
def charte_publish(charte: Charte) -> Charte:
    """Put a draft in force: its text is frozen, every organisation loses its badge until one of
    its admins signs the new version, and those admins are told so (through the outbox)."""
    precedente = _lock_published()
    charte = Charte.objects.select_for_update().get(pk=charte.pk)
    if charte.publiee_le is not None:
        raise ValidationError("Cette version est déjà publiée.")
    if precedente is not None and precedente.version > charte.version:
        raise ValidationError(
            f"La version {precedente.version} est déjà en vigueur : rédigez une nouvelle version."
        )
    charte.publiee_le = timezone.now()
    charte.save(update_fields=["publiee_le"])
    signataires = Organisation.objects.filter(charte_signee_le__isnull=False)
    _ask_to_sign_again(charte, signataires)
    signataires.update(charte_signee_le=None)
    return charte


def _ask_to_sign_again(charte: Charte, signataires) -> None:
    """One email per admin, naming the organisations they may sign for again."""
    par_admin: dict[str, list[str]] = defaultdict(list)
    admins = (
        Membre.objects.filter(
            role=Membre.Role.ADMIN, organisation__in=signataires, user__is_active=True
        )
        .values_list("user__email", "organisation__nom")
        .order_by("user__email", "organisation__nom")
    )
    for email, nom in admins:
        par_admin[email].append(nom)
    for email, noms in par_admin.items():
        send_templated(
            f"La Charte du faire alliance change : version {charte.version}",
            "chartes/emails/nouvelle_version.txt",
            {"charte": charte, "organisations": noms},
            [email],
        )
