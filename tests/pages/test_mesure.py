"""Audience measurement (issue 18, item 6): Matomo without cookies, in the configuration the CNIL
exempts from consent; nothing at all while no Matomo address is set."""

import os
import re
import runpy
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

MATOMO = "https://stats.exemple.gouv.fr/"
MESURE_JS = Path(django_settings.BASE_DIR) / "static/js/mesure.js"
REGLAGES = Path(django_settings.BASE_DIR) / "config/settings/base.py"


def _directives(header: str) -> dict[str, list[str]]:
    return {d.split(" ")[0]: d.split(" ")[1:] for d in header.split("; ")}


def _politique_avec_matomo(monkeypatch) -> dict:
    """The Content-Security-Policy that config/settings/base.py builds when the environment
    names a Matomo server: the settings module run again in a fresh namespace."""
    monkeypatch.setenv("MATOMO_URL", MATOMO)
    monkeypatch.setenv("MATOMO_SITE_ID", "42")
    assert os.environ["SECRET_KEY"]  # set by the test settings
    return runpy.run_path(str(REGLAGES))["CONTENT_SECURITY_POLICY"]


def test_sans_adresse_matomo_aucun_script_ni_origine(client):
    assert django_settings.MATOMO_URL == ""
    response = client.get(reverse("accueil"))
    assert "mesure.js" not in response.content.decode()
    assert "stats.exemple.gouv.fr" not in response["Content-Security-Policy"]


def test_une_adresse_sans_site_n_emet_rien(client, settings):
    settings.MATOMO_URL = MATOMO
    settings.MATOMO_SITE_ID = ""
    assert "mesure.js" not in client.get(reverse("accueil")).content.decode()


def test_avec_matomo_le_script_porte_l_adresse_et_la_csp_l_autorise(client, settings, monkeypatch):
    settings.MATOMO_URL = MATOMO.rstrip("/")
    settings.MATOMO_SITE_ID = "42"
    settings.CONTENT_SECURITY_POLICY = _politique_avec_matomo(monkeypatch)
    for url in (reverse("accueil"), reverse("stats"), reverse("alliances:alliance_list")):
        response = client.get(url)
        html = response.content.decode()
        tags = re.findall(r"<script [^>]*mesure\.js[^>]*>", html)
        assert len(tags) == 1, url
        assert f'data-matomo-url="{MATOMO}"' in tags[0]
        assert 'data-matomo-site="42"' in tags[0]
        # A static file with its data: no inline script.
        assert html.count("<script>") == 0
        directives = _directives(response["Content-Security-Policy"])
        for directive in ("script-src", "connect-src", "img-src"):
            assert directives[directive][0] == "'self'"
            assert "https://stats.exemple.gouv.fr" in directives[directive]
        assert "https://stats.exemple.gouv.fr" not in directives["default-src"]


def test_sans_matomo_les_reglages_n_ajoutent_aucune_origine(monkeypatch):
    monkeypatch.delenv("MATOMO_URL", raising=False)
    politique = runpy.run_path(str(REGLAGES))["CONTENT_SECURITY_POLICY"]
    assert politique["DIRECTIVES"]["script-src"] == ["'self'"]
    assert politique["DIRECTIVES"]["connect-src"] == ["'self'"]


def test_le_script_coupe_les_cookies_avant_de_compter():
    script = MESURE_JS.read_text()
    ordre = [
        script.index('"disableCookies"'),
        script.index('"trackPageView"'),
        script.index('"enableLinkTracking"'),
    ]
    assert ordre == sorted(ordre)
    assert 'base + "matomo.js"' in script
    # No user id, no cross-site linking, nothing that would need consent.
    for appel in ("setUserId", "enableCrossDomainLinking", "setCookieConsentGiven"):
        assert appel not in script


def test_la_page_des_donnees_personnelles_decrit_la_mesure(client):
    html = client.get(reverse("pages:page", args=["donnees-personnelles"])).content.decode()
    assert "Matomo sans aucun cookie" in html
    assert "dispensée de consentement par la CNIL" in html
