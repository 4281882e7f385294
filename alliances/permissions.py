"""Who may do what with an organisation (DESIGN.md §5). Pure predicates, plus fetch-and-check
helpers that answer 404 for "missing" and "forbidden" alike, so nobody can probe what exists."""

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from alliances.models import Alliance, Participation
from moderation.models import Statut
from offres.models import Alerte, MiseEnRelation, Offre
from organisations.models import DemandeAdhesion, Invitation, Membre, Organisation


def membership(user, organisation: Organisation) -> Membre | None:
    if not user.is_authenticated:
        return None
    return Membre.objects.filter(user=user, organisation=organisation).first()


def is_member(user, organisation: Organisation) -> bool:
    return membership(user, organisation) is not None


def is_admin(user, organisation: Organisation) -> bool:
    member = membership(user, organisation)
    return member is not None and member.is_admin


def can_view_organisation(user, organisation: Organisation) -> bool:
    """Published organisations are public; the others only for their members and staff."""
    if organisation.is_published:
        return True
    return user.is_authenticated and (user.is_staff or is_member(user, organisation))


def can_edit_organisation(user, organisation: Organisation) -> bool:
    return user.is_authenticated and (user.is_staff or is_admin(user, organisation))


def can_manage_members(user, organisation: Organisation) -> bool:
    return can_edit_organisation(user, organisation)


def get_organisation_to_view_or_404(user, slug: str) -> Organisation:
    organisation = get_object_or_404(
        Organisation.objects.select_related(
            "siege", "siege__departement", "siege__region", "siege__epci"
        ).prefetch_related("domaines", "odd"),
        slug=slug,
    )
    if not can_view_organisation(user, organisation):
        raise Http404
    return organisation


def get_organisation_to_join_or_404(user, slug: str, identifiant: str = "") -> Organisation:
    """Published organisations take join requests. An organisation still waiting for moderation
    takes them only from someone who typed its SIREN or RNA (a duplicate registration); a
    refused one takes none."""
    organisation = get_object_or_404(Organisation, slug=slug)
    known = bool(identifiant) and identifiant in {organisation.siren, organisation.rna}
    waiting = organisation.statut == Statut.EN_ATTENTE
    if not (organisation.is_published or (waiting and known) or user.is_staff):
        raise Http404
    return organisation


def get_organisation_to_edit_or_404(user, slug: str) -> Organisation:
    organisation = get_object_or_404(Organisation.objects.select_related("siege"), slug=slug)
    if not can_edit_organisation(user, organisation):
        raise Http404
    return organisation


def get_organisation_to_manage_or_404(user, slug: str) -> Organisation:
    organisation = get_object_or_404(Organisation, slug=slug)
    if not can_manage_members(user, organisation):
        raise Http404
    return organisation


def get_membre_to_manage_or_404(user, pk: int) -> Membre:
    """A membership in an organisation the user administers."""
    member = get_object_or_404(Membre.objects.select_related("organisation", "user"), pk=pk)
    if not can_manage_members(user, member.organisation):
        raise Http404
    return member


def get_membre_to_remove_or_404(user, pk: int) -> Membre:
    """The user's own membership (to leave), or one in an organisation they administer."""
    member = get_object_or_404(Membre.objects.select_related("organisation", "user"), pk=pk)
    if member.user_id != user.pk and not can_manage_members(user, member.organisation):
        raise Http404
    return member


def get_invitation_to_manage_or_404(user, pk: int) -> Invitation:
    invitation = get_object_or_404(Invitation.objects.select_related("organisation"), pk=pk)
    if not can_manage_members(user, invitation.organisation):
        raise Http404
    return invitation


def get_demande_to_manage_or_404(user, pk: int) -> DemandeAdhesion:
    demande = get_object_or_404(
        DemandeAdhesion.objects.select_related("organisation", "user"), pk=pk
    )
    if not can_manage_members(user, demande.organisation):
        raise Http404
    return demande


def can_view_alliance(user, alliance: Alliance) -> bool:
    """Published alliances are public; the others only for the organisations named in them."""
    if alliance.statut == "publiee":
        return True
    if not user.is_authenticated:
        return False
    return (
        user.is_staff or alliance.participations.filter(organisation__membres__user=user).exists()
    )


def can_edit_alliance(user, alliance: Alliance) -> bool:
    """Members of an organisation whose part in the alliance is confirmed, and staff."""
    if not user.is_authenticated:
        return False
    return (
        user.is_staff
        or alliance.participations.filter(
            organisation__membres__user=user, etat=Participation.Etat.CONFIRMEE
        ).exists()
    )


def my_organisation_ids(user) -> set[int]:
    """The ids of the user's organisations, in one query (none for a visitor)."""
    if not user.is_authenticated:
        return set()
    return set(Membre.objects.filter(user=user).values_list("organisation_id", flat=True))


def _removable(participation: Participation, *, user, mine: set[int], porteur_id) -> bool:
    # The carrying organisation's members remove a partner; a partner's members withdraw their
    # own organisation; staff do both. The carrying organisation itself is never removed.
    if participation.role == Participation.Role.PORTEUR:
        return False
    return user.is_staff or participation.organisation_id in mine or porteur_id in mine


def can_remove_participation(user, participation: Participation) -> bool:
    if not user.is_authenticated:
        return False
    porteur_id = (
        participation.alliance.participations.filter(role=Participation.Role.PORTEUR)
        .values_list("organisation_id", flat=True)
        .first()
    )
    return _removable(
        participation, user=user, mine=my_organisation_ids(user), porteur_id=porteur_id
    )


def removable_participation_ids(user, participations: list[Participation]) -> set[int]:
    """The same rule as `can_remove_participation`, for a whole list in one query."""
    mine = my_organisation_ids(user)
    porteur_id = next(
        (p.organisation_id for p in participations if p.role == Participation.Role.PORTEUR), None
    )
    return {
        p.pk for p in participations if _removable(p, user=user, mine=mine, porteur_id=porteur_id)
    }


def get_participation_to_remove_or_404(user, slug: str, pk: int) -> Participation:
    participation = get_object_or_404(
        Participation.objects.select_related("alliance", "organisation"),
        pk=pk,
        alliance__slug=slug,
    )
    if not can_remove_participation(user, participation):
        raise Http404
    return participation


class AllianceRetiree(Exception):
    """An alliance that was public and is not any more: its URL answers 410 Gone with a reason
    that fits its state (`raison`: "retiree", "signalements" or "reexamen"), never its title
    or content."""

    def __init__(self, alliance: Alliance, raison: str):
        super().__init__(alliance.slug)
        self.alliance = alliance
        self.raison = raison


def _raison_du_retrait(alliance: Alliance) -> str | None:
    """Why a once-published alliance is not public now; None when it was never published
    (then it answers 404, like one that does not exist)."""
    from moderation.models import Decision, Soumission

    history = Decision.objects.about(alliance)
    if not history.filter(Q(vers=Statut.PUBLIEE) | Q(de=Statut.PUBLIEE)).exists():
        return None
    if alliance.statut in (Statut.DEPUBLIEE, Statut.REFUSEE):
        return "retiree"
    if Soumission.objects.about(alliance).filter(par_signalements=True).exists():
        return "signalements"
    return "reexamen"


def get_alliance_to_view_or_404(user, slug: str) -> Alliance:
    alliance = get_object_or_404(Alliance.objects.for_detail(), slug=slug)
    if not can_view_alliance(user, alliance):
        raison = _raison_du_retrait(alliance)
        if raison is not None:
            raise AllianceRetiree(alliance, raison)
        raise Http404
    return alliance


def get_alliance_to_edit_or_404(user, slug: str) -> Alliance:
    alliance = get_object_or_404(Alliance.objects.select_related("commune"), slug=slug)
    if not can_edit_alliance(user, alliance):
        raise Http404
    return alliance


def get_participation_to_decide_or_404(user, pk: int) -> Participation:
    """A pending participation of an organisation the user administers."""
    participation = get_object_or_404(
        Participation.objects.select_related("alliance", "organisation"), pk=pk
    )
    if not can_manage_members(user, participation.organisation):
        raise Http404
    return participation


# Offres, mises en relation et alertes


def can_view_offre(user, offre: Offre) -> bool:
    """Published offres of published organisations are public (closed ones too, by their
    link); the others only for the organisation's members and staff."""
    if offre.statut == Statut.PUBLIEE and offre.organisation.statut == Statut.PUBLIEE:
        return True
    return user.is_authenticated and (user.is_staff or is_member(user, offre.organisation))


def can_edit_offre(user, offre: Offre) -> bool:
    """Any member of the organisation (DESIGN.md §5), and staff."""
    return user.is_authenticated and (user.is_staff or is_member(user, offre.organisation))


def get_offre_to_view_or_404(user, slug: str) -> Offre:
    offre = get_object_or_404(Offre.objects.for_detail(), slug=slug)
    if not can_view_offre(user, offre):
        raise Http404
    return offre


def get_offre_to_edit_or_404(user, slug: str) -> Offre:
    offre = get_object_or_404(Offre.objects.select_related("organisation", "commune"), slug=slug)
    if not can_edit_offre(user, offre):
        raise Http404
    return offre


def get_offre_to_contact_or_404(user, slug: str) -> Offre:
    """Only an open, published offre can be contacted."""
    return get_object_or_404(
        Offre.objects.visible().select_related("organisation", "commune"), slug=slug
    )


def can_view_mise_en_relation(user, mise_en_relation: MiseEnRelation) -> bool:
    """Members of either organisation see the thread; staff too. A request still waiting for
    its sender's publication has not reached the receiving organisation: only the sender's
    members (and staff) see it until then."""
    if not user.is_authenticated:
        return False
    if user.is_staff or is_member(user, mise_en_relation.emettrice):
        return True
    delivered = mise_en_relation.etat != MiseEnRelation.Etat.EN_ATTENTE_PUBLICATION
    return delivered and is_member(user, mise_en_relation.destinataire)


def can_answer_mise_en_relation(user, mise_en_relation: MiseEnRelation) -> bool:
    """Only the receiving organisation's members answer (staff do not answer for them), once
    the request has reached them."""
    return (
        user.is_authenticated
        and mise_en_relation.etat != MiseEnRelation.Etat.EN_ATTENTE_PUBLICATION
        and is_member(user, mise_en_relation.destinataire)
    )


def get_mise_en_relation_to_view_or_404(user, pk: int) -> MiseEnRelation:
    mise_en_relation = get_object_or_404(
        MiseEnRelation.objects.select_related(
            "offre", "emettrice", "emettrice__siege", "destinataire", "sent_by", "answered_by"
        ),
        pk=pk,
    )
    if not can_view_mise_en_relation(user, mise_en_relation):
        raise Http404
    return mise_en_relation


def get_mise_en_relation_to_answer_or_404(user, pk: int) -> MiseEnRelation:
    mise_en_relation = get_mise_en_relation_to_view_or_404(user, pk)
    if not can_answer_mise_en_relation(user, mise_en_relation):
        raise Http404
    return mise_en_relation


def get_mise_en_relation_to_declare_or_404(user, pk) -> MiseEnRelation:
    """An accepted mise en relation the user takes part in, to pre-fill an alliance."""
    mise_en_relation = get_object_or_404(MiseEnRelation.objects.for_declaration(), pk=pk)
    if mise_en_relation.etat != MiseEnRelation.Etat.ACCEPTEE or not can_view_mise_en_relation(
        user, mise_en_relation
    ):
        raise Http404
    return mise_en_relation


def get_alerte_or_404(user, pk: int) -> Alerte:
    return get_object_or_404(Alerte, pk=pk, user=user if user.is_authenticated else None)
