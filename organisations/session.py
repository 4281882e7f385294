"""The organisation a member acts for, remembered in their session: the espace pro's pages
preselect it (a person may belong to several organisations)."""

from django.http import HttpRequest

from organisations.models import Membre

SESSION_ORGANISATION_ACTIVE = "organisation_active"


def active_membership(request: HttpRequest, memberships: list[Membre]) -> Membre | None:
    """The membership of the organisation chosen in this session, else the first one."""
    active_pk = request.session.get(SESSION_ORGANISATION_ACTIVE)
    for member in memberships:
        if member.organisation_id == active_pk:
            return member
    return memberships[0] if memberships else None
