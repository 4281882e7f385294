"""Rules every public API view shares: anonymous GET only, one throttle per client address with
a French 429, cursor pagination whose tampered cursors answer 400, unknown query parameters
answer 400, and the OpenAPI schema documents those errors.

Kept apart from api/urls.py and api/views.py (the router, the documentation): DRF imports the
throttle and the exception handler named in settings while `rest_framework.views` loads, so this
module must not import it.
"""

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from rest_framework import exceptions
from rest_framework.pagination import CursorPagination
from rest_framework.throttling import SimpleRateThrottle

from comptes.http import client_ip

# Query parameters that every list accepts besides its filters.
PAGINATION_PARAMS = {"curseur", "taille"}


class ClientRateThrottle(SimpleRateThrottle):
    """API_RATE_PER_MINUTE requests per client address, counted in the cache (Redis in
    production). The rate is read at each request, so that a setting change applies at once."""

    scope = "client"

    def get_rate(self) -> str:
        return f"{settings.API_RATE_PER_MINUTE}/min"

    def get_ident(self, request) -> str:
        # DRF's own get_ident keys on the whole X-Forwarded-For, which the client writes: a new
        # value per request would escape the limit. Only the addresses proxies vouch for count.
        return client_ip(request)

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def exception_handler(exc, context):
    """DRF's JSON errors, with French messages for those DRF words itself."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound("Aucune ressource ne correspond à cette adresse.")
    elif isinstance(exc, exceptions.MethodNotAllowed):
        exc.detail = "Méthode non autorisée : l'API se lit seulement (GET)."
    elif isinstance(exc, exceptions.Throttled):
        wait = int(exc.wait or 60)
        exc.detail = (
            f"Trop de requêtes : au plus {settings.API_RATE_PER_MINUTE} par minute et par "
            f"client. Réessayez dans {wait} seconde{'s' if wait > 1 else ''}."
        )
    from rest_framework.views import exception_handler as drf_exception_handler

    return drf_exception_handler(exc, context)


class Curseur(CursorPagination):
    """Stable pages at any depth (no OFFSET over a million rows). A cursor that was edited by
    hand answers 400 rather than 404 or, worse, a database error."""

    ordering = "pk"
    page_size = 20
    max_page_size = 500
    cursor_query_param = "curseur"
    page_size_query_param = "taille"
    cursor_query_description = "Curseur de la page : suivez les liens next et previous."
    page_size_query_description = "Nombre d'éléments par page (20 par défaut, 500 au plus)."
    invalid_cursor_message = (
        "Curseur de pagination invalide : suivez les liens « next » et « previous » des réponses."
    )

    def decode_cursor(self, request):
        try:
            cursor = super().decode_cursor(request)
        except exceptions.NotFound as error:
            raise exceptions.ParseError(self.invalid_cursor_message) from error
        position = cursor.position if cursor is not None else None
        # Positions are primary keys: digits that fit a bigint, or the filter would fail.
        if position is not None and (not position.isdigit() or len(position) > 18):
            raise exceptions.ParseError(self.invalid_cursor_message)
        return cursor


class PublicApiMixin:
    """Public (LoginRequiredMiddleware lets it through) and strict about its parameters."""

    # Parameters a view accepts besides its filterset's; None: pagination's only.
    extra_query_params: set[str] = set()

    @classmethod
    def as_view(cls, *args, **kwargs):
        return login_not_required(super().as_view(*args, **kwargs))

    def allowed_query_params(self) -> set[str]:
        allowed = set(self.extra_query_params)
        filterset_class = getattr(self, "filterset_class", None)
        if filterset_class is not None:
            allowed |= set(filterset_class.base_filters)
        if getattr(self, "pagination_class", None) is not None and self.action == "list":
            allowed |= PAGINATION_PARAMS
        return allowed

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        unknown = sorted(set(request.query_params) - self.allowed_query_params())
        if unknown:
            raise exceptions.ValidationError(
                {"parametres_inconnus": [f"Paramètre inconnu : {name}." for name in unknown]}
            )


def add_error_responses(result, generator, request, public):
    """drf-spectacular hook: every operation may answer 400 (bad parameter), 429 (throttle),
    and a detail 404; the schema says so, so that clients and schemathesis expect them."""
    error = {
        "description": "Erreur : le message explique la cause.",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Erreur"}}},
    }
    result.setdefault("components", {}).setdefault("schemas", {})["Erreur"] = {
        "type": "object",
        "description": "Une erreur : un message (detail) ou des messages par paramètre.",
        "additionalProperties": True,
        "properties": {"detail": {"type": "string"}},
    }
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            responses = operation.setdefault("responses", {})
            responses.setdefault("400", error)
            responses.setdefault("429", error)
            if any(param.get("in") == "path" for param in operation.get("parameters", [])):
                responses.setdefault("404", error)
    return result


def api_filterset(filterset_class):
    """A page's filterset for the API: the same filters, without what only the page has (a
    place with a radius, a sort): its form keeps the declared filters only, and the API's
    cursor gives the order. A filterset's API_FORM keeps the checks that span several filters
    (a period that ends before it starts)."""

    class Meta(filterset_class.Meta):
        form = getattr(filterset_class, "API_FORM", forms.Form)

    def filter_queryset(self, queryset):
        return self.apply_filters(queryset)

    return type(
        f"{filterset_class.__name__}Api",
        (filterset_class,),
        {
            "Meta": Meta,
            "filter_queryset": filter_queryset,
            "__module__": filterset_class.__module__,
        },
    )
