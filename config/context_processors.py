"""Context every page's template reads."""

from django.conf import settings
from django.http import HttpRequest


def mesure_audience(request: HttpRequest) -> dict:
    """Context processor (config/settings/base.py): Matomo's address and site, read on each
    request, or nothing when either is unset, and then no script at all."""
    url, site_id = settings.MATOMO_URL, settings.MATOMO_SITE_ID
    if not (url and site_id):
        return {"mesure_audience": None}
    return {"mesure_audience": {"url": url.rstrip("/") + "/", "site_id": site_id}}
