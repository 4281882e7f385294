"""Who may do what with an organisation and its people (DESIGN.md §5). Pure predicates, plus
fetch-and-check helpers that answer 404 for "missing" and "forbidden" alike."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from moderation.models import Statut
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


def my_organisation_ids(user) -> set[int]:
    """The ids of the user's organisations, in one query (none for a visitor)."""
    if not user.is_authenticated:
        return set()
    return set(Membre.objects.filter(user=user).values_list("organisation_id", flat=True))
