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


def exports() -> dict[str, Export]:
    # Imported here: the exports read models, which need the app registry.
    from alliances.exports import EXPORTS as ALLIANCES
    from observatoire.exports import EXPORTS as OBSERVATOIRE
    from ressources.exports import EXPORTS as RESSOURCES

    return {export.name: export for export in (*ALLIANCES, *RESSOURCES, *OBSERVATOIRE)}
