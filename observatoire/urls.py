from django.urls import path

from observatoire import views

app_name = "observatoire"

urlpatterns = [
    path("", views.observatoire, name="index"),
    path("impact/", views.observatoire_impact, name="impact"),
    path("impact/telecharger.csv", views.observatoire_impact_csv, name="impact_csv"),
    path("telecharger/<slug:slug>.csv", views.observatoire_csv, name="csv"),
    path("widget/", views.observatoire_widget, name="widget"),
]
