"""The account pages (allauth's views) at French addresses, under /comptes/. The English
addresses allauth gives them answer with a permanent redirect to the French ones, so that old
links and bookmarks still work. Every route allauth declares must have its French route here:
tests/comptes/test_adresses.py fails on a new one."""

from allauth.account import urls as allauth_urls
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponsePermanentRedirect
from django.urls import path, re_path
from django.views.generic import RedirectView

from comptes import views


class VersLAdresseFrancaise(RedirectView):
    """A 301 for a page opened at its English address; a 308 for a form sent there, which
    then reaches the French address as it was sent (after a 301, a browser sends a GET)."""

    permanent = True
    query_string = True

    def post(self, request, *args, **kwargs):
        url = self.get_redirect_url(*args, **kwargs)
        return HttpResponsePermanentRedirect(url, preserve_request=True)


FRANCAIS = {
    "login/": "connexion/",
    "logout/": "deconnexion/",
    "inactive/": "compte-inactif/",
    "signup/": "inscription/",
    "reauthenticate/": "reauthentification/",
    "reauthenticate/code/": "reauthentification/code/",
    "reauthenticate/code/confirm/": "reauthentification/code/confirmer/",
    "email/": "courriels/",
    "confirm-email/": "confirmation-envoyee/",
    "password/change/": "mot-de-passe/modifier/",
    "password/set/": "mot-de-passe/choisir/",
    "password/reset/": "mot-de-passe/reinitialiser/",
    "password/reset/done/": "mot-de-passe/reinitialiser/lien-envoye/",
    "password/reset/key/done/": "mot-de-passe/reinitialiser/termine/",
    "login/code/confirm/": "connexion/code/confirmer/",
    r"^confirm-email/(?P<key>[-:\w]+)/$": r"^confirmer-le-courriel/(?P<key>[-:\w]+)/$",
    r"^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$": (
        r"^mot-de-passe/reinitialiser/cle/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$"
    ),
}
# Our own view where allauth's needs more (comptes/views.py).
VUES = {"account_signup": views.signup}


def _routes():
    francais, anglais = [], []
    for pattern in allauth_urls.urlpatterns:
        route = str(pattern.pattern)
        regex = route.startswith("^")
        build = re_path if regex else path
        view = VUES.get(pattern.name, pattern.callback)
        francais.append(build(FRANCAIS[route], view, name=pattern.name))
        redirect = login_not_required(VersLAdresseFrancaise.as_view(pattern_name=pattern.name))
        anglais.append(build(route, redirect))
    return francais + anglais


urlpatterns = [
    *_routes(),
    path("mes-donnees/", views.mes_donnees, name="mes_donnees"),
    path("mes-donnees/<slug:jeton>/", views.mes_donnees_export, name="mes_donnees_export"),
    path("supprimer/", views.compte_supprimer, name="compte_supprimer"),
]
