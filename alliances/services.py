"""Writes on alliances and their partners. Every service checks its own permission, so a view
that forgets to check cannot let a forbidden write through."""

from collections import defaultdict

from django.contrib.auth import get_user_model
from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import SearchVector
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, models, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from alliances.models import Alliance, InvitationPartenaire, Participation
from alliances.permissions import can_edit_alliance, can_remove_participation
from comptes.email import send_templated
from moderation import workflow
from moderation.models import Statut
from moderation.workflow import changed_fields, resubmit_after_edit
from nomenclatures.models import ODD, Domaine, domaine_labels, typologie_label
from organisations.models import Organisation
from organisations.permissions import can_manage_members, is_member
from organisations.services import admin_emails
from recherche.texte import SEARCH_CONFIG, unique_slug

User = get_user_model()

# Rows read and rewritten at a time when the search text is recomputed.
REINDEX_BATCH = 1000


def alliances_refresh_search(alliance_ids) -> None:
    """Recompute what the search reads for these alliances, on both databases: `recherche`
    (SQLite's words) and, on PostgreSQL, the vectors. Call it after every write that changes
    the title, the description, the typologie, the domaines or the confirmed partners."""
    alliance_ids = list(alliance_ids)
    for start in range(0, len(alliance_ids), REINDEX_BATCH):
        batch = alliance_ids[start : start + REINDEX_BATCH]
        partenaires, domaines = defaultdict(list), defaultdict(list)
        for alliance_id, nom in Participation.objects.filter(
            alliance__in=batch, etat=Participation.Etat.CONFIRMEE
        ).values_list("alliance_id", "organisation__nom"):
            partenaires[alliance_id].append(nom)
        for alliance_id, nom in Alliance.domaines.through.objects.filter(
            alliance__in=batch
        ).values_list("alliance_id", "domaine__nom"):
            domaines[alliance_id].append(nom)
        alliances = list(
            Alliance.objects.filter(pk__in=batch).only("titre", "typologie", "description")
        )
        for alliance in alliances:
            alliance.refresh_recherche(partenaires[alliance.pk], domaines[alliance.pk])
        Alliance.objects.bulk_update(alliances, ["recherche"])
    alliances_refresh_search_vectors(alliance_ids)


def organisation_renamed(*, organisation: Organisation, changed: set[str]) -> None:
    """Alliances are searchable by their partners' names (organisations calls this after an
    edit, see alliances/apps.py)."""
    if "nom" in changed:
        alliances_refresh_search(
            Participation.objects.filter(organisation=organisation).values_list(
                "alliance_id", flat=True
            )
        )


def alliances_refresh_search_vectors(alliance_ids) -> None:
    """Recompute the PostgreSQL search vectors of these alliances in one UPDATE (title A;
    typologie, domaines and the names of the partners that confirmed B; description C).
    Nothing to do on SQLite. bench_generate calls it alone, having written `recherche`."""
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
        + SearchVector(domaine_labels(Alliance), weight="B", config=SEARCH_CONFIG)
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
    alliance.slug = unique_slug(Alliance, alliance.titre)
    alliance.statut = Statut.BROUILLON
    alliance.declared_by = by
    alliance.copy_commune_place()
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
    _alliance_reindex(alliance)
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
        send_templated(
            f"{porteur.nom} déclare une alliance avec {partenaire.nom}",
            "alliances/emails/participation_a_confirmer.txt",
            {"alliance": alliance, "porteur": porteur, "partenaire": partenaire},
            admin_emails(partenaire),
        )
    for email in invites:
        _, created = InvitationPartenaire.objects.get_or_create(
            alliance=alliance, email=email, defaults={"invited_by": by}
        )
        if created:
            send_templated(
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
    # Locking the alliance, then the participation (the order participation_decide takes
    # too), keeps two removals, or a removal and an answer, from leaving it alone.
    alliance = Alliance.objects.select_for_update().get(pk=participation.alliance_id)
    participation = (
        Participation.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .filter(pk=participation.pk)
        .first()
    )
    if participation is None:
        raise ValidationError("Ce partenaire a déjà été retiré.", code="deja_retire")
    if participation.etat != Participation.Etat.REFUSEE:
        others = alliance.participations.exclude(pk=participation.pk)
        if alliance.statut == Statut.PUBLIEE:
            # Published, it stays what publication required: two confirmed organisations.
            if others.filter(etat=Participation.Etat.CONFIRMEE).count() < 2:
                raise ValidationError(
                    "Cette alliance est publiée : elle garde au moins deux organisations "
                    "confirmées. Faites confirmer un autre partenaire avant de retirer celui-ci.",
                    code="deux_confirmees",
                )
        else:
            remaining = others.exclude(etat=Participation.Etat.REFUSEE).count()
            waiting = alliance.invitations_partenaires.filter(participation__isnull=True).count()
            if remaining + waiting < 2:
                raise ValidationError(
                    "Une alliance réunit au moins deux organisations : nommez un autre "
                    "partenaire avant de retirer celui-ci.",
                    code="un_seul_partenaire",
                )
    organisation = participation.organisation
    participation.delete()
    _alliance_reindex(alliance)
    withdrew = is_member(by, organisation)
    send_templated(
        f"{organisation.nom} ne fait plus partie de « {alliance.titre} »",
        "alliances/emails/participation_retiree.txt",
        {"alliance": alliance, "organisation": organisation, "retrait": withdrew},
        [alliance.declared_by.email]
        if withdrew and alliance.declared_by
        else admin_emails(organisation),
    )


def attach_invited_partner(*, by: User, organisation: Organisation) -> None:
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
    # Confirming twice at once (two admins, a double click) answers once and emails once. The
    # alliance is locked first, in the order participation_remove takes: no deadlock.
    list(Alliance.objects.select_for_update().filter(pk=participation.alliance_id).values("pk"))
    participation = (
        Participation.objects.select_for_update(of=("self",))
        .select_related("alliance__declared_by", "organisation")
        .filter(pk=participation.pk)
        .first()
    )
    if participation is None:  # removed from the alliance since the page was read
        raise ValidationError("Ce partenaire a été retiré de l'alliance.", code="retiree")
    if participation.etat != Participation.Etat.EN_ATTENTE:
        raise ValidationError("Cette participation a déjà reçu une réponse.", code="deja_decidee")
    participation.etat = Participation.Etat.CONFIRMEE if accept else Participation.Etat.REFUSEE
    participation.decided_by = by
    participation.decided_at = timezone.now()
    participation.save(update_fields=["etat", "decided_by", "decided_at"])
    _alliance_reindex(participation.alliance)
    declarant = participation.alliance.declared_by
    send_templated(
        f"{participation.organisation.nom} a répondu pour « {participation.alliance.titre} »",
        "alliances/emails/participation_reponse.txt",
        {"participation": participation},
        [declarant.email] if declarant else [],
    )
    return participation


def _alliance_reindex(alliance: Alliance) -> None:
    """After a write: its search texts, read back so that a later save() keeps them. Partners
    become searchable under the alliance once they confirm."""
    alliances_refresh_search([alliance.pk])
    alliance.refresh_from_db(fields=["recherche", "search_vector"])


@transaction.atomic
def alliance_update(
    *, by: User, alliance: Alliance, domaines: list[Domaine], odd: list[ODD]
) -> Alliance:
    """Save a member's edits; changing the text of a published alliance sends it back to
    moderation, so that what the public reads has always been reviewed."""
    if not can_edit_alliance(by, alliance):
        raise PermissionDenied
    changed = changed_fields(alliance, workflow.moderated_fields(Alliance))
    alliance.copy_commune_place()
    alliance.save()
    alliance.domaines.set(domaines)
    alliance.odd.set(odd)
    resubmit_after_edit(alliance, by=by, changed=bool(changed))
    _alliance_reindex(alliance)
    return alliance
