"""Rules every public API view shares: anonymous GET only, one throttle per client address with
a French 429, cursor pagination whose tampered cursors answer 404, query parameters checked
against the OpenAPI schema (an unknown parameter or a value the schema forbids: 400; a
well-formed code that names no row of a referential: 404), and the schema documents those errors.
A list's filters are a list's only: a detail declares none, so there they are unknown parameters.

One rule for what the schema cannot say: any value it accepts gets an answer, never a 400. A code
of région, département, EPCI, commune or domaine has a format (a 400 when it is not followed) and
names a row or not (a 404 that says so); filters combine as « and », so a period that ends before
it starts selects nothing (an empty list) rather than an error.

Kept apart from api/urls.py and api/views.py (the router, the documentation): DRF imports the
throttle and the exception handler named in settings while `rest_framework.views` loads, so this
module must not import it.
"""

import datetime
import re
from functools import cache

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from rest_framework import exceptions
from rest_framework.pagination import CursorPagination
from rest_framework.throttling import SimpleRateThrottle

from api.registry import code_parameters
from comptes.http import client_ip

# Query parameters that every list accepts besides its filters.
PAGINATION_PARAMS = {"curseur", "taille"}

# What the code reads of some parameters, which drf-spectacular cannot see: the schema hook
# (declare_parameters) writes it into the schema, and PublicApiMixin enforces the schema.
PARAMETER_SCHEMAS = {
    "taille": {"type": "integer", "minimum": 1, "maximum": 500},
    "odd": {"type": "integer", "enum": list(range(1, 18))},
    # The search filters' text: at most 200 characters (text_filter), and no NUL, which
    # PostgreSQL cannot hold in a string.
    "q": {"type": "string", "maxLength": 200, "pattern": "^[^\\u0000]*$"},
}


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
    """Stable pages at any depth (no OFFSET over a million rows). The cursor is an opaque
    string: one that names no page (edited by hand) answers a JSON 404, as DRF does, never a
    database error; the schema declares that 404."""

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
            raise exceptions.NotFound(self.invalid_cursor_message) from error
        position = cursor.position if cursor is not None else None
        # Positions are primary keys: digits that fit a bigint, or the filter would fail.
        if position is not None and (not position.isdigit() or len(position) > 18):
            raise exceptions.NotFound(self.invalid_cursor_message)
        return cursor


class PublicApiMixin:
    """Public (LoginRequiredMiddleware lets it through) and strict about its parameters."""

    # Parameters a view accepts besides its filterset's; None: pagination's only.
    extra_query_params: set[str] = set()

    @classmethod
    def as_view(cls, *args, **kwargs):
        return login_not_required(super().as_view(*args, **kwargs))

    def allowed_query_params(self) -> set[str]:
        """What the schema declares for this action: drf-spectacular documents the filterset and
        the pagination on lists only, and DjangoFilterBackend would filter a detail too (an
        existing row answering 404), so a detail accepts neither."""
        allowed = set(self.extra_query_params)
        if getattr(self, "action", None) != "list":
            return allowed
        filterset_class = getattr(self, "filterset_class", None)
        if filterset_class is not None:
            allowed |= set(filterset_class.base_filters)
        if getattr(self, "pagination_class", None) is not None:
            allowed |= PAGINATION_PARAMS
        return allowed

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # DRF checks the method after initial(): a POST or a TRACE must get its 405 first.
        if getattr(self, request.method.lower(), None) is None:
            raise exceptions.MethodNotAllowed(request.method)
        unknown = sorted(set(request.query_params) - self.allowed_query_params())
        if unknown:
            raise exceptions.ValidationError(
                {"parametres_inconnus": [f"Paramètre inconnu : {name}." for name in unknown]}
            )
        declared = declared_query_params(request.path)
        errors = {}
        for name, schema in declared.items():
            values = request.query_params.getlist(name)
            message = parameter_error(name, values, schema) if values else None
            if message:
                errors[name] = [message]
        if errors:
            raise exceptions.ValidationError(errors)
        # Only codes whose format the schema declared and the loop above checked reach the
        # database (a NUL would be a DataError on PostgreSQL).
        for name, parameter in code_parameters().items():
            code = request.query_params.get(name) if name in declared else None
            if code and not parameter.model.objects.filter(**{parameter.field: code}).exists():
                raise exceptions.NotFound(parameter.message.format(code))


@cache
def _operations() -> list[tuple[re.Pattern, dict[str, dict]]]:
    """Each path of the published schema as a regex, with its query parameters' schemas."""
    from api.views import openapi_schema

    operations = []
    for route, item in openapi_schema()["paths"].items():
        get = item.get("get", {})
        params = {p["name"]: p["schema"] for p in get.get("parameters", []) if p["in"] == "query"}
        regex = re.sub(r"\\{[^}]+\\}", "[^/]+", re.escape(route))
        operations.append((re.compile(regex), params))
    return operations


def declared_query_params(path: str) -> dict[str, dict]:
    for regex, params in _operations():
        if regex.fullmatch(path):
            return params
    return {}


def parameter_error(name: str, values: list[str], schema: dict) -> str | None:
    """The French message for query values that the parameter's schema forbids, or None: the
    one reading of the schema that the API enforces (type, range, enum, one value)."""
    if schema.get("type") != "array" and len(values) > 1:
        return f"Le paramètre {name} n'accepte qu'une valeur (reçu {len(values)} fois)."
    if schema.get("type") == "array":
        schema = schema.get("items", {})
    for value in values:
        message = _value_error(name, value, schema)
        if message:
            return message
    return None


def _value_error(name: str, value: str, schema: dict) -> str | None:
    kind = schema.get("type")
    if kind == "integer":
        if not re.fullmatch(r"-?[0-9]{1,18}", value):
            return f"Le paramètre {name} attend un nombre entier (reçu « {value} »)."
        number = int(value)
        if "minimum" in schema and number < schema["minimum"]:
            return f"Le paramètre {name} vaut au moins {schema['minimum']} (reçu {number})."
        if "maximum" in schema and number > schema["maximum"]:
            return f"Le paramètre {name} vaut au plus {schema['maximum']} (reçu {number})."
    elif kind == "string" and len(value) > schema.get("maxLength", len(value)):
        return (
            f"Le paramètre {name} a au plus {schema['maxLength']} caractères (reçu {len(value)})."
        )
    # The schema's patterns are anchored (^…$) and read as ECMA does, where $ ends the text;
    # re.search would let Python's $ match before a final newline (« 84\n »).
    elif kind == "string" and "pattern" in schema and not re.fullmatch(schema["pattern"], value):
        return f"Le paramètre {name} n'a pas le format attendu (reçu « {value} »)."
    elif kind == "boolean" and value not in ("true", "false"):
        return f"Le paramètre {name} vaut true ou false (reçu « {value} »)."
    elif kind == "string" and schema.get("format") == "date":
        try:
            datetime.date.fromisoformat(value)
        except ValueError:
            return f"Le paramètre {name} attend une date AAAA-MM-JJ (reçu « {value} »)."
    if "enum" in schema and value not in {str(choice) for choice in schema["enum"]}:
        choices = ", ".join(str(choice) for choice in schema["enum"])
        return f"Valeur inconnue pour {name} : « {value} ». Valeurs possibles : {choices}."
    return None


def declare_parameters(result, generator, request, public):
    """drf-spectacular hook: the parameters' real ranges and enums (PARAMETER_SCHEMAS), the
    cursor as an opaque string, and every parameter single-valued unless it is an array."""
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            for param in operation.get("parameters", []):
                if param.get("in") != "query":
                    continue
                declared = PARAMETER_SCHEMAS.get(param["name"])
                if declared is not None:
                    param["schema"] = {**declared}
                code = code_parameters().get(param["name"])
                if code is not None:
                    param["schema"] = {"type": "string", "pattern": code.pattern}
    return result


def add_error_responses(result, generator, request, public):
    """drf-spectacular hook: every operation may answer 400 (bad parameter), 429 (throttle),
    a detail or a cursor 404, and 405 to any method but GET; the schema says so, so that
    clients and schemathesis expect them."""
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
            responses.setdefault("405", error)
            params = operation.get("parameters", [])
            if any(
                p.get("in") == "path" or p["name"] == "curseur" or p["name"] in code_parameters()
                for p in params
            ):
                responses.setdefault("404", error)
    return result


def api_filterset(filterset_class):
    """A page's filterset for the API: the same filters, without what only the page has (a
    place with a radius, a sort): its form keeps the declared filters only, and the API's
    cursor gives the order. No check spans several filters: a period that ends before it starts
    selects nothing (see the module's rule)."""

    class Meta(filterset_class.Meta):
        form = forms.Form

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
