"""The territory pages, under /territoires/. config/urls.py mounts them in the `territoires`
namespace, with the referential's own URL (territoires/urls.py, the commune autocomplete, which
comes first: « autocompletion » would read as a commune's slug)."""

from django.urls import path

from observatoire import views

urlpatterns = [
    path("", views.region_list, name="region_list"),
    path("regions/<slug:slug>/", views.region_detail, name="region"),
    path("departements/<slug:slug>/", views.departement_detail, name="departement"),
    path("epci/<slug:slug>/", views.epci_detail, name="epci"),
    path("communes/<slug:slug>/", views.commune_detail, name="commune"),
]
