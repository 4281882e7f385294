"""Writes on organisations, their members and their alliances. Every service checks its own
permission, so a view that forgets to check cannot let a forbidden write through."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import SearchVector
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import connection, models, transaction
from django.db.models import Case, OuterRef, Subquery, Value, When
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from alliances.models import (
    ODD,
    SEARCH_CONFIG,
    Alliance,
    DemandeAdhesion,
    Domaine,
    Invitation,
    InvitationPartenaire,
    Membre,
    Organisation,
    Participation,
    Statut,
)
from alliances.permissions import (
    can_edit_alliance,
    can_edit_organisation,
    can_manage_members,
    is_member,
    membership,
)
from territoires.models import EPCI, Commune

User = get_user_model()

INVITATION_SALT = "alliances.invitation"
DERNIER_ADMIN = "Une organisation garde toujours au moins un administrateur."
# The platform sends these emails in an organisation's name: cap them so that nobody can use
# it to mail strangers in bulk.
INVITATIONS_PAR_JOUR = 20


def _send(subject: str, template: str, context: dict, recipients: list[str]) -> None:
    if recipients:
        body = render_to_string(template, {**context, "site_url": settings.SITE_URL})
        send_mail(subject, body, None, recipients)


def _unique_slug(model: type[models.Model], text: str) -> str:
    base = slugify(text)[:200] or model._meta.model_name
    slug, suffix = base, 2
    while model.objects.filter(slug=slug).exists():
        slug, suffix = f"{base}-{suffix}", suffix + 1
    return slug


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
    organisation.slug = _unique_slug(Organisation, organisation.nom)
    organisation.statut = organisation._meta.get_field("statut").default
    organisation.refresh_recherche()
    _link_territory(organisation)
    organisation.save()
    organisation.domaines.set(domaines)
    organisation.odd.set(odd)
    Membre.objects.create(user=by, organisation=organisation, role=Membre.Role.ADMIN)
    _attach_invited_partner(by=by, organisation=organisation)
    staff = list(User.objects.filter(is_staff=True, is_active=True).values_list("email", flat=True))
    _send(
        f"Nouvelle organisation à modérer : {organisation.nom}",
        "alliances/emails/organisation_a_moderer.txt",
        {"organisation": organisation, "by": by},
        staff,
    )
    return organisation


def _changed_fields(instance: models.Model, fields: set[str]) -> set[str]:
    """Which of these fields differ from the row in the database (computed here rather than
    trusted from the caller, since moderation depends on it)."""
    stored = type(instance).objects.filter(pk=instance.pk).values(*fields).first() or {}
    return {name for name in fields if stored.get(name) != getattr(instance, name)}


# Changing these makes a published organisation wait for moderation again: they are what the
# public reads and what identifies the structure.
ORGANISATION_MODERATED_FIELDS = {
    "kind",
    "nom",
    "description",
    "site_web",
    "siren",
    "siret",
    "rna",
    "territoire_departement_id",
    "territoire_region_id",
}


@transaction.atomic
def organisation_update(
    *, by: User, organisation: Organisation, domaines: list[Domaine], odd: list[ODD]
) -> Organisation:
    """Save an admin's edits. A published organisation whose identity or text changes goes back
    to moderation, so that a reviewed fiche cannot be turned into another one."""
    if not can_edit_organisation(by, organisation):
        raise PermissionDenied
    changed = _changed_fields(organisation, ORGANISATION_MODERATED_FIELDS)
    if organisation.statut == Statut.PUBLIEE and changed and not by.is_staff:
        organisation.statut = Statut.EN_ATTENTE
    organisation.refresh_recherche()
    _link_territory(organisation)
    organisation.save()
    organisation.domaines.set(domaines)
    organisation.odd.set(odd)
    return organisation


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps(invitation.pk, salt=INVITATION_SALT)


@transaction.atomic
def invitation_create(*, by: User, organisation: Organisation, email: str, role: str) -> Invitation:
    """Invite someone by email, with or without an account: the link works once, 14 days."""
    if not can_manage_members(by, organisation):
        raise PermissionDenied
    email = User.objects.normalize_email(email).lower()
    recent = organisation.invitations.filter(created_at__gte=timezone.now() - timedelta(days=1))
    if recent.count() >= INVITATIONS_PAR_JOUR:
        raise ValidationError(
            f"Votre organisation a déjà envoyé {INVITATIONS_PAR_JOUR} invitations aujourd'hui : "
            "réessayez demain.",
            code="trop_d_invitations",
        )
    if organisation.membres.filter(user__email__iexact=email).exists():
        raise ValidationError(f"{email} est déjà membre de {organisation.nom}.", code="deja_membre")
    invitation = Invitation.objects.create(
        organisation=organisation, email=email, role=role, invited_by=by
    )
    link = settings.SITE_URL + reverse(
        "alliances:invitation_accept", kwargs={"token": invitation_token(invitation)}
    )
    _send(
        f"Invitation à rejoindre {organisation.nom} sur Alliances ODD 17",
        "alliances/emails/invitation.txt",
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
    # Lock the row: two clicks on the same link must not both succeed.
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at:
        raise ValidationError("Cette invitation a déjà été utilisée.", code="utilisee")
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = by
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    member, created = Membre.objects.get_or_create(
        user=by, organisation=invitation.organisation, defaults={"role": invitation.role}
    )
    if not created and invitation.role == Membre.Role.ADMIN and not member.is_admin:
        member.role = Membre.Role.ADMIN
        member.save(update_fields=["role"])
    return member


@transaction.atomic
def invitation_revoke(*, by: User, invitation: Invitation) -> None:
    if not can_manage_members(by, invitation.organisation):
        raise PermissionDenied
    if invitation.accepted_at:
        raise ValidationError("Cette invitation a déjà été acceptée.", code="utilisee")
    invitation.delete()


@transaction.atomic
def demande_adhesion_create(
    *, by: User, organisation: Organisation, message: str = ""
) -> DemandeAdhesion:
    """Ask to join an organisation; its admins are emailed and decide in the espace pro."""
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
    _send(
        f"{by.email} demande à rejoindre {organisation.nom}",
        "alliances/emails/demande_adhesion.txt",
        {"demande": demande},
        admins,
    )
    return demande


@transaction.atomic
def demande_adhesion_decide(*, by: User, demande: DemandeAdhesion, accept: bool) -> DemandeAdhesion:
    if not can_manage_members(by, demande.organisation):
        raise PermissionDenied
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
    _send(
        f"Votre demande pour rejoindre {demande.organisation.nom}",
        "alliances/emails/demande_adhesion_reponse.txt",
        {"demande": demande},
        [demande.user.email],
    )
    return demande


def _other_admins_exist(member: Membre) -> bool:
    """Whether the organisation keeps an admin without this member.

    Locks the organisation's row first, so that two admins demoting or removing each other at
    the same moment are served one after the other and cannot both succeed.
    """
    Organisation.objects.select_for_update().filter(pk=member.organisation_id).first()
    return (
        Membre.objects.filter(organisation=member.organisation_id, role=Membre.Role.ADMIN)
        .exclude(pk=member.pk)
        .exists()
    )


@transaction.atomic
def membre_change_role(*, by: User, membre: Membre, role: str) -> Membre:
    if not can_manage_members(by, membre.organisation):
        raise PermissionDenied
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
    if membre.is_admin and not _other_admins_exist(membre):
        raise ValidationError(DERNIER_ADMIN, code="dernier_admin")
    membre.delete()


# Alliances

# Editing these fields of a published alliance sends it back to moderation.
ALLIANCE_TEXT_FIELDS = {"titre", "description", "resultats"}


def _admin_emails(organisation: Organisation) -> list[str]:
    return list(
        organisation.membres.filter(role=Membre.Role.ADMIN).values_list("user__email", flat=True)
    )


def alliances_refresh_search(alliance_ids) -> None:
    """Recompute the PostgreSQL search vectors of these alliances (title A, the names of the
    partners that confirmed B, description C). Nothing to do on SQLite."""
    if connection.vendor != "postgresql":
        return
    partenaires = (
        Participation.objects.filter(alliance=OuterRef("pk"), etat=Participation.Etat.CONFIRMEE)
        .values("alliance")
        .annotate(
            noms=StringAgg("organisation__nom", delimiter=" ", output_field=models.TextField())
        )
        .values("noms")
    )
    # The typologie's French label is searchable too: "coopération économique" finds them all.
    typologie = Case(
        *(When(typologie=value, then=Value(label)) for value, label in Alliance.Typologie.choices),
        output_field=models.TextField(),
    )
    Alliance.objects.filter(pk__in=alliance_ids).update(
        search_vector=SearchVector("titre", weight="A", config=SEARCH_CONFIG)
        + SearchVector(typologie, weight="B", config=SEARCH_CONFIG)
        # SearchVector turns a missing value (no partner yet) into an empty string itself.
        + SearchVector(
            Subquery(partenaires, output_field=models.TextField()),
            weight="B",
            config=SEARCH_CONFIG,
        )
        + SearchVector("description", weight="C", config=SEARCH_CONFIG)
    )


@transaction.atomic
def alliance_declare(
    *,
    by: User,
    porteur: Organisation,
    alliance: Alliance,
    partenaires: list[Organisation],
    domaines: list[Domaine],
    odd: list[ODD],
    contribution: str = "",
    invites: list[str] | None = None,
) -> Alliance:
    """Declare an alliance on behalf of one's organisation.

    The declaring organisation's part is confirmed at once; each partner's part waits for one of
    its admins, who is emailed. The alliance itself waits for moderation.
    """
    if not (by.is_staff or is_member(by, porteur)):
        raise PermissionDenied
    if not porteur.is_published:
        raise ValidationError(
            f"{porteur.nom} doit être validée par la modération avant de déclarer des alliances.",
            code="porteur_non_publie",
        )
    partenaires = list({p.pk: p for p in partenaires if p.pk != porteur.pk}.values())
    invites = sorted({email.strip().lower() for email in invites or [] if email.strip()})
    if not partenaires and not invites:
        raise ValidationError(
            "Une alliance réunit au moins deux organisations : ajoutez au moins un partenaire "
            "(publié sur la plateforme, ou invité par courriel).",
            code="un_seul_partenaire",
        )
    absents = [p.nom for p in partenaires if not p.is_published]
    if absents:
        raise ValidationError(
            "Ces partenaires ne sont pas encore publiés sur la plateforme : " + ", ".join(absents),
            code="partenaire_non_publie",
        )
    alliance.slug = _unique_slug(Alliance, alliance.titre)
    alliance.statut = Statut.EN_ATTENTE
    alliance.declared_by = by
    alliance.copy_commune_place()
    # Partners become searchable under the alliance once they confirm.
    alliance.refresh_recherche([porteur.nom])
    alliance.save()
    alliance.domaines.set(domaines)
    alliance.odd.set(odd)
    Participation.objects.create(
        alliance=alliance,
        organisation=porteur,
        role=Participation.Role.PORTEUR,
        contribution=contribution,
        etat=Participation.Etat.CONFIRMEE,
        decided_by=by,
        decided_at=timezone.now(),
    )
    for partenaire in partenaires:
        Participation.objects.create(
            alliance=alliance, organisation=partenaire, role=Participation.Role.PARTENAIRE
        )
        _send(
            f"{porteur.nom} déclare une alliance avec {partenaire.nom}",
            "alliances/emails/participation_a_confirmer.txt",
            {"alliance": alliance, "porteur": porteur, "partenaire": partenaire},
            _admin_emails(partenaire),
        )
    for email in invites:
        InvitationPartenaire.objects.create(alliance=alliance, email=email, invited_by=by)
        _send(
            f"{porteur.nom} vous cite comme partenaire d'une alliance",
            "alliances/emails/invitation_partenaire.txt",
            {"alliance": alliance, "porteur": porteur, "email": email},
            [email],
        )
    alliances_refresh_search([alliance.pk])
    return alliance


def _attach_invited_partner(*, by: User, organisation: Organisation) -> None:
    """The creator of a new organisation may have been invited as a partner of alliances:
    their organisation joins them, as a partner still to confirm."""
    for invitation in InvitationPartenaire.objects.filter(
        email__iexact=by.email, participation__isnull=True
    ).select_related("alliance"):
        participation, _ = Participation.objects.get_or_create(
            alliance=invitation.alliance,
            organisation=organisation,
            defaults={"role": Participation.Role.PARTENAIRE},
        )
        invitation.participation = participation
        invitation.save(update_fields=["participation"])


@transaction.atomic
def participation_decide(*, by: User, participation: Participation, accept: bool) -> Participation:
    """A partner's admin confirms (or declines) that their organisation takes part."""
    if not can_manage_members(by, participation.organisation):
        raise PermissionDenied
    if participation.etat != Participation.Etat.EN_ATTENTE:
        raise ValidationError("Cette participation a déjà reçu une réponse.", code="deja_decidee")
    participation.etat = Participation.Etat.CONFIRMEE if accept else Participation.Etat.REFUSEE
    participation.decided_by = by
    participation.decided_at = timezone.now()
    participation.save(update_fields=["etat", "decided_by", "decided_at"])
    _alliance_reindex(participation.alliance)
    declarant = participation.alliance.declared_by
    _send(
        f"{participation.organisation.nom} a répondu pour « {participation.alliance.titre} »",
        "alliances/emails/participation_reponse.txt",
        {"participation": participation},
        [declarant.email] if declarant else [],
    )
    return participation


def _confirmed_names(alliance: Alliance) -> list[str]:
    return list(
        alliance.participations.filter(etat=Participation.Etat.CONFIRMEE).values_list(
            "organisation__nom", flat=True
        )
    )


def _alliance_reindex(alliance: Alliance) -> None:
    alliance.refresh_recherche(_confirmed_names(alliance))
    alliance.save(update_fields=["recherche"])
    alliances_refresh_search([alliance.pk])


@transaction.atomic
def alliance_update(
    *, by: User, alliance: Alliance, domaines: list[Domaine], odd: list[ODD]
) -> Alliance:
    """Save a member's edits; changing the text of a published alliance sends it back to
    moderation, so that what the public reads has always been reviewed."""
    if not can_edit_alliance(by, alliance):
        raise PermissionDenied
    changed = _changed_fields(alliance, ALLIANCE_TEXT_FIELDS)
    if alliance.statut == Statut.PUBLIEE and changed and not by.is_staff:
        alliance.statut = Statut.EN_ATTENTE
    alliance.copy_commune_place()
    alliance.refresh_recherche(_confirmed_names(alliance))
    alliance.save()
    alliance.domaines.set(domaines)
    alliance.odd.set(odd)
    alliances_refresh_search([alliance.pk])
    return alliance
