"""Record sets as tables: what the XML and JSON readers share.

Standards' files are records, not text: an Ed-Fi interchange holds one `<Student>` per student, an
Ed-Fi API answer is an array of resources, a OneRoster REST answer is `{"users": [...]}`. Read as
lines of text, 545 students become three "names". Each record becomes a row; its fields, nested or
not, become columns named by their own key or element name ("firstName", "StudentUniqueId"), the
parent's name prefixed only where two fields of one table would share a name ("Address.City" and
"BirthData.City"). Repeated values of one field (two races, two phones) are joined with "; ".
Ed-Fi descriptor URIs ("uri://ed-fi.org/SexDescriptor#Female") keep the part after "#".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Final

from backend.extract.base import ReadContext, UnreadableFile
from backend.models import Cell, Table

# A record's fields: (path of names from the record down to the value, the value as text).
Field = tuple[tuple[str, ...], str]

JOIN: Final = "; "
_DESCRIPTOR: Final = re.compile(r"(?:uri|https?)://\S*?#(.+)", re.IGNORECASE)
_TIME_EVERY: Final = 1000


def clean(value: str) -> str:
    """A field's value as a reader would show it: descriptor URIs become their code value."""
    value = value.strip()
    if "#" in value and (m := _DESCRIPTOR.fullmatch(value)) is not None:
        return m[1].strip()
    return value


def _headings(paths: Iterable[tuple[str, ...]]) -> dict[tuple[str, ...], str]:
    """The shortest dotted suffix of each path that no other path of the table shares."""
    paths = list(dict.fromkeys(paths))
    names: dict[tuple[str, ...], str] = {(): "value"}  # a record that is a bare value
    for path in paths:
        for n in range(1, len(path) + 1) if path else ():
            suffix = path[-n:]
            if n == len(path) or not any(p != path and p[-n:] == suffix for p in paths):
                names[path] = ".".join(suffix)
                break
    return names


def to_table(name: str, records: Sequence[Sequence[Field]], ctx: ReadContext) -> Table:
    """Rows of records, columns in order of first appearance, spending the cell budget."""
    if len(records) > ctx.limits.rows:
        raise UnreadableFile("too_large")
    order: dict[tuple[str, ...], int] = {}
    for record in records:
        for path, _ in record:
            order.setdefault(path, len(order))
    ctx.budget.spend_cells(len(records) * len(order), ctx.limits)
    headings = _headings(order)
    rows: list[tuple[Cell, ...]] = []
    for i, record in enumerate(records):
        if i % _TIME_EVERY == 0:
            ctx.check_time()
        cells: list[list[str]] = [[] for _ in order]
        for path, value in record:
            if value and value not in cells[order[path]]:
                cells[order[path]].append(value)
        rows.append(tuple(JOIN.join(c) if c else None for c in cells))
    return Table(name=name, header=tuple(headings[p] for p in order), rows=tuple(rows))
