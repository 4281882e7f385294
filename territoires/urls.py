"""The referential's URL: the commune autocomplete. config/urls.py mounts it under /territoires/
in the `territoires` namespace, with the territory pages (observatoire/urls_territoires.py)."""

from django.urls import path

from territoires import views

urlpatterns = [
    path("communes/autocompletion/", views.commune_autocomplete, name="commune_autocomplete"),
]
