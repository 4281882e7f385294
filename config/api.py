"""The public API, /api/v1/: read-only JSON built with Django REST framework, described by an
OpenAPI 3 schema (drf-spectacular). Each app brings its own module (`alliances/api.py`,
`observatoire/api.py`…) with serializers and viewsets, registered on the router below; adding
offres or ressources is one more module and one more line here.

The shared rules (throttle, pagination, strict parameters, errors) live in config/api_base.py.
"""

from functools import cache

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import path, re_path
from django.views.decorators.http import require_GET
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.views import SpectacularJSONAPIView
from rest_framework import routers


def _routes() -> list:
    # Imported here: the app modules import models, which need the app registry ready.
    from alliances.api import AllianceViewSet, OffreViewSet, OrganisationViewSet
    from observatoire.api import (
        ChiffresView,
        CommuneViewSet,
        DepartementViewSet,
        EPCIViewSet,
        RegionViewSet,
    )
    from ressources.api import RessourceViewSet

    router = routers.SimpleRouter()
    router.register("alliances", AllianceViewSet, basename="alliance")
    router.register("organisations", OrganisationViewSet, basename="organisation")
    router.register("offres", OffreViewSet, basename="offre")
    router.register("ressources", RessourceViewSet, basename="ressource")
    router.register("regions", RegionViewSet, basename="region")
    router.register("departements", DepartementViewSet, basename="departement")
    router.register("epci", EPCIViewSet, basename="epci")
    router.register("communes", CommuneViewSet, basename="commune")
    return [
        *router.urls,
        path("chiffres/", ChiffresView.as_view(), name="chiffres"),
    ]


@cache
def openapi_schema() -> dict:
    """The schema as a dict, built once per process (the documentation page lists it)."""
    return SchemaGenerator().get_schema(request=None, public=True)


@login_not_required
@require_GET
def documentation(request: HttpRequest) -> HttpResponse:
    """A readable page generated from the OpenAPI schema: every path, its parameters."""
    schema = openapi_schema()
    operations = []
    for route, item in schema["paths"].items():
        for method, operation in item.items():
            operations.append(
                {
                    "method": method.upper(),
                    "path": "/api/v1" + route if not route.startswith("/api/v1") else route,
                    "summary": operation.get("summary") or operation.get("description", ""),
                    "parameters": [
                        {
                            "name": p["name"],
                            "in": p["in"],
                            "description": p.get("description", ""),
                            "type": p.get("schema", {}).get("type", ""),
                            "enum": p.get("schema", {}).get("enum", []),
                        }
                        for p in operation.get("parameters", [])
                    ],
                }
            )
    return render(
        request,
        "api/documentation.html",
        {
            "operations": operations,
            "info": schema["info"],
            "rate": settings.API_RATE_PER_MINUTE,
        },
    )


@login_not_required
def not_found(request: HttpRequest, rest: str) -> JsonResponse:
    """Any other address under /api/v1/: a JSON 404, as the API's clients expect."""
    return JsonResponse({"detail": "Aucune ressource à cette adresse de l'API."}, status=404)


app_name = "api"
urlpatterns = [
    *_routes(),
    path(
        "schema/",
        login_not_required(SpectacularJSONAPIView.as_view(urlconf=None)),
        name="schema",
    ),
    path("", documentation, name="documentation"),
    re_path(r"^(?P<rest>[\s\S]*)$", not_found),
]
