"""Writes of the conditions générales: a new version, an acceptance."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from pages.models import AcceptationCGU, Page


@transaction.atomic
def cgu_publish(page: Page) -> Page:
    """A new version of the conditions générales, in force now: every account is asked to
    accept it at its next page (one UPDATE; an account created later accepts it by signing up)."""
    Page.objects.filter(pk=page.pk).update(version=F("version") + 1, en_vigueur_le=timezone.now())
    get_user_model().objects.update(cgu_a_accepter=True)
    page.refresh_from_db()
    return page


@transaction.atomic
def cgu_accept(user) -> AcceptationCGU | None:
    """The account accepts the version in force (None: the site has no conditions générales
    yet); accepting twice keeps the first acceptance. The page's row lock orders it with a new
    version being published: the acceptance is of the version that was in force."""
    page = Page.objects.select_for_update().filter(slug=Page.Slug.CGU).first()
    if page is None:
        return None
    acceptation, _ = AcceptationCGU.objects.get_or_create(user=user, version=page.version)
    get_user_model().objects.filter(pk=user.pk).update(cgu_a_accepter=False)
    user.cgu_a_accepter = False
    return acceptation
