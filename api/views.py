"""The API's own pages: its documentation, generated from the OpenAPI schema, and a JSON 404
for any other address under /api/v1/.

Like DRF's views, they are csrf_exempt: the API is read-only and anonymous, so a POST or an
unknown method (QUERY) must get the API's JSON 405, not Django's HTML CSRF page."""

from functools import cache

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.generators import SchemaGenerator


@cache
def openapi_schema() -> dict:
    """The schema as a dict, built once per process (the documentation page lists it)."""
    return SchemaGenerator().get_schema(request=None, public=True)


def method_not_allowed() -> JsonResponse:
    response = JsonResponse(
        {"detail": "Méthode non autorisée : l'API se lit seulement (GET)."}, status=405
    )
    response["Allow"] = "GET, HEAD"
    return response


@csrf_exempt
@login_not_required
def documentation(request: HttpRequest) -> HttpResponse:
    """A readable page generated from the OpenAPI schema: every path, its parameters."""
    if request.method not in ("GET", "HEAD"):
        return method_not_allowed()
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
                            "minimum": p.get("schema", {}).get("minimum"),
                            "maximum": p.get("schema", {}).get("maximum"),
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


@csrf_exempt
@login_not_required
def not_found(request: HttpRequest, rest: str) -> JsonResponse:
    """Any other address under /api/v1/: a JSON 404, as the API's clients expect."""
    return JsonResponse({"detail": "Aucune ressource à cette adresse de l'API."}, status=404)
