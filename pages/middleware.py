"""A new version of the conditions générales is accepted before going on: a logged-in account
asked to accept it (User.cgu_a_accepter, loaded with the user: no query) is sent to the
acceptance page from any page it opens, and comes back to that page afterwards.

Only the opening of a page is redirected. A form being sent goes through (nothing typed is
lost) and the next page asks; an htmx request reloads the whole page it came from on the
acceptance page (htmx follows a plain redirection itself and would swap the acceptance page into
a fragment); a script's fetch (suggestions, map points) is answered as usual, since it expects
JSON and shows no page."""

from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse
from django_htmx.http import HttpResponseClientRedirect

# Paths that stay open: the acceptance and the texts it links to, logging out, the admin, the
# API and files, the service's health, and unsubscribing from an email's link.
OUVERTS = (
    "/pages/",
    "/comptes/",
    "/admin/",
    "/api/",
    "/static/",
    "/media/",
    "/sante/",
    "/alertes/desabonnement/",
)


def _acceptance_url(suivant: str) -> str:
    return f"{reverse('pages:cgu_accepter')}?{urlencode({'suivant': suivant})}"


class CGUMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and user.cgu_a_accepter
            and request.method in ("GET", "HEAD")
            and not request.path_info.startswith(OUVERTS)
        ):
            htmx = getattr(request, "htmx", None)
            if htmx:
                return HttpResponseClientRedirect(_acceptance_url(htmx.current_url_abs_path or "/"))
            # Browsers name what a request is for; only the opening of a page is redirected.
            if request.headers.get("Sec-Fetch-Mode", "navigate") == "navigate":
                return redirect(_acceptance_url(request.get_full_path()))
        return self.get_response(request)
