"""The exports offered on /donnees/: each app's `exports.py` declares its own; adding offres or
ressources is one more module and one more line in EXPORTS."""

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from pathlib import Path

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


def exports() -> dict[str, Export]:
    # Imported here: the exports read models, which need the app registry.
    from alliances.exports import EXPORTS as ALLIANCES
    from ressources.exports import EXPORTS as RESSOURCES
    from territoires.exports import EXPORTS as TERRITOIRES

    return {export.name: export for export in (*ALLIANCES, *RESSOURCES, *TERRITOIRES)}
