"""Security headers (issue 14, item 6): the exact Content-Security-Policy, Permissions-Policy
and cross-origin headers of the main pages, and the widget that other sites frame."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.factories import AllianceFactory

POLITIQUE = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: data.geopf.fr; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'; upgrade-insecure-requests"
)


def _directives(header: str) -> dict[str, str]:
    return {d.split(" ", 1)[0]: d.partition(" ")[2] for d in header.split("; ")}


def _assert_entetes_du_site(response):
    assert response.status_code == 200, response.status_code
    assert _directives(response["Content-Security-Policy"]) == _directives(POLITIQUE)
    assert "Content-Security-Policy-Report-Only" not in response
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    permissions = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"):
        assert feature in permissions


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/alliances/",
        "/observatoire/",
        "/comptes/login/",
        "/admin/login/",
        "/api/v1/",  # the API documentation
        "/api/v1/schema/",
    ],
)
def test_les_pages_portent_la_politique_de_securite_stricte(client, url):
    if url.startswith("/comptes/"):
        url = reverse("account_login")
    response = client.get(url, follow=False)
    if response.status_code in (301, 302):
        response = client.get(response["Location"])
    _assert_entetes_du_site(response)


@pytest.mark.django_db
def test_la_fiche_d_une_alliance_porte_la_politique_et_ses_blocs_de_donnees(client):
    alliance = AllianceFactory()
    response = client.get(alliance.get_absolute_url())
    _assert_entetes_du_site(response)
    html = response.content.decode()
    # The JSON-LD block is data (not run), which script-src does not govern; no other inline
    # script and no style attribute anywhere in the page.
    assert '<script type="application/ld+json">' in html
    assert html.count("<script>") == 0
    assert " style=" not in html
    assert "<style" not in html


@pytest.mark.django_db
def test_le_widget_se_laisse_encadrer_par_tout_site_meme_depuis_le_cache(client):
    cache.clear()
    AllianceFactory()
    for _ in range(2):  # the second answer comes from cache_page
        response = client.get(reverse("observatoire:widget"))
        assert response.status_code == 200
        directives = _directives(response["Content-Security-Policy"])
        assert directives["frame-ancestors"] == "*"
        assert directives["script-src"] == "'self'"
        assert directives["default-src"] == "'self'"
        assert "X-Frame-Options" not in response
        assert response["Cross-Origin-Resource-Policy"] == "cross-origin"


@pytest.mark.django_db
def test_les_fichiers_statiques_portent_aussi_les_entetes(client, settings):
    response = client.get("/static/css/erreur.css")
    response.close()
    if response.status_code == 404:
        pytest.skip("fichiers statiques non collectés (whitenoise sert STATIC_ROOT)")
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


def test_la_page_500_n_a_plus_de_style_en_ligne():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "<style" not in html
    assert '<link rel="stylesheet" href="/static/css/erreur.css">' in html


def test_aucun_gabarit_n_a_de_style_ni_de_gestionnaire_en_ligne():
    # style-src and script-src 'self' refuse both: a page would lose them silently.
    from pathlib import Path

    from django.conf import settings

    attribut = re.compile(r"\s(style|on[a-z]+)=", re.IGNORECASE)
    fautes = [
        f"{path.relative_to(settings.BASE_DIR)} : {match.group(0).strip()}"
        for path in sorted((settings.BASE_DIR / "templates").rglob("*.html"))
        for match in attribut.finditer(Path(path).read_text(encoding="utf-8"))
    ]
    assert fautes == []
