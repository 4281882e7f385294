from django.urls import path

from suivis import views

app_name = "suivis"

urlpatterns = [
    path("espace/suivis/", views.mes_suivis, name="mes_suivis"),
    path("espace/suivis/territoire/", views.territoire, name="territoire"),
    path("espace/suivis/<int:pk>/<slug:organisation>/", views.reponse, name="reponse"),
    path(
        "espace/alliances/<slug:slug>/evaluation/<slug:organisation>/",
        views.evaluation,
        name="evaluation",
    ),
]
