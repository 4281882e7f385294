"""A new version of the conditions générales is accepted before going on: a logged-in account
asked to accept it (User.cgu_a_accepter, loaded with the user: no query) is sent to the
acceptance page from any page it opens, and comes back to that page afterwards."""

from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse

# Paths that stay open: the acceptance and the texts it links to, logging out, the admin, the
# API and files, and the service's health.
OUVERTS = ("/pages/", "/comptes/", "/admin/", "/api/", "/static/", "/media/", "/sante/")


class CGUMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and user.cgu_a_accepter
            # A form being sent goes through (nothing typed is lost); the next page asks.
            and request.method in ("GET", "HEAD")
            and not request.path.startswith(OUVERTS)
        ):
            url = (
                f"{reverse('pages:cgu_accepter')}?{urlencode({'suivant': request.get_full_path()})}"
            )
            response = redirect(url)
            if getattr(request, "htmx", False):
                # htmx would swap the acceptance page into a fragment: a full navigation instead.
                response["HX-Redirect"] = url
            return response
        return self.get_response(request)
