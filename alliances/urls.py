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
    path(
        "acteurs/autocompletion/",
        views.organisation_autocomplete,
        name="organisation_autocomplete",
    ),
    path("acteurs/", views.organisation_list, name="organisation_list"),
    path("acteurs/<slug:slug>/", views.organisation_detail, name="organisation_detail"),
    path("acteurs/<slug:slug>/rejoindre/", views.demande_adhesion, name="demande_adhesion"),
    path("espace/", views.espace, name="espace"),
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
    path("espace/organisation-active/", views.organisation_active, name="organisation_active"),
    path("espace/organisations/nouvelle/", views.organisation_create, name="organisation_create"),
    path("espace/organisations/<slug:slug>/", views.organisation_edit, name="organisation_edit"),
    path("espace/organisations/<slug:slug>/membres/", views.membres, name="membres"),
    path("espace/membres/<int:pk>/role/", views.membre_role, name="membre_role"),
    path("espace/membres/<int:pk>/retirer/", views.membre_remove, name="membre_remove"),
    path("espace/invitations/<int:pk>/annuler/", views.invitation_revoke, name="invitation_revoke"),
    path("espace/invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("espace/demandes/<int:pk>/<slug:decision>/", views.demande_decide, name="demande_decide"),
]

# Offres, mises en relation et alertes
urlpatterns += [
    path("offres/", views.offre_list, name="offre_list"),
    path("offres/<slug:slug>/", views.offre_detail, name="offre_detail"),
    path(
        "offres/<slug:slug>/contacter/",
        views.mise_en_relation_create,
        name="mise_en_relation_create",
    ),
    path("alertes/desabonnement/<str:token>/", views.alerte_unsubscribe, name="alerte_unsubscribe"),
    path("espace/offres/nouvelle/", views.offre_create, name="offre_create"),
    path("espace/offres/<slug:slug>/modifier/", views.offre_edit, name="offre_edit"),
    path("espace/offres/<slug:slug>/<slug:action>/", views.offre_etat, name="offre_etat"),
    path("espace/mises-en-relation/", views.mise_en_relation_list, name="mise_en_relation_list"),
    path(
        "espace/mises-en-relation/<int:pk>/",
        views.mise_en_relation_detail,
        name="mise_en_relation_detail",
    ),
    path("espace/alertes/", views.alerte_list, name="alerte_list"),
    path("espace/alertes/nouvelle/", views.alerte_new, name="alerte_new"),
    path("espace/alertes/<int:pk>/supprimer/", views.alerte_delete, name="alerte_delete"),
]
