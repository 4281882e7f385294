"""Who may read a resource: published ones are public, the others only for the staff who edit
them (a preview before publication). 404 for "missing" and "forbidden" alike."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from ressources.models import Ressource


def can_view_ressource(user, ressource: Ressource) -> bool:
    if ressource.is_published:
        return True
    return user.is_authenticated and user.is_staff


def get_ressource_to_view_or_404(user, slug: str) -> Ressource:
    ressource = get_object_or_404(Ressource.objects.for_detail(), slug=slug)
    if not can_view_ressource(user, ressource):
        raise Http404
    return ressource
