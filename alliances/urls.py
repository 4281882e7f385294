from django.contrib.auth.decorators import login_not_required
from django.urls import path

from alliances import views
from alliances.feeds import AlliancesFeed

app_name = "alliances"

urlpatterns = [
    path("alliances/", views.alliance_list, name="alliance_list"),
    path("alliances/flux/", login_not_required(AlliancesFeed()), name="alliance_feed"),
    path(
        "alliances/flux/<slug:niveau>/<slug:slug>/",
        login_not_required(AlliancesFeed()),
        name="alliance_feed_territoire",
    ),
    path("alliances/carte/", views.alliance_map, name="alliance_map"),
    path("alliances/carte/points/", views.alliance_map_points, name="alliance_map_points"),
    path("alliances/<slug:slug>/", views.alliance_detail, name="alliance_detail"),
    path("espace/alliances/declarer/", views.alliance_declare, name="alliance_declare"),
    path("espace/alliances/<slug:slug>/", views.alliance_edit, name="alliance_edit"),
    path(
        "espace/alliances/<slug:slug>/partenaires/",
        views.alliance_partners_add,
        name="alliance_partners_add",
    ),
    path(
        "espace/alliances/<slug:slug>/partenaires/<int:pk>/retirer/",
        views.participation_remove,
        name="participation_remove",
    ),
    path(
        "espace/participations/<int:pk>/<slug:decision>/",
        views.participation_decide,
        name="participation_decide",
    ),
]
