from django.urls import path

from conventions import views

app_name = "conventions"

urlpatterns = [
    path("espace/conventions/", views.convention_list, name="convention_list"),
    path("espace/conventions/nouvelle/", views.convention_new, name="convention_new"),
    path("espace/conventions/<int:pk>/", views.convention_detail, name="convention_detail"),
    path("espace/conventions/<int:pk>/modifier/", views.convention_edit, name="convention_edit"),
    path(
        "espace/conventions/<int:pk>/valider/",
        views.convention_validate,
        name="convention_validate",
    ),
    path(
        "espace/conventions/<int:pk>/version-<int:numero>.<slug:extension>",
        views.convention_document,
        name="convention_document",
    ),
]
