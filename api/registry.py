"""The routes of /api/v1/: each app registers its viewsets and views from its AppConfig.ready(),

    from api.registry import register_view, register_viewset
    register_viewset("alliances", AllianceViewSet, basename="alliance")

and api/urls.py builds the router from them, in the order of registration (that of
INSTALLED_APPS), viewsets first, then the other views.
"""

from collections.abc import Callable

# prefix → (viewset, basename); route → (view, name). Registering the same prefix or route again
# replaces it in place, so that a second ready() (in tests) changes nothing.
_viewsets: dict[str, tuple[type, str]] = {}
_views: dict[str, tuple[Callable, str]] = {}


def register_viewset(prefix: str, viewset: type, *, basename: str) -> None:
    """A viewset under /api/v1/<prefix>/, its URLs named api:<basename>-list and -detail."""
    _viewsets[prefix] = (viewset, basename)


def register_view(route: str, view: Callable, *, name: str) -> None:
    """A view (`SomeView.as_view()`) at /api/v1/<route>, its URL named api:<name>."""
    _views[route] = (view, name)


def viewsets() -> list[tuple[str, type, str]]:
    return [(prefix, viewset, basename) for prefix, (viewset, basename) in _viewsets.items()]


def views() -> list[tuple[str, Callable, str]]:
    return [(route, view, name) for route, (view, name) in _views.items()]
