from django.urls import path

from moderation import views

app_name = "moderation"

urlpatterns = [
    path("moderation/", views.file, name="file"),
    path(
        "moderation/tableau-de-bord/",
        views.tableau_de_bord,
        name="tableau_de_bord",
    ),
    path("moderation/regles/", views.regles, name="regles"),
    path("moderation/chiffres/", views.chiffres, name="chiffres"),
    path(
        "moderation/chiffres/<slug:niveau>/<slug:slug>/",
        views.chiffres,
        name="chiffres_territoire",
    ),
    path(
        "moderation/recours/<int:pk>/",
        views.recours_trancher,
        name="recours",
    ),
    path(
        "moderation/historique/<slug:nature>/<int:pk>/",
        views.historique,
        name="historique",
    ),
    path("moderation/<slug:nature>/<int:pk>/", views.examen, name="examen"),
    path(
        "moderation/<slug:nature>/<int:pk>/journal/",
        views.journal,
        name="journal",
    ),
    path(
        "moderation/<slug:nature>/<int:pk>/decider/",
        views.decider,
        name="decider",
    ),
    path(
        "moderation/<slug:nature>/<int:pk>/signalements/",
        views.signalements_classer,
        name="signalements_classer",
    ),
    path("signaler/<slug:nature>/<slug:slug>/", views.signaler, name="signaler"),
]
