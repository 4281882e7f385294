"""htmx and the list pages: which part of a page a view renders (the results alone when a
filter changes)."""

from django.http import HttpRequest


def page_or_fragment(request: HttpRequest, template: str, fragment: str = "resultats") -> str:
    """The template's fragment when htmx asks for part of the page; the whole page otherwise,
    including when htmx restores a page from its history (it then needs all of it)."""
    if request.htmx and not request.htmx.history_restore_request:
        return f"{template}#{fragment}"
    return template


def search_status(request: HttpRequest, form) -> int:
    """400 to htmx when the search's form refuses a value. htmx swaps only the results, and the
    messages are next to the fields: static/js/htmx-erreurs.js then loads the whole page, which
    says why (and answers 200: a search page shows any address, ignoring what it can't use).
    The answer depends on HX-Request, which the view's Vary header must name."""
    return 400 if request.htmx and form.errors else 200
