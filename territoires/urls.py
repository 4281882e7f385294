from django.urls import path

from territoires import views

app_name = "territoires"

urlpatterns = [
    path("", views.region_list, name="region_list"),
    path("regions/<slug:slug>/", views.region_detail, name="region"),
    path("departements/<slug:slug>/", views.departement_detail, name="departement"),
    path("epci/<slug:slug>/", views.epci_detail, name="epci"),
    path("communes/autocompletion/", views.commune_autocomplete, name="commune_autocomplete"),
    path("communes/<slug:slug>/", views.commune_detail, name="commune"),
]
