from django.urls import path

from observatoire import views

app_name = "observatoire"

urlpatterns = [
    path("", views.observatoire, name="index"),
    path("telecharger/<slug:slug>.csv", views.observatoire_csv, name="csv"),
    path("widget/", views.observatoire_widget, name="widget"),
]
