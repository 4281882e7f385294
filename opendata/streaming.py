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


def keyset_chunks(queryset, *, size: int, fields: list[str] | None = None) -> Iterator[list]:
    """The queryset's rows, `size` at a time, by primary key ranges (keyset): each chunk is its
    own small query (with its prefetches), so neither the database nor Python ever holds the
    whole export. With `fields`, rows are dicts from values() (which must include "pk");
    otherwise model instances."""
    last = 0
    while True:
        page = queryset.filter(pk__gt=last).order_by("pk")
        if fields is not None:
            page = page.values(*fields)
        chunk = list(page[:size])
        if not chunk:
            return
        yield chunk
        if len(chunk) < size:
            return
        last = chunk[-1]["pk"] if fields is not None else chunk[-1].pk


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


# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        # Text written by users (a title, a description) must stay text when the file is
        # opened in a spreadsheet; JSON carries the value unchanged.
        return "'" + value
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


# Helpers of the apps' exports.py
# Rows read from the database at a time; the lists (domaines, ODD, partners) are read once per
# chunk.
CHUNK_SIZE = 2000
SEPARATOR = "|"


def join_values(values) -> str:
    """A list cell: the values joined by « | », empty ones left out."""
    return SEPARATOR.join(str(value) for value in values if value)


def iso(value) -> str | None:
    """Dates as YYYY-MM-DD, times as YYYY-MM-DDThh:mm:ss+00:00 (Table Schema's defaults)."""
    if value is None:
        return None
    if hasattr(value, "hour"):
        return value.isoformat(timespec="seconds")
    return value.isoformat()


def chunks(queryset, fields: list[str]) -> Iterator[list[dict]]:
    """The rows of an export, CHUNK_SIZE at a time, as dicts of these fields."""
    return keyset_chunks(queryset, size=CHUNK_SIZE, fields=fields)


def grouped(pairs) -> dict[int, list]:
    """(key, value) pairs as {key: [values]}, in their order: a chunk's lists in one query."""
    grouped: dict[int, list] = {}
    for key, value in pairs:
        grouped.setdefault(key, []).append(value)
    return grouped
