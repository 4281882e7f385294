"""Who signs the charter for an organisation: one of its admins, and nobody else (staff
included: a signature commits the organisation, not the platform)."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from organisations.models import Organisation
from organisations.permissions import is_admin


def get_organisation_to_sign_or_404(user, slug: str) -> Organisation:
    """404 for a missing organisation and for one the user does not administer alike."""
    organisation = get_object_or_404(Organisation, slug=slug)
    if not is_admin(user, organisation):
        raise Http404
    return organisation
