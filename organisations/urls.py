from django.urls import path

from organisations import views

app_name = "organisations"

urlpatterns = [
    path(
        "acteurs/autocompletion/",
        views.organisation_autocomplete,
        name="organisation_autocomplete",
    ),
    path("acteurs/", views.organisation_list, name="organisation_list"),
    path("acteurs/<slug:slug>/", views.organisation_detail, name="organisation_detail"),
    path("acteurs/<slug:slug>/rejoindre/", views.demande_adhesion, name="demande_adhesion"),
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
