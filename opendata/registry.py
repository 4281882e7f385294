"""The exports offered on /donnees/: each app declares its own in its `exports.py` and registers
them from its AppConfig.ready(),

    import opendata.registry
    opendata.registry.register(*EXPORTS, ordre=10)

so that opendata imports none of the apps it serves. /donnees/ lists them by `ordre`."""

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from pathlib import Path

from django.db.models import Count, Max, QuerySet

from opendata import SCHEMA_VERSION

SCHEMAS_DIR = Path(__file__).resolve().parent / "schemas"


@dataclass(frozen=True)
class Export:
    """One data set: its rows (dicts keyed by the schema's field names, streamed) and what its
    `ETag` and `Last-Modified` derive from (a state of the data, cheap to read)."""

    name: str
    title: str
    description: str
    rows: Callable[[], Iterable[dict]]
    state: Callable[[], tuple[datetime | None, str]]

    @cached_property
    def schema(self) -> dict:
        return json.loads((SCHEMAS_DIR / f"{self.name}.json").read_text(encoding="utf-8"))

    @property
    def fields(self) -> list[str]:
        return [field["name"] for field in self.schema["fields"]]


def export_state(name: str, *sources: tuple[QuerySet, str]) -> tuple[datetime | None, str]:
    """`Last-Modified` and `ETag` seed of an export: for each source (a queryset and one of its
    date fields), the latest date and the number of rows. List every table whose rows or
    columns end up in the file (an alliance's partners come from participations and
    organisations), or a client keeps a stale copy. One small aggregate query per source."""
    seed = [name, SCHEMA_VERSION]
    lasts = []
    for queryset, field in sources:
        state = queryset.order_by().aggregate(last=Max(field), n=Count("pk"))
        seed.append(f"{state['n']}:{state['last'] and state['last'].isoformat()}")
        if state["last"] is not None:
            lasts.append(state["last"])
    etag = hashlib.sha256(":".join(seed).encode()).hexdigest()[:32]
    return (max(lasts) if lasts else None), etag


# By name, with the rank /donnees/ lists them in. Registering a name again replaces it, so that a
# second ready() (in tests) changes nothing.
_exports: dict[str, tuple[int, Export]] = {}


def register(*exports: Export, ordre: int) -> None:
    """Offer these exports on /donnees/, listed by increasing `ordre` (then as given): each app
    says where its files go, whatever the order in which the apps are loaded."""
    for export in exports:
        _exports[export.name] = (ordre, export)


def exports() -> dict[str, Export]:
    """The registered exports by name, in the order /donnees/ lists them."""
    ranked = sorted(enumerate(_exports.values()), key=lambda item: (item[1][0], item[0]))
    return {export.name: export for _, (_, export) in ranked}
