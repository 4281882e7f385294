from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.contrib.sitemaps import views as sitemaps_views
from django.urls import include, path

from alliances.sitemaps import SITEMAPS
from config import views

# Sections of the main navigation that later issues fill in; until then they say so.
RUBRIQUES_A_VENIR = [
    (
        "offres/",
        "offres",
        "Offres",
        "Les offres de partenariat : ce que les acteurs proposent ou recherchent.",
    ),
    (
        "ressources/",
        "ressources",
        "Ressources",
        "Le kit « ODD 17 en pratique » et la bibliothèque d'outils.",
    ),
    ("observatoire/", "observatoire", "Observatoire", "Les chiffres des alliances en France."),
]

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
    path("", include("alliances.urls")),
    path("admin/", admin.site.urls),
]
urlpatterns += [
    path(route, views.rubrique_a_venir, {"titre": titre, "description": texte}, name=name)
    for route, name, titre, texte in RUBRIQUES_A_VENIR
]

# Uploaded files (logos) are served by Django only in local use; a server serves MEDIA_ROOT
# itself (see README).
urlpatterns += static(settings.MEDIA_URL, view=views.media, document_root=settings.MEDIA_ROOT)
