"""Where the declaration of an alliance can start from, besides a blank form.

Other apps register a start from their `AppConfig.ready()` (offres: an accepted mise en relation
pre-fills the form, and the alliance is linked to it once declared), so that alliances imports
none of them.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest

from alliances.models import Alliance


@dataclass(frozen=True)
class Depart:
    """A declaration's starting point: the form's initial values, and what to do once the
    alliance exists (it may raise ValidationError, shown to the user as information)."""

    initial: dict
    declared: Callable[[Alliance], None]


_STARTS: list[Callable[[HttpRequest], Depart | None]] = []


def register_start(start: Callable[[HttpRequest], Depart | None]) -> None:
    """`start(request)` reads the declaration page's query string and answers a Depart, or
    None when the request is not about it (it may raise Http404 for a forbidden one)."""
    if start not in _STARTS:
        _STARTS.append(start)


def depart_for(request: HttpRequest) -> Depart | None:
    for start in _STARTS:
        depart = start(request)
        if depart is not None:
            return depart
    return None
