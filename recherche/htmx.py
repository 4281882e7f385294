"""htmx and the list pages: which part of a page a view renders (the results alone when a
filter changes)."""

from django.http import HttpRequest


def page_or_fragment(request: HttpRequest, template: str, fragment: str = "resultats") -> str:
    """The template's fragment when htmx asks for part of the page; the whole page otherwise,
    including when htmx restores a page from its history (it then needs all of it)."""
    if request.htmx and not request.htmx.history_restore_request:
        return f"{template}#{fragment}"
    return template
