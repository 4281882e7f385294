from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.contrib.sitemaps import views as sitemaps_views
from django.urls import include, path

from alliances.sitemaps import SITEMAPS as ALLIANCES_SITEMAPS
from config import views
from ressources.sitemaps import SITEMAPS as RESSOURCES_SITEMAPS

SITEMAPS = {**ALLIANCES_SITEMAPS, **RESSOURCES_SITEMAPS}

urlpatterns = [
    path("", views.accueil, name="accueil"),
    path("sante/", views.sante, name="sante"),
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
    path("comptes/", include("allauth.urls")),
    path("territoires/", include("territoires.urls")),
    path("ressources/", include("ressources.urls")),
    path("observatoire/", include("territoires.urls_observatoire")),
    path("donnees/", include("opendata.urls")),
    path("api/v1/", include("config.api")),
    path("", include("moderation.urls")),
    path("", include("organisations.urls")),
    path("", include("alliances.urls")),
    path("", include("offres.urls")),
    path("", include("espace.urls")),
    path("admin/", admin.site.urls),
]

# Uploaded files (logos) are served by Django only in local use; a server serves MEDIA_ROOT
# itself (see README).
urlpatterns += static(settings.MEDIA_URL, view=views.media, document_root=settings.MEDIA_ROOT)
