"""/api/v1/: the routes that the apps registered (api/registry.py), the OpenAPI schema, the
documentation, and a JSON 404 for any other address."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path, re_path
from drf_spectacular.views import SpectacularJSONAPIView
from rest_framework import routers

from api import registry, views


def _routes() -> list:
    router = routers.SimpleRouter()
    for prefix, viewset, basename in registry.viewsets():
        router.register(prefix, viewset, basename=basename)
    return [*router.urls, *(path(route, view, name=name) for route, view, name in registry.views())]


app_name = "api"
urlpatterns = [
    *_routes(),
    path(
        "schema/",
        login_not_required(SpectacularJSONAPIView.as_view(urlconf=None)),
        name="schema",
    ),
    path("", views.documentation, name="documentation"),
    re_path(r"^(?P<rest>[\s\S]*)$", views.not_found),
]
