from django.urls import path

from offres import views

app_name = "offres"

urlpatterns = [
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
