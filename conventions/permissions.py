"""Who sees and writes a convention (DESIGN.md §5): the members of its parties read and edit
the draft, each party's admins validate it in its name. Nobody else — neither a catalyseur nor
staff on the site (staff read it in the admin): a missing and a forbidden convention answer
404 alike."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from conventions.models import Convention
from organisations.models import Membre, Organisation


def my_party_ids(user, convention: Convention) -> set[int]:
    """The parties of the convention that the user belongs to, in one query."""
    if not user.is_authenticated:
        return set()
    return set(
        convention.parties.actives()
        .filter(organisation__membres__user=user)
        .values_list("organisation_id", flat=True)
    )


def organisations_to_validate_for(user, convention: Convention) -> list[Organisation]:
    """The parties for which the user may validate: those they administer."""
    if not user.is_authenticated:
        return []
    parties = convention.parties.actives().values("organisation")
    return list(
        Organisation.objects.filter(
            pk__in=parties, membres__user=user, membres__role=Membre.Role.ADMIN
        ).order_by("nom")
    )


def get_convention_to_view_or_404(user, pk: int) -> Convention:
    convention = get_object_or_404(Convention.objects.select_related("alliance"), pk=pk)
    if not my_party_ids(user, convention):
        raise Http404
    return convention


def get_convention_to_edit_or_404(user, pk: int) -> Convention:
    """A draft, for a member of one of its parties; a frozen one is read, not edited."""
    convention = get_convention_to_view_or_404(user, pk)
    if not convention.is_draft:
        raise Http404
    return convention
