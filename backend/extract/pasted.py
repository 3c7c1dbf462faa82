"""Tables pasted into plain text: a range copied from Excel arrives tab-separated in the body.

Only blocks that clearly are tables count: at least three consecutive lines with the same number
of separators (one tab, or two commas, semicolons or pipes, since prose has the odd comma).
"""

from __future__ import annotations

import csv

from backend.extract.heading import split_heading
from backend.models import Cell, Table

MIN_LINES = 3
_SEPARATORS = (("\t", 1), (",", 2), (";", 2), ("|", 2))


def tables_in_text(text: str, name: str = "table") -> tuple[Table, ...]:
    lines = text.splitlines()
    tables: list[Table] = []
    i = 0
    while i < len(lines):
        block = _block_at(lines, i)
        if block is None:
            i += 1
            continue
        sep, end = block
        rows = [tuple(cell.strip() for cell in row) for row in csv.reader(lines[i:end], delimiter=sep)]
        header, data = split_heading([tuple[Cell, ...](r) for r in rows])
        tables.append(Table(name=f"{name} {len(tables) + 1}", header=header, rows=data))
        i = end
    return tuple(tables)


def _block_at(lines: list[str], start: int) -> tuple[str, int] | None:
    """The separator and end of a table starting at `start`, if one does."""
    for sep, least in _SEPARATORS:
        count = lines[start].count(sep)
        if count < least:
            continue
        end = start + 1
        while end < len(lines) and lines[end].count(sep) == count:
            end += 1
        if end - start >= MIN_LINES:
            return sep, end
    return None
