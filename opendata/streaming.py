"""Streamed CSV and JSON bodies: rows are written as the database hands them over, in chunks,
so that an export of a million rows holds a few thousand in memory at a time."""

import csv
import json
from collections.abc import Iterable, Iterator

from django.core.serializers.json import DjangoJSONEncoder

# Rows per piece of body sent to the client.
ROWS_PER_PIECE = 500


class _Line:
    """A file-like object whose write() returns the line, for csv.writer."""

    def write(self, value: str) -> str:
        return value


def csv_body(fields: list[str], rows: Iterable[dict]) -> Iterator[str]:
    writer = csv.writer(_Line())
    yield writer.writerow(fields)
    piece = []
    for row in rows:
        piece.append(writer.writerow([_csv_value(row.get(name)) for name in fields]))
        if len(piece) >= ROWS_PER_PIECE:
            yield "".join(piece)
            piece = []
    if piece:
        yield "".join(piece)


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def json_body(header: dict, fields: list[str], rows: Iterable[dict]) -> Iterator[str]:
    """{...header, "donnees": [rows]} written piece by piece."""
    opening = json.dumps(header, cls=DjangoJSONEncoder, ensure_ascii=False)[:-1]
    yield opening + (', "donnees": [' if header else '"donnees": [')
    piece = []
    first = True
    for row in rows:
        record = json.dumps(
            {name: row.get(name) for name in fields}, cls=DjangoJSONEncoder, ensure_ascii=False
        )
        piece.append(record if first else "," + record)
        first = False
        if len(piece) >= ROWS_PER_PIECE:
            yield "\n".join(piece)
            piece = []
    if piece:
        yield "\n".join(piece)
    yield "]}\n"
