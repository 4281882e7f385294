"""Who answers a follow-up, who evaluates an alliance, who watches follow-ups (DESIGN.md §5).

A follow-up answer and an evaluation speak for an organisation: any member of a partner whose
part is confirmed writes them, nobody else (staff included: they read them in the admin). An
evaluation is private: only its organisation's members see it. Catalyseurs see the follow-up
states of the alliances in their perimeter, never an answer's content beyond what the
alliance's public page shows. Fetch-and-check helpers answer 404 for missing and forbidden
alike."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from alliances.models import Alliance, Participation
from moderation.models import perimeter_rows
from organisations.models import Organisation
from suivis.models import Suivi


def is_partner_member(user, alliance_id: int, organisation: Organisation) -> bool:
    """A member (any role) of an organisation whose part in the alliance is confirmed."""
    if not user.is_authenticated:
        return False
    return Participation.objects.filter(
        alliance=alliance_id,
        organisation=organisation,
        etat=Participation.Etat.CONFIRMEE,
        organisation__membres__user=user,
    ).exists()


def _partner_or_404(user, alliance_id: int, slug: str) -> Organisation:
    """The organisation of this slug, when the user is a member of it and it is a confirmed
    partner of the alliance: one query."""
    if not user.is_authenticated:
        raise Http404
    participation = (
        Participation.objects.filter(
            alliance=alliance_id,
            organisation__slug=slug,
            etat=Participation.Etat.CONFIRMEE,
            organisation__membres__user=user,
        )
        .select_related("organisation")
        .first()
    )
    if participation is None:
        raise Http404
    return participation.organisation


def get_suivi_to_answer_or_404(user, pk: int, slug: str) -> tuple[Suivi, Organisation]:
    suivi = get_object_or_404(Suivi.objects.select_related("alliance"), pk=pk)
    return suivi, _partner_or_404(user, suivi.alliance_id, slug)


def get_alliance_to_evaluate_or_404(user, slug: str, organisation: str):
    alliance = get_object_or_404(Alliance, slug=slug)
    return alliance, _partner_or_404(user, alliance.pk, organisation)


def territoire_rows_or_404(user) -> list[tuple]:
    """The appointments of a catalyseur (staff: none needed), or 404 for anyone else."""
    if not user.is_authenticated or not user.is_active:
        raise Http404
    if user.is_staff:
        return []
    rows = perimeter_rows(user)
    if not rows:
        raise Http404
    return rows
