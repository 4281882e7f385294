"""Writes on organisations, their members and their alliances. Every service checks its own
permission, so a view that forgets to check cannot let a forbidden write through."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import SearchVector
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage, send_mail
from django.db import connection, models, transaction
from django.db.models import Case, OuterRef, Subquery, Value, When
from django.db.models.functions import Replace
from django.http import QueryDict
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from alliances.filters import AllianceFilter, OffreFilter
from alliances.models import Alliance, InvitationPartenaire, Participation
from alliances.permissions import (
    can_answer_mise_en_relation,
    can_edit_alliance,
    can_edit_offre,
    can_edit_organisation,
    can_manage_members,
    can_remove_participation,
    is_member,
    membership,
)
from comptes.email import one_line
from moderation import workflow
from moderation.models import Statut
from nomenclatures.models import ODD, Domaine, Typologie
from offres.models import Alerte, MiseEnRelation, Offre, TypeRessource
from organisations.models import DemandeAdhesion, Invitation, Membre, Organisation
from recherche.texte import SEARCH_CONFIG
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
        send_mail(one_line(subject), body, None, recipients)


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
    organisation.statut = Statut.BROUILLON
    organisation.refresh_recherche()
    _link_territory(organisation)
    organisation.save()
    organisation.domaines.set(domaines)
    organisation.odd.set(odd)
    Membre.objects.create(user=by, organisation=organisation, role=Membre.Role.ADMIN)
    workflow.submit(organisation, by=by)
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


@transaction.atomic
def organisation_update(
    *, by: User, organisation: Organisation, domaines: list[Domaine], odd: list[ODD]
) -> Organisation:
    """Save an admin's edits. A published organisation whose identity or text changes goes back
    to moderation, so that a reviewed fiche cannot be turned into another one."""
    if not can_edit_organisation(by, organisation):
        raise PermissionDenied
    changed = _changed_fields(organisation, workflow.moderated_fields(Organisation))
    organisation.refresh_recherche()
    _link_territory(organisation)
    organisation.save()
    organisation.domaines.set(domaines)
    organisation.odd.set(odd)
    _resubmit_after_edit(organisation, by=by, changed=bool(changed))
    if "nom" in changed:
        # Offres are searchable by their organisation's name.
        offres_reindex(Offre.objects.filter(organisation=organisation))
    return organisation


def _resubmit_after_edit(item: models.Model, *, by: User, changed: bool) -> None:
    """Edits send an item back to moderation: a published one whose public text changed (unless
    staff edited it), and one that was asked for corrections or unpublished."""
    if item.statut in (Statut.A_CORRIGER, Statut.DEPUBLIEE) or (
        item.statut == Statut.PUBLIEE and changed and not by.is_staff
    ):
        workflow.submit(item, by=by)
    elif item.statut == Statut.EN_ATTENTE:
        # Still waiting: the queue row follows the item to its new place and title.
        workflow.queue_refresh(item)


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


def _admin_emails(organisation: Organisation) -> list[str]:
    return list(
        organisation.membres.filter(role=Membre.Role.ADMIN).values_list("user__email", flat=True)
    )


def typologie_label() -> Case:
    """The typologie's French label, in SQL: it is searchable too, so that « coopération
    économique » finds all the alliances (and offres) of that typologie."""
    return Case(
        *(When(typologie=value, then=Value(label)) for value, label in Typologie.choices),
        output_field=models.TextField(),
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
    Alliance.objects.filter(pk__in=alliance_ids).update(
        search_vector=SearchVector("titre", weight="A", config=SEARCH_CONFIG)
        + SearchVector(typologie_label(), weight="B", config=SEARCH_CONFIG)
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
    _check_published(partenaires)
    alliance.slug = _unique_slug(Alliance, alliance.titre)
    alliance.statut = Statut.BROUILLON
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
    _add_partners(
        by=by, alliance=alliance, porteur=porteur, partenaires=partenaires, invites=invites
    )
    workflow.submit(alliance, by=by)
    alliances_refresh_search([alliance.pk])
    return alliance


def _add_partners(
    *,
    by: User,
    alliance: Alliance,
    porteur: Organisation,
    partenaires: list[Organisation],
    invites: list[str],
) -> None:
    """Ask each partner's admins to confirm, and invite by email those not on the platform.
    A partner that had declined may be asked again: its answer goes back to pending."""
    for partenaire in partenaires:
        Participation.objects.update_or_create(
            alliance=alliance,
            organisation=partenaire,
            defaults={
                "role": Participation.Role.PARTENAIRE,
                "etat": Participation.Etat.EN_ATTENTE,
                "decided_by": None,
                "decided_at": None,
            },
        )
        _send(
            f"{porteur.nom} déclare une alliance avec {partenaire.nom}",
            "alliances/emails/participation_a_confirmer.txt",
            {"alliance": alliance, "porteur": porteur, "partenaire": partenaire},
            _admin_emails(partenaire),
        )
    for email in invites:
        _, created = InvitationPartenaire.objects.get_or_create(
            alliance=alliance, email=email, defaults={"invited_by": by}
        )
        if created:
            _send(
                f"{porteur.nom} vous cite comme partenaire d'une alliance",
                "alliances/emails/invitation_partenaire.txt",
                {"alliance": alliance, "porteur": porteur, "email": email},
                [email],
            )


def _check_published(partenaires: list[Organisation]) -> None:
    absents = [p.nom for p in partenaires if not p.is_published]
    if absents:
        raise ValidationError(
            "Ces partenaires ne sont pas encore publiés sur la plateforme : " + ", ".join(absents),
            code="partenaire_non_publie",
        )


@transaction.atomic
def alliance_add_partners(
    *,
    by: User,
    alliance: Alliance,
    partenaires: list[Organisation],
    invites: list[str],
) -> Alliance:
    """Name more partners for an alliance already declared. Like at declaration, each one
    appears publicly only once one of its admins has confirmed."""
    if not can_edit_alliance(by, alliance):
        raise PermissionDenied
    present = set(
        alliance.participations.exclude(etat=Participation.Etat.REFUSEE).values_list(
            "organisation_id", flat=True
        )
    )
    partenaires = [p for p in {p.pk: p for p in partenaires}.values() if p.pk not in present]
    invites = sorted({email.strip().lower() for email in invites if email.strip()})
    if not partenaires and not invites:
        raise ValidationError(
            "Ces organisations font déjà partie de l'alliance : nommez-en une autre.",
            code="deja_partenaires",
        )
    _check_published(partenaires)
    porteur = alliance.participations.get(role=Participation.Role.PORTEUR).organisation
    _add_partners(
        by=by, alliance=alliance, porteur=porteur, partenaires=partenaires, invites=invites
    )
    return alliance


@transaction.atomic
def participation_remove(*, by: User, participation: Participation) -> None:
    """Take a partner out of an alliance: the carrying organisation removes a partner, or a
    partner withdraws its own organisation. The alliance keeps at least two organisations."""
    if not can_remove_participation(by, participation):
        raise PermissionDenied
    # Locking the alliance keeps two removals at the same time from leaving it alone.
    alliance = Alliance.objects.select_for_update().get(pk=participation.alliance_id)
    if participation.etat != Participation.Etat.REFUSEE:
        others = (
            alliance.participations.exclude(etat=Participation.Etat.REFUSEE)
            .exclude(pk=participation.pk)
            .count()
        )
        waiting = alliance.invitations_partenaires.filter(participation__isnull=True).count()
        if others + waiting < 2:
            raise ValidationError(
                "Une alliance réunit au moins deux organisations : nommez un autre partenaire "
                "avant de retirer celui-ci.",
                code="un_seul_partenaire",
            )
    organisation = participation.organisation
    participation.delete()
    _alliance_reindex(alliance)
    withdrew = is_member(by, organisation)
    _send(
        f"{organisation.nom} ne fait plus partie de « {alliance.titre} »",
        "alliances/emails/participation_retiree.txt",
        {"alliance": alliance, "organisation": organisation, "retrait": withdrew},
        [alliance.declared_by.email]
        if withdrew and alliance.declared_by
        else _admin_emails(organisation),
    )


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
    changed = _changed_fields(alliance, workflow.moderated_fields(Alliance))
    alliance.copy_commune_place()
    alliance.refresh_recherche(_confirmed_names(alliance))
    alliance.save()
    alliance.domaines.set(domaines)
    alliance.odd.set(odd)
    _resubmit_after_edit(alliance, by=by, changed=bool(changed))
    alliances_refresh_search([alliance.pk])
    return alliance


# Offres, mises en relation et alertes

# Anti-abuse: contact requests reach strangers' inboxes, so each person and each organisation
# sends a limited number a day, and a declined sender waits before trying the same offre again.
MISES_EN_RELATION_PAR_JOUR_UTILISATEUR = 10
MISES_EN_RELATION_PAR_JOUR_ORGANISATION = 20
RELANCE_APRES_REFUS_JOURS = 30
ALERTES_PAR_UTILISATEUR = 20
ALERTE_SALT = "alliances.alerte.desabonnement"
# A digest lists this many new items at most, with a link to the whole search.
ALERTE_ELEMENTS_MAX = 20


def _member_emails(organisation: Organisation) -> list[str]:
    return workflow.member_emails(organisation)


def offres_refresh_search(offre_ids) -> None:
    """Recompute the PostgreSQL search vectors of these offres (title A, typologie, ressources
    and organisation B, description C), in one UPDATE. Nothing to do on SQLite."""
    if connection.vendor != "postgresql":
        return
    # The stored ",code,code," turned into the labels (no code is part of another).
    ressources = models.F("ressources")
    for code, label in TypeRessource.choices:
        ressources = Replace(ressources, Value(code), Value(label))
    organisation = Organisation.objects.filter(pk=OuterRef("organisation_id")).values("nom")
    Offre.objects.filter(pk__in=offre_ids).update(
        search_vector=SearchVector("titre", weight="A", config=SEARCH_CONFIG)
        + SearchVector(typologie_label(), weight="B", config=SEARCH_CONFIG)
        + SearchVector(ressources, weight="B", config=SEARCH_CONFIG)
        + SearchVector(
            Subquery(organisation, output_field=models.TextField()),
            weight="B",
            config=SEARCH_CONFIG,
        )
        + SearchVector("description", weight="C", config=SEARCH_CONFIG)
    )


def offres_reindex(offres) -> None:
    """Recompute both search texts of these offres (after their organisation was renamed, or an
    edit that bypassed the services)."""
    rows = list(offres.select_related("organisation"))
    for offre in rows:
        offre.refresh_recherche()
    Offre.objects.bulk_update(rows, ["recherche"], batch_size=500)
    offres_refresh_search([offre.pk for offre in rows])


@transaction.atomic
def offre_create(*, by: User, offre: Offre, domaines: list[Domaine], odd: list[ODD]) -> Offre:
    """Register an offre for one of the user's organisations; it waits for moderation."""
    if not (by.is_staff or is_member(by, offre.organisation)):
        raise PermissionDenied
    offre.slug = _unique_slug(Offre, offre.titre)
    offre.statut = Statut.BROUILLON
    offre.etat = Offre.Etat.OUVERTE
    offre.created_by = by
    if offre.national:
        offre.rayon_km = None
    offre.copy_commune_place()
    offre.refresh_recherche()
    offre.save()
    offre.domaines.set(domaines)
    offre.odd.set(odd)
    workflow.submit(offre, by=by)
    offres_refresh_search([offre.pk])
    return offre


@transaction.atomic
def offre_update(*, by: User, offre: Offre, domaines: list[Domaine], odd: list[ODD]) -> Offre:
    """Save a member's edits; new text on a published offre goes back to moderation."""
    if not can_edit_offre(by, offre):
        raise PermissionDenied
    changed = _changed_fields(offre, workflow.moderated_fields(Offre))
    if offre.national:
        offre.rayon_km = None
    # A later date limite revives an expired offre.
    today = timezone.localdate()
    if offre.etat == Offre.Etat.EXPIREE and (
        offre.date_limite is None or offre.date_limite >= today
    ):
        offre.etat = Offre.Etat.OUVERTE
    offre.copy_commune_place()
    offre.refresh_recherche()
    offre.save()
    offre.domaines.set(domaines)
    offre.odd.set(odd)
    _resubmit_after_edit(offre, by=by, changed=bool(changed))
    offres_refresh_search([offre.pk])
    return offre


@transaction.atomic
def offre_close(*, by: User, offre: Offre) -> Offre:
    """The organisation found its partner (or gives up): the offre leaves the public list."""
    if not can_edit_offre(by, offre):
        raise PermissionDenied
    if offre.etat != Offre.Etat.OUVERTE:
        raise ValidationError("Cette offre est déjà fermée.", code="deja_fermee")
    offre.etat = Offre.Etat.POURVUE
    offre.save(update_fields=["etat", "updated_at"])
    return offre


@transaction.atomic
def offre_reopen(*, by: User, offre: Offre) -> Offre:
    if not can_edit_offre(by, offre):
        raise PermissionDenied
    if offre.etat == Offre.Etat.OUVERTE:
        raise ValidationError("Cette offre est déjà ouverte.", code="deja_ouverte")
    if offre.date_limite and offre.date_limite < timezone.localdate():
        raise ValidationError(
            "La date limite de cette offre est passée : modifiez-la avant de rouvrir l'offre.",
            code="date_limite_passee",
        )
    offre.etat = Offre.Etat.OUVERTE
    offre.save(update_fields=["etat", "updated_at"])
    return offre


def offres_expire(*, today=None) -> int:
    """Close the open offres whose date limite has passed; returns how many. Idempotent."""
    today = today or timezone.localdate()
    return Offre.objects.filter(etat=Offre.Etat.OUVERTE, date_limite__lt=today).update(
        etat=Offre.Etat.EXPIREE, updated_at=timezone.now()
    )


def _mise_en_relation_deliver(mise_en_relation: MiseEnRelation) -> None:
    """The request reaches the receiving organisation: its members are emailed."""
    mise_en_relation.etat = MiseEnRelation.Etat.ENVOYEE
    mise_en_relation.sent_at = timezone.now()
    mise_en_relation.save(update_fields=["etat", "sent_at"])
    _send(
        f"{mise_en_relation.emettrice.nom} vous contacte au sujet de « "
        f"{mise_en_relation.offre.titre} »",
        "alliances/emails/mise_en_relation_recue.txt",
        {
            "mise_en_relation": mise_en_relation,
            "link": settings.SITE_URL + mise_en_relation.get_absolute_url(),
        },
        _member_emails(mise_en_relation.destinataire),
    )


def _check_sending_limits(*, by: User, emettrice: Organisation, offre: Offre) -> None:
    since = timezone.now() - timedelta(days=1)
    recent = MiseEnRelation.objects.filter(created_at__gte=since)
    if recent.filter(sent_by=by).count() >= MISES_EN_RELATION_PAR_JOUR_UTILISATEUR:
        raise ValidationError(
            f"Vous avez déjà envoyé {MISES_EN_RELATION_PAR_JOUR_UTILISATEUR} demandes de mise en "
            "relation aujourd'hui : réessayez demain.",
            code="limite_utilisateur",
        )
    if recent.filter(emettrice=emettrice).count() >= MISES_EN_RELATION_PAR_JOUR_ORGANISATION:
        raise ValidationError(
            f"{emettrice.nom} a déjà envoyé {MISES_EN_RELATION_PAR_JOUR_ORGANISATION} demandes "
            "de mise en relation aujourd'hui : réessayez demain.",
            code="limite_organisation",
        )
    previous = MiseEnRelation.objects.filter(offre=offre, emettrice=emettrice)
    if previous.filter(etat__in=["attente_publication", "envoyee", "lue"]).exists():
        raise ValidationError(
            "Votre organisation a déjà contacté cette offre : la demande attend sa réponse.",
            code="deja_en_cours",
        )
    declined = previous.filter(
        etat=MiseEnRelation.Etat.DECLINEE,
        answered_at__gte=timezone.now() - timedelta(days=RELANCE_APRES_REFUS_JOURS),
    ).first()
    if declined:
        date = timezone.localtime(declined.answered_at) + timedelta(days=RELANCE_APRES_REFUS_JOURS)
        raise ValidationError(
            "Cette organisation a décliné votre précédente demande pour cette offre : vous "
            f"pourrez la recontacter à partir du {date:%d/%m/%Y}.",
            code="refus_recent",
        )


@transaction.atomic
def mise_en_relation_send(
    *, by: User, emettrice: Organisation, offre: Offre, message: str
) -> MiseEnRelation:
    """A member writes to the organisation behind an offre, on behalf of their organisation.

    The message reaches the other organisation at once when the sender is published; otherwise
    it waits, and mises_en_relation_deliver_waiting() delivers it on publication.
    """
    if not is_member(by, emettrice):
        raise PermissionDenied
    if is_member(by, offre.organisation) or emettrice.pk == offre.organisation_id:
        raise ValidationError(
            "Vous ne pouvez pas contacter votre propre organisation.", code="propre_organisation"
        )
    if not offre.is_visible:
        raise ValidationError("Cette offre n'est plus ouverte.", code="offre_fermee")
    if emettrice.statut in (Statut.REFUSEE, Statut.DEPUBLIEE):
        raise ValidationError(
            f"{emettrice.nom} n'est pas publiée sur la plateforme : elle ne peut pas contacter "
            "d'autres organisations.",
            code="emettrice_refusee",
        )
    message = message.strip()
    if not message:
        raise ValidationError("Écrivez un message.", code="message_vide")
    # Serialise the sender's requests so that two at once cannot both slip under the limits.
    Organisation.objects.select_for_update().filter(pk=emettrice.pk).first()
    _check_sending_limits(by=by, emettrice=emettrice, offre=offre)
    mise_en_relation = MiseEnRelation.objects.create(
        offre=offre,
        emettrice=emettrice,
        destinataire=offre.organisation,
        sent_by=by,
        message=message,
        etat=MiseEnRelation.Etat.EN_ATTENTE_PUBLICATION,
    )
    if emettrice.is_published:
        _mise_en_relation_deliver(mise_en_relation)
    return mise_en_relation


@transaction.atomic
def mises_en_relation_deliver_waiting(*, organisation: Organisation) -> int:
    """Deliver the requests a newly published organisation wrote while it waited (those whose
    offre is still open); returns how many. The moderation workflow calls it when it publishes
    an organisation; nothing happens while the organisation is not published."""
    if not organisation.is_published:
        return 0
    waiting = MiseEnRelation.objects.filter(
        emettrice=organisation, etat=MiseEnRelation.Etat.EN_ATTENTE_PUBLICATION
    ).select_related("offre__organisation", "emettrice", "destinataire")
    delivered = 0
    for mise_en_relation in waiting:
        if mise_en_relation.offre.is_visible:
            _mise_en_relation_deliver(mise_en_relation)
            delivered += 1
    return delivered


@transaction.atomic
def mise_en_relation_mark_read(*, by: User, mise_en_relation: MiseEnRelation) -> MiseEnRelation:
    """The first time a member of the receiving organisation opens the thread."""
    if can_answer_mise_en_relation(by, mise_en_relation) and (
        mise_en_relation.etat == MiseEnRelation.Etat.ENVOYEE
    ):
        mise_en_relation.etat = MiseEnRelation.Etat.LUE
        mise_en_relation.read_at = timezone.now()
        mise_en_relation.save(update_fields=["etat", "read_at"])
    return mise_en_relation


@transaction.atomic
def mise_en_relation_answer(
    *,
    by: User,
    mise_en_relation: MiseEnRelation,
    accept: bool,
    reponse: str,
    motif: str = "",
) -> MiseEnRelation:
    """Accept with a reply (contact details then show on both sides) or decline with a reason
    (kept: it lowers similar suggestions). The sender's organisation is emailed."""
    if not can_answer_mise_en_relation(by, mise_en_relation):
        raise PermissionDenied
    mise_en_relation = MiseEnRelation.objects.select_for_update().get(pk=mise_en_relation.pk)
    if not mise_en_relation.is_pending:
        raise ValidationError("Cette demande a déjà reçu une réponse.", code="deja_repondue")
    reponse = reponse.strip()
    if accept and not reponse:
        raise ValidationError("Écrivez une réponse.", code="reponse_vide")
    if not accept and motif not in MiseEnRelation.Motif.values:
        raise ValidationError("Choisissez la raison du refus.", code="motif_manquant")
    now = timezone.now()
    mise_en_relation.etat = MiseEnRelation.Etat.ACCEPTEE if accept else MiseEnRelation.Etat.DECLINEE
    mise_en_relation.reponse = reponse
    mise_en_relation.motif = "" if accept else motif
    mise_en_relation.answered_by = by
    mise_en_relation.answered_at = now
    mise_en_relation.read_at = mise_en_relation.read_at or now
    mise_en_relation.save(
        update_fields=["etat", "reponse", "motif", "answered_by", "answered_at", "read_at"]
    )
    _send(
        f"{mise_en_relation.destinataire.nom} a répondu à votre demande",
        "alliances/emails/mise_en_relation_reponse.txt",
        {
            "mise_en_relation": mise_en_relation,
            "link": settings.SITE_URL + mise_en_relation.get_absolute_url(),
        },
        _member_emails(mise_en_relation.emettrice),
    )
    return mise_en_relation


@transaction.atomic
def mise_en_relation_link_alliance(
    *, by: User, mise_en_relation: MiseEnRelation, alliance: Alliance
) -> MiseEnRelation:
    """Record the last step: the alliance born from this contact was declared. Nothing is
    recorded unless the alliance names both organisations (a declared partner counts before it
    confirms its part)."""
    if not (
        is_member(by, mise_en_relation.emettrice) or is_member(by, mise_en_relation.destinataire)
    ):
        raise PermissionDenied
    if mise_en_relation.etat != MiseEnRelation.Etat.ACCEPTEE or mise_en_relation.alliance_id:
        return mise_en_relation
    named = set(
        alliance.participations.exclude(etat=Participation.Etat.REFUSEE).values_list(
            "organisation_id", flat=True
        )
    )
    if not {mise_en_relation.emettrice_id, mise_en_relation.destinataire_id} <= named:
        raise ValidationError(
            "Cette alliance ne réunit pas les deux organisations de la mise en relation.",
            code="alliance_sans_les_deux",
        )
    mise_en_relation.alliance = alliance
    mise_en_relation.alliance_declared_at = timezone.now()
    mise_en_relation.save(update_fields=["alliance", "alliance_declared_at"])
    return mise_en_relation


def alerte_token(alerte: Alerte) -> str:
    return signing.dumps(alerte.pk, salt=ALERTE_SALT)


def alerte_from_token(token: str) -> Alerte:
    """The alert an unsubscribe link names; ValidationError for a forged or deleted one. The
    link never expires: an old digest must still unsubscribe."""
    try:
        pk = signing.loads(token, salt=ALERTE_SALT)
    except signing.BadSignature:
        raise ValidationError(
            "Ce lien de désabonnement n'est pas valide.", code="invalide"
        ) from None
    alerte = Alerte.objects.filter(pk=pk).first()
    if alerte is None:
        raise ValidationError("Cette alerte a été supprimée.", code="supprimee")
    return alerte


@transaction.atomic
def alerte_create(*, by: User, alerte: Alerte) -> Alerte:
    """Save a search; new matches are emailed from the next digest on."""
    if by.alertes.count() >= ALERTES_PAR_UTILISATEUR:
        raise ValidationError(
            f"Vous avez déjà {ALERTES_PAR_UTILISATEUR} alertes : supprimez-en une d'abord.",
            code="trop_d_alertes",
        )
    alerte.user = by
    alerte.active = True
    alerte.last_sent_at = timezone.now()
    alerte.save()
    return alerte


@transaction.atomic
def alerte_set_active(*, alerte: Alerte, active: bool) -> Alerte:
    """Unsubscribe (from the email's link, no login needed) or subscribe again."""
    alerte.active = active
    if active:
        alerte.last_sent_at = timezone.now()
    alerte.save(update_fields=["active", "last_sent_at"])
    return alerte


@transaction.atomic
def alerte_delete(*, by: User, alerte: Alerte) -> None:
    if alerte.user_id != by.pk:
        raise PermissionDenied
    alerte.delete()


ALERTE_PERIODES = {
    Alerte.Frequence.QUOTIDIENNE: timedelta(days=1),
    Alerte.Frequence.HEBDOMADAIRE: timedelta(days=7),
}


def alertes_due(*, frequence: str, now=None) -> list[int]:
    """Active alerts of this frequency whose period has passed (an hour of margin, so that a
    daily beat a few seconds early still sends)."""
    now = now or timezone.now()
    limit = now - ALERTE_PERIODES[frequence] + timedelta(hours=1)
    return list(
        Alerte.objects.filter(active=True, frequence=frequence, last_sent_at__lte=limit)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def alerte_matches(alerte: Alerte, since) -> list:
    """Published items that the saved search finds and that were published since `since`,
    newest publication first. The publication date, not the creation date: moderation and
    partners' confirmations often publish an item days after it was written."""
    data = QueryDict(alerte.criteres)
    if alerte.cible == Alerte.Cible.OFFRES:
        filterset = OffreFilter(
            data, queryset=Offre.objects.visible().filter(published_at__gt=since)
        )
        queryset = filterset.qs.select_related("organisation", "commune")
    else:
        filterset = AllianceFilter(
            data, queryset=Alliance.objects.published().filter(published_at__gt=since)
        )
        queryset = filterset.qs.select_related("commune")
    return list(queryset.order_by("-published_at", "-pk")[: ALERTE_ELEMENTS_MAX + 1])


@transaction.atomic
def alerte_send_digest(*, alerte_id: int, now=None) -> int:
    """Email one alert's new matches since its last digest; returns how many were listed.

    Idempotent: the alert is locked and its last_sent_at moves forward, so a task that runs
    twice finds nothing new the second time.
    """
    now = now or timezone.now()
    alerte = Alerte.objects.select_for_update().select_related("user").filter(pk=alerte_id).first()
    if alerte is None or not alerte.active:
        return 0
    since = alerte.last_sent_at or alerte.created_at
    if since > now - ALERTE_PERIODES[alerte.frequence] + timedelta(hours=1):
        return 0
    items = alerte_matches(alerte, since)
    if not items:
        alerte.last_sent_at = now
        alerte.save(update_fields=["last_sent_at"])
        return 0
    unsubscribe = settings.SITE_URL + reverse(
        "alliances:alerte_unsubscribe", kwargs={"token": alerte_token(alerte)}
    )
    body = render_to_string(
        "alliances/emails/alerte_digest.txt",
        {
            "alerte": alerte,
            "items": items[:ALERTE_ELEMENTS_MAX],
            "plus": len(items) > ALERTE_ELEMENTS_MAX,
            "search_url": settings.SITE_URL + alerte.search_url(),
            "unsubscribe_url": unsubscribe,
            "site_url": settings.SITE_URL,
        },
    )
    nombre = min(len(items), ALERTE_ELEMENTS_MAX)
    noun = "offre" if alerte.cible == Alerte.Cible.OFFRES else "alliance"
    message = EmailMessage(
        one_line(
            f"Alerte « {alerte.nom} » : {nombre}{'+' if len(items) > nombre else ''} "
            f"nouvelle{'s' if nombre > 1 else ''} {noun}{'s' if nombre > 1 else ''}"
        ),
        body,
        None,
        [alerte.user.email],
        # One-click unsubscribe from the mail client (RFC 8058).
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    # Build the whole message first: a header it cannot carry raises here, before the alert
    # is marked as sent (the next run tries again rather than skipping these items).
    message.message()
    message.send()
    alerte.last_sent_at = now
    alerte.save(update_fields=["last_sent_at"])
    return nombre
