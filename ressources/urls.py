from django.contrib.auth.decorators import login_not_required
from django.urls import path

from ressources import views
from ressources.feeds import RessourcesFeed

app_name = "ressources"

urlpatterns = [
    path("", views.ressource_list, name="ressource_list"),
    path("flux/", login_not_required(RessourcesFeed()), name="ressource_feed"),
    path("kit-odd-17/", views.kit, name="kit"),
    path("je-suis/<slug:profil>/", views.parcours, name="parcours"),
    path("autodiagnostic/", views.autodiagnostic, name="autodiagnostic"),
    path("<slug:slug>/", views.ressource_detail, name="ressource_detail"),
    path("<slug:slug>/fichier/", views.ressource_fichier, name="ressource_fichier"),
]
