from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.contrib.sitemaps import views as sitemaps_views
from django.urls import include, path

from alliances.sitemaps import SITEMAPS as ALLIANCES_SITEMAPS
from config import views
from config.sitemaps import PagesSitemap
from observatoire import urls_territoires as observatoire_territoires_urls
from observatoire import views_stats
from observatoire.sitemaps import SITEMAPS as OBSERVATOIRE_SITEMAPS
from offres.sitemaps import SITEMAPS as OFFRES_SITEMAPS
from organisations.sitemaps import SITEMAPS as ORGANISATIONS_SITEMAPS
from ressources.sitemaps import SITEMAPS as RESSOURCES_SITEMAPS
from territoires import urls as territoires_urls

SITEMAPS = {
    "pages": PagesSitemap,
    **OFFRES_SITEMAPS,
    **ALLIANCES_SITEMAPS,
    **ORGANISATIONS_SITEMAPS,
    **OBSERVATOIRE_SITEMAPS,
    **RESSOURCES_SITEMAPS,
}

# /territoires/ holds the referential's own URL (the commune autocomplete, first) and the
# territory pages of the observatoire: one namespace, `territoires`, for both.
TERRITOIRES_URLS = (
    territoires_urls.urlpatterns + observatoire_territoires_urls.urlpatterns,
    "territoires",
)

urlpatterns = [
    path("", views.accueil, name="accueil"),
    path("sante/", views.sante, name="sante"),
    path("sante/pret/", views.sante_pret, name="sante_pret"),
    path(
        "sitemap.xml",
        login_not_required(sitemaps_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        login_not_required(sitemaps_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path("comptes/", include("comptes.urls")),
    path("territoires/", include(TERRITOIRES_URLS)),
    path("ressources/", include("ressources.urls")),
    path("observatoire/", include("observatoire.urls")),
    path("stats/", views_stats.stats, name="stats"),
    path("donnees/", include("opendata.urls")),
    path("pages/", include("pages.urls")),
    path("api/v1/", include("api.urls")),
    path("", include("moderation.urls")),
    path("", include("organisations.urls")),
    path("", include("chartes.urls")),
    path("", include("alliances.urls")),
    path("", include("conventions.urls")),
    path("", include("suivis.urls")),
    path("", include("offres.urls")),
    path("", include("espace.urls")),
    path("admin/", admin.site.urls),
]

# Uploaded files (logos) are served by Django only in local use; a server serves MEDIA_ROOT
# itself (see README).
urlpatterns += static(settings.MEDIA_URL, view=views.media, document_root=settings.MEDIA_ROOT)
