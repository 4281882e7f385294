from django.urls import path

from opendata import views

app_name = "opendata"

urlpatterns = [
    path("", views.index, name="index"),
    path("datapackage.json", views.datapackage, name="datapackage"),
    path("CHANGELOG.md", views.changelog, name="changelog"),
    path("schemas/<slug:name>.json", views.schema, name="schema"),
    path("<slug:name>.<str:extension>", views.export, name="export"),
]
