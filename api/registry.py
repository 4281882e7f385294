"""The routes of /api/v1/, and the query parameters that name a row of a referential.

Each app registers its viewsets and views from its AppConfig.ready(),

    from api.registry import register_view, register_viewset
    register_viewset("alliances", AllianceViewSet, basename="alliance", ordre=10)

and api/urls.py builds the router from them, viewsets by increasing `ordre` (the order of the
documentation), then the other views. A parameter that takes a code (register_code_parameter)
gets its format in the schema, and a 404 when no row has the code (api.base).
"""

from collections.abc import Callable
from dataclasses import dataclass

# prefix → (viewset, basename); route → (view, name). Registering the same prefix or route again
# replaces it in place, so that a second ready() (in tests) changes nothing.
_viewsets: dict[str, tuple[int, type, str]] = {}
_views: dict[str, tuple[Callable, str]] = {}


def register_viewset(prefix: str, viewset: type, *, basename: str, ordre: int) -> None:
    """A viewset under /api/v1/<prefix>/, its URLs named api:<basename>-list and -detail, listed
    by increasing `ordre`."""
    _viewsets[prefix] = (ordre, viewset, basename)


def register_view(route: str, view: Callable, *, name: str) -> None:
    """A view (`SomeView.as_view()`) at /api/v1/<route>, its URL named api:<name>."""
    _views[route] = (view, name)


def viewsets() -> list[tuple[str, type, str]]:
    ranked = sorted(enumerate(_viewsets.items()), key=lambda item: (item[1][1][0], item[0]))
    return [(prefix, viewset, basename) for _, (prefix, (_, viewset, basename)) in ranked]


def views() -> list[tuple[str, Callable, str]]:
    return [(route, view, name) for route, (view, name) in _views.items()]


@dataclass(frozen=True)
class CodeParameter:
    """A query parameter that names a row by a code: its format (a regex for the schema), the
    model and field it is read from, and the French message when no row has it."""

    pattern: str
    model: type
    field: str
    message: str


_code_parameters: dict[str, CodeParameter] = {}


def register_code_parameter(
    name: str, *, pattern: str, model: type, field: str, message: str
) -> None:
    """`message` is formatted with the code: « Aucune région n'a le code INSEE « {} ». »"""
    _code_parameters[name] = CodeParameter(pattern, model, field, message)


def code_parameters() -> dict[str, CodeParameter]:
    return dict(_code_parameters)
