"""Which rows carry search texts, and how to recompute them: each app registers its models in
`AppConfig.ready()` (recherche imports none of them), and `manage.py recherche_reindex`
recomputes them all, after a change in what a text holds or in how words are made."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models


@dataclass(frozen=True)
class Indexed:
    model: type[models.Model]
    # Recomputes every search text (SQLite's words and PostgreSQL's vector) of these ids.
    refresh: Callable[[list[int]], None]


# One entry per model: running ready() again (tests do) replaces it.
_INDEXED: dict[type[models.Model], Indexed] = {}


def register(model: type[models.Model], refresh: Callable[[list[int]], None]) -> None:
    _INDEXED[model] = Indexed(model, refresh)


def indexed() -> list[Indexed]:
    return list(_INDEXED.values())
