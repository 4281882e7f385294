"""Writes on organisations, their members, invitations and join requests. Every service checks
its own permission, so a view that forgets to check cannot let a forbidden write through."""

from collections import defaultdict
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.postgres.search import SearchVector
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, models, transaction
from django.db.models import Case, Value, When
from django.urls import reverse
from django.utils import timezone

from comptes.email import send_templated
from moderation import workflow
from moderation.models import Statut
from moderation.workflow import changed_fields, resubmit_after_edit
from nomenclatures.models import ODD, Domaine, domaine_labels
from organisations.models import DemandeAdhesion, Invitation, Membre, Organisation
from organisations.permissions import can_edit_organisation, can_manage_members, membership
from recherche.texte import SEARCH_CONFIG, unique_slug
from territoires.models import EPCI, Commune

User = get_user_model()


INVITATION_SALT = "alliances.invitation"


DERNIER_ADMIN = "Une organisation garde toujours au moins un administrateur."


# The platform sends these emails in an organisation's name: cap them so that nobody can use
# it to mail strangers in bulk.
INVITATIONS_PAR_JOUR = 20

# What other apps do when an organisation registers or changes, declared from their
# AppConfig.ready() (organisations imports none of them): alliances attach the alliances its
# creator was invited to, offres reindex their search text when it is renamed.
_AFTER_CREATE: list[Callable[..., None]] = []
_AFTER_UPDATE: list[Callable[..., None]] = []


def after_organisation_create(callback: Callable[..., None]) -> None:
    """`callback(by=, organisation=)` runs in the transaction that registers an organisation."""
    if callback not in _AFTER_CREATE:
        _AFTER_CREATE.append(callback)


def after_organisation_update(callback: Callable[..., None]) -> None:
    """`callback(organisation=, changed=)` runs in the transaction that saves an edit;
    `changed` holds the column names (`nom`, `siege_id`…) of the public fields that changed."""
    if callback not in _AFTER_UPDATE:
        _AFTER_UPDATE.append(callback)


# Rows read and rewritten at a time when the search text is recomputed.
REINDEX_BATCH = 1000


def organisations_refresh_search(organisation_ids) -> None:
    """Recompute what the search reads for these organisations, on both databases: `recherche`
    and `nom_recherche` and, on PostgreSQL, the vectors (name A, type and domaines B,
    description C). Call it after every write that changes them."""
    organisation_ids = list(organisation_ids)
    for start in range(0, len(organisation_ids), REINDEX_BATCH):
        batch = organisation_ids[start : start + REINDEX_BATCH]
        domaines = defaultdict(list)
        for organisation_id, nom in Organisation.domaines.through.objects.filter(
            organisation__in=batch
        ).values_list("organisation_id", "domaine__nom"):
            domaines[organisation_id].append(nom)
        organisations = list(
            Organisation.objects.filter(pk__in=batch).only("nom", "kind", "description")
        )
        for organisation in organisations:
            organisation.refresh_recherche(domaines[organisation.pk])
        Organisation.objects.bulk_update(organisations, ["recherche", "nom_recherche"])
    organisations_refresh_search_vectors(organisation_ids)


def _organisation_reindex(organisation: Organisation) -> None:
    """After a write: its search texts, read back so that a later save() keeps them."""
    organisations_refresh_search([organisation.pk])
    organisation.refresh_from_db(fields=["recherche", "nom_recherche", "search_vector"])


def organisations_refresh_search_vectors(organisation_ids) -> None:
    """The PostgreSQL part of organisations_refresh_search, in one UPDATE; bench_generate
    calls it alone, having written the texts."""
    if connection.vendor != "postgresql":
        return
    kind = Case(
        *(When(kind=value, then=Value(label)) for value, label in Organisation.Kind.choices),
        output_field=models.TextField(),
    )
    Organisation.objects.filter(pk__in=organisation_ids).update(
        search_vector=SearchVector("nom", weight="A", config=SEARCH_CONFIG)
        + SearchVector(kind, weight="B", config=SEARCH_CONFIG)
        + SearchVector(domaine_labels(Organisation), weight="B", config=SEARCH_CONFIG)
        + SearchVector("description", weight="C", config=SEARCH_CONFIG)
    )


def _link_territory(organisation: Organisation) -> None:
    """A collectivité's SIREN names the commune or EPCI it governs, when the referential has it.
    Any other kind of organisation governs no territory."""
    if organisation.kind != Organisation.Kind.COLLECTIVITE:
        organisation.territoire_commune = organisation.territoire_epci = None
        organisation.territoire_departement = organisation.territoire_region = None
        return
    if not organisation.siren:
        return
    commune = Commune.objects.filter(siren=organisation.siren).first()
    epci = None if commune else EPCI.objects.filter(siren=organisation.siren).first()
    if commune or epci:
        organisation.territoire_commune = commune
        organisation.territoire_epci = epci
        organisation.territoire_departement = None
        organisation.territoire_region = None


@transaction.atomic
def organisation_create(
    *, by: User, organisation: Organisation, domaines: list[Domaine], odd: list[ODD]
) -> Organisation:
    """Register an organisation: its creator becomes its first admin, staff are told, and it
    waits for moderation before it appears publicly."""
    organisation.slug = unique_slug(Organisation, organisation.nom)
    organisation.statut = Statut.BROUILLON
    _link_territory(organisation)
    organisation.save()
    organisation.domaines.set(domaines)
    organisation.odd.set(odd)
    Membre.objects.create(user=by, organisation=organisation, role=Membre.Role.ADMIN)
    workflow.submit(organisation, by=by)
    _organisation_reindex(organisation)
    for callback in _AFTER_CREATE:
        callback(by=by, organisation=organisation)
    staff = list(User.objects.filter(is_staff=True, is_active=True).values_list("email", flat=True))
    send_templated(
        f"Nouvelle organisation à modérer : {organisation.nom}",
        "organisations/emails/organisation_a_moderer.txt",
        {"organisation": organisation, "by": by},
        staff,
    )
    return organisation


@transaction.atomic
def organisation_update(
    *, by: User, organisation: Organisation, domaines: list[Domaine], odd: list[ODD]
) -> Organisation:
    """Save an admin's edits. A published organisation whose identity or text changes goes back
    to moderation, so that a reviewed fiche cannot be turned into another one."""
    if not can_edit_organisation(by, organisation):
        raise PermissionDenied
    changed = changed_fields(organisation, workflow.moderated_fields(Organisation))
    _link_territory(organisation)
    organisation.save()
    organisation.domaines.set(domaines)
    organisation.odd.set(odd)
    resubmit_after_edit(organisation, by=by, changed=bool(changed))
    _organisation_reindex(organisation)
    for callback in _AFTER_UPDATE:
        callback(organisation=organisation, changed=changed)
    return organisation


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps(invitation.pk, salt=INVITATION_SALT)


@transaction.atomic
def invitation_create(*, by: User, organisation: Organisation, email: str, role: str) -> Invitation:
    """Invite someone by email, with or without an account: the link works once, 14 days."""
    if not can_manage_members(by, organisation):
        raise PermissionDenied
    email = User.objects.normalize_email(email).lower()
    # One invitation at a time per organisation: two admins (or one double click) cannot both
    # pass the daily limit or invite the same address twice.
    _lock(organisation.pk)
    now = timezone.now()
    recent = organisation.invitations.filter(created_at__gte=now - timedelta(days=1))
    if recent.count() >= INVITATIONS_PAR_JOUR:
        raise ValidationError(
            f"Votre organisation a déjà envoyé {INVITATIONS_PAR_JOUR} invitations aujourd'hui : "
            "réessayez demain.",
            code="trop_d_invitations",
        )
    if organisation.membres.filter(user__email__iexact=email).exists():
        raise ValidationError(f"{email} est déjà membre de {organisation.nom}.", code="deja_membre")
    pending = organisation.invitations.filter(
        email__iexact=email,
        accepted_at__isnull=True,
        created_at__gte=now - timedelta(days=settings.INVITATION_MAX_AGE_DAYS),
    ).first()
    if pending:
        sent = timezone.localtime(pending.created_at)
        raise ValidationError(
            f"{email} a déjà reçu une invitation le {sent:%d/%m/%Y} : elle attend sa réponse. "
            "Annulez-la pour en envoyer une nouvelle.",
            code="deja_invitee",
        )
    invitation = Invitation.objects.create(
        organisation=organisation, email=email, role=role, invited_by=by
    )
    link = settings.SITE_URL + reverse(
        "organisations:invitation_accept", kwargs={"token": invitation_token(invitation)}
    )
    send_templated(
        f"Invitation à rejoindre {organisation.nom} sur Alliances ODD 17",
        "organisations/emails/invitation.txt",
        {
            "invitation": invitation,
            "link": link,
            "by": by,
            "max_age_days": settings.INVITATION_MAX_AGE_DAYS,
        },
        [email],
    )
    return invitation


def invitation_from_token(token: str) -> Invitation:
    """The invitation a link points to; ValidationError when the link is expired or used."""
    try:
        pk = signing.loads(
            token,
            salt=INVITATION_SALT,
            max_age=timedelta(days=settings.INVITATION_MAX_AGE_DAYS),
        )
    except signing.SignatureExpired:
        raise ValidationError(
            "Ce lien d'invitation a expiré : demandez à l'organisation de vous réinviter.",
            code="expiree",
        ) from None
    except signing.BadSignature:
        raise ValidationError("Ce lien d'invitation n'est pas valide.", code="invalide") from None
    invitation = Invitation.objects.select_related("organisation").filter(pk=pk).first()
    if invitation is None:
        raise ValidationError("Cette invitation a été annulée.", code="annulee")
    # The invitation itself expires too, not only the link: the espace pro signs fresh links.
    if invitation.created_at < timezone.now() - timedelta(days=settings.INVITATION_MAX_AGE_DAYS):
        raise ValidationError(
            "Cette invitation a expiré : demandez à l'organisation de vous réinviter.",
            code="expiree",
        )
    if invitation.accepted_at:
        raise ValidationError("Cette invitation a déjà été utilisée.", code="utilisee")
    return invitation


@transaction.atomic
def invitation_accept(*, by: User, token: str) -> Membre:
    invitation = invitation_from_token(token)
    if by.email.lower() != invitation.email.lower():
        raise ValidationError(
            f"Cette invitation a été envoyée à {invitation.email} : connectez-vous avec cette "
            "adresse pour l'accepter.",
            code="autre_adresse",
        )
    # Lock the row: two clicks on the same link must not both succeed, nor an acceptance and
    # a revocation at once (invitation_revoke takes the same lock).
    invitation = Invitation.objects.select_for_update().filter(pk=invitation.pk).first()
    if invitation is None:
        raise ValidationError("Cette invitation a été annulée.", code="annulee")
    if invitation.accepted_at:
        raise ValidationError("Cette invitation a déjà été utilisée.", code="utilisee")
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = by
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    member, created = Membre.objects.get_or_create(
        user=by, organisation=invitation.organisation, defaults={"role": invitation.role}
    )
    if not created and invitation.role == Membre.Role.ADMIN and not member.is_admin:
        # An UPDATE, not save(): a member removed meanwhile is not an error.
        Membre.objects.filter(pk=member.pk).update(role=Membre.Role.ADMIN)
        member.role = Membre.Role.ADMIN
    return member


@transaction.atomic
def invitation_revoke(*, by: User, invitation: Invitation) -> None:
    if not can_manage_members(by, invitation.organisation):
        raise PermissionDenied
    invitation = Invitation.objects.select_for_update().filter(pk=invitation.pk).first()
    if invitation is None:
        return  # revoked already (two clicks): nothing left to do
    if invitation.accepted_at:
        raise ValidationError("Cette invitation a déjà été acceptée.", code="utilisee")
    invitation.delete()


@transaction.atomic
def demande_adhesion_create(
    *, by: User, organisation: Organisation, message: str = ""
) -> DemandeAdhesion:
    """Ask to join an organisation; its admins are emailed and decide in the espace pro."""
    _lock(organisation.pk)
    if membership(by, organisation):
        raise ValidationError(f"Vous êtes déjà membre de {organisation.nom}.", code="deja_membre")
    if organisation.demandes_adhesion.filter(
        user=by, etat=DemandeAdhesion.Etat.EN_ATTENTE
    ).exists():
        raise ValidationError(
            f"Votre demande pour rejoindre {organisation.nom} attend déjà une réponse.",
            code="deja_demandee",
        )
    demande = DemandeAdhesion.objects.create(user=by, organisation=organisation, message=message)
    admins = list(
        organisation.membres.filter(role=Membre.Role.ADMIN).values_list("user__email", flat=True)
    )
    send_templated(
        f"{by.email} demande à rejoindre {organisation.nom}",
        "organisations/emails/demande_adhesion.txt",
        {"demande": demande},
        admins,
    )
    return demande


@transaction.atomic
def demande_adhesion_decide(*, by: User, demande: DemandeAdhesion, accept: bool) -> DemandeAdhesion:
    if not can_manage_members(by, demande.organisation):
        raise PermissionDenied
    # Two admins answering at once (or a double click): the second sees the first's answer.
    demande = (
        DemandeAdhesion.objects.select_for_update(of=("self",))
        .select_related("user", "organisation")
        .get(pk=demande.pk)
    )
    if demande.etat != DemandeAdhesion.Etat.EN_ATTENTE:
        raise ValidationError("Cette demande a déjà reçu une réponse.", code="deja_decidee")
    demande.etat = DemandeAdhesion.Etat.ACCEPTEE if accept else DemandeAdhesion.Etat.REFUSEE
    demande.decided_by = by
    demande.decided_at = timezone.now()
    demande.save(update_fields=["etat", "decided_by", "decided_at"])
    if accept:
        Membre.objects.get_or_create(
            user=demande.user,
            organisation=demande.organisation,
            defaults={"role": Membre.Role.MEMBRE},
        )
    send_templated(
        f"Votre demande pour rejoindre {demande.organisation.nom}",
        "organisations/emails/demande_adhesion_reponse.txt",
        {"demande": demande},
        [demande.user.email],
    )
    return demande


def _lock(organisation_id: int) -> None:
    """Lock the organisation's row until the transaction ends: the checks that follow (limits,
    duplicates, last admin) and the write they allow are served one request at a time."""
    Organisation.objects.select_for_update().filter(pk=organisation_id).first()


def _other_admins_exist(member: Membre) -> bool:
    """Whether the organisation keeps an admin without this member.

    Locks the organisation's row first, so that two admins demoting or removing each other at
    the same moment are served one after the other and cannot both succeed.
    """
    _lock(member.organisation_id)
    return (
        Membre.objects.filter(organisation=member.organisation_id, role=Membre.Role.ADMIN)
        .exclude(pk=member.pk)
        .exists()
    )


def _read_again_locked(membre: Membre) -> Membre | None:
    """The membership as it is now, read under the organisation's lock (the one that
    _other_admins_exist takes): its role may have changed, or it may be gone, since the page
    that sent the request was read."""
    _lock(membre.organisation_id)
    return Membre.objects.select_related("organisation").filter(pk=membre.pk).first()


@transaction.atomic
def membre_change_role(*, by: User, membre: Membre, role: str) -> Membre:
    if not can_manage_members(by, membre.organisation):
        raise PermissionDenied
    membre = _read_again_locked(membre)
    if membre is None:
        raise ValidationError("Cette personne a quitté l'organisation.", code="parti")
    if membre.is_admin and role != Membre.Role.ADMIN and not _other_admins_exist(membre):
        raise ValidationError(DERNIER_ADMIN, code="dernier_admin")
    membre.role = role
    membre.save(update_fields=["role"])
    return membre


@transaction.atomic
def membre_remove(*, by: User, membre: Membre) -> None:
    """An admin removes a member, or a member leaves; the last admin can do neither."""
    leaving = membre.user_id == by.pk
    if not leaving and not can_manage_members(by, membre.organisation):
        raise PermissionDenied
    membre = _read_again_locked(membre)
    if membre is None:
        return  # removed already (two clicks): nothing left to do
    if membre.is_admin and not _other_admins_exist(membre):
        raise ValidationError(DERNIER_ADMIN, code="dernier_admin")
    membre.delete()


def admin_emails(organisation: Organisation) -> list[str]:
    return list(
        organisation.membres.filter(role=Membre.Role.ADMIN).values_list("user__email", flat=True)
    )
