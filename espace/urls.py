from django.urls import path

from espace import views

app_name = "espace"

urlpatterns = [
    path("espace/", views.espace, name="accueil"),
]
