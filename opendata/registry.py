"""The exports offered on /donnees/: each app's `exports.py` declares its own; adding offres or
ressources is one more module and one more line in EXPORTS."""

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


def make_state(name: str, parts: list[str], dates: list[datetime]) -> tuple[datetime | None, str]:
    """`Last-Modified` (the latest date) and `ETag` (a hash of the export's name, the schema's
    version and `parts`, the state of each source) of an export."""
    seed = ":".join([name, SCHEMA_VERSION, *parts])
    return (max(dates) if dates else None), hashlib.sha256(seed.encode()).hexdigest()[:32]


def export_state(name: str, *sources: tuple[QuerySet, str]) -> tuple[datetime | None, str]:
    """The state of an export read from small tables (ressources, the observatoire's date): for
    each source (a queryset and one of its date fields), the latest date and the number of
    rows, one aggregate query each. List every table whose rows end up in the file, or a
    client keeps a stale copy.

    Not for the tables of a million rows (alliances, organisations, offres): there, counting
    costs a second per request, even for a 304; alliances/exports.py `versioned_state` reads
    counters that the database bumps on each change instead."""
    parts, dates = [], []
    for queryset, field in sources:
        state = queryset.order_by().aggregate(last=Max(field), n=Count("pk"))
        parts.append(f"{state['n']}:{state['last'] and state['last'].isoformat()}")
        if state["last"] is not None:
            dates.append(state["last"])
    return make_state(name, parts, dates)


def exports() -> dict[str, Export]:
    # Imported here: the exports read models, which need the app registry.
    from alliances.exports import EXPORTS as ALLIANCES
    from ressources.exports import EXPORTS as RESSOURCES
    from territoires.exports import EXPORTS as TERRITOIRES

    return {export.name: export for export in (*ALLIANCES, *RESSOURCES, *TERRITOIRES)}
