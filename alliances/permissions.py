"""Who may do what with an alliance and its participations (DESIGN.md §5). Pure predicates,
plus fetch-and-check helpers that answer 404 for "missing" and "forbidden" alike, so nobody can
probe what exists."""

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from alliances.models import Alliance, Participation
from moderation.models import Decision, Soumission, Statut
from organisations.permissions import can_manage_members, my_organisation_ids


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


def can_see_partner_states(user, alliance: Alliance) -> bool:
    """Whether the user sees every partner of the alliance with the state of its part
    (confirmed, awaiting confirmation, invited by email): staff, and the members of an
    organisation that takes part or is asked to (not one that declined). Everyone else sees
    the confirmed partners only."""
    if not user.is_authenticated:
        return False
    return (
        user.is_staff
        or alliance.participations.filter(organisation__membres__user=user)
        .exclude(etat=Participation.Etat.REFUSEE)
        .exists()
    )


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
