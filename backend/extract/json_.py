"""JSON record sets (Ed-Fi and OneRoster API answers, exports): one table per array of objects.

An Ed-Fi API answer is an array of resources; a OneRoster REST answer wraps its array in an object
(`{"users": [...]}`); JSON Lines files hold one object per line. Each array of objects found within
the first levels of the document is a table, one row per object, nested objects and arrays flattened
into columns (`records`). Nesting deeper than `limits.json_depth` is refused as a bomb.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, Final

from backend.extract.base import ReadContext, UnreadableFile
from backend.extract.encoding import decode
from backend.extract.records import Field, clean, to_table
from backend.models import Document, Table

EXTENSIONS = (".json", ".jsonl", ".ndjson")
CONTENT_TYPES = ("application/json", "application/x-ndjson", "application/jsonl")

_SEARCH_LEVELS: Final = 3  # how deep record arrays are looked for: {"data": {"users": [...]}}


def _fields(value: Any, path: tuple[str, ...], depth: int, ctx: ReadContext) -> Iterator[Field]:
    if depth > ctx.limits.json_depth:
        raise UnreadableFile("bomb")
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _fields(item, (*path, str(key)), depth + 1, ctx)
    elif isinstance(value, list):
        for item in value:
            yield from _fields(item, path, depth + 1, ctx)
    elif value is not None and value != "":
        text = ("true" if value else "false") if isinstance(value, bool) else str(value)
        yield path, clean(text)


def _is_records(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def record_arrays(document: Any, name: str = "records", level: int = 0) -> Iterator[tuple[str, list[Any]]]:
    """(name, array) for each array of objects at the top or within the first levels of objects."""
    if _is_records(document):
        yield name, document
    elif isinstance(document, dict) and level < _SEARCH_LEVELS:
        for key, value in document.items():
            yield from record_arrays(value, str(key), level + 1)


def parse(text: str, name: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        if not name.lower().endswith((".jsonl", ".ndjson")) and text.lstrip()[:1] == "[":
            raise
    return [json.loads(line) for line in text.splitlines() if line.strip()]  # JSON Lines


def read(data: bytes, name: str, ctx: ReadContext) -> list[Document]:
    text = decode(data, ctx, prose=False)
    try:
        document = parse(text, name)
    except (json.JSONDecodeError, RecursionError):
        raise UnreadableFile("corrupt") from None
    ctx.check_time()
    tables: list[Table] = []
    for key, records in record_arrays(document):
        tables.append(to_table(key, [list(_fields(r, (), 0, ctx)) for r in records], ctx))
    if not tables and isinstance(document, dict):
        tables.append(to_table("record", [list(_fields(document, (), 0, ctx))], ctx))
    return [Document(name=name, source="attachment", tables=tuple(tables))]
