"""Tables pasted into plain text: a range copied from Excel arrives tab-separated in the body.

Only blocks that clearly are tables count: at least three consecutive lines with the same number
of separators (one tab, or two commas, semicolons or pipes, since prose has the odd comma), the
first of them a heading row. Table lines leave the text, so no student is counted twice.
"""

from __future__ import annotations

import csv
import re

from backend.extract.heading import split_heading
from backend.models import Cell, Table

MIN_LINES = 3
_NUMBER = re.compile(r"\d{4,}")  # an ID or a year: a value, never in a pasted heading
_SEPARATORS = (("\t", 1), (",", 2), (";", 2), ("|", 2))


def split_tables(text: str, name: str = "table") -> tuple[str, tuple[Table, ...]]:
    """(the text without its table lines, the tables): detectors then count each student once."""
    lines = text.splitlines()
    prose: list[str] = []
    tables: list[Table] = []
    i = 0
    while i < len(lines):
        block = _block_at(lines, i)
        if block is None:
            prose.append(lines[i])
            i += 1
            continue
        sep, end = block
        rows = [tuple(cell.strip() for cell in row) for row in csv.reader(lines[i:end], delimiter=sep)]
        header, data = split_heading([tuple[Cell, ...](r) for r in rows])
        if not header or any(_NUMBER.search(cell) for cell in header):
            # Lines typed one per student ("Chen, Maya (#0123456), Gr 3: ..."), not a grid under
            # headings: they stay text, where the text detectors read them line by line.
            prose.extend(lines[i:end])
            i = end
            continue
        tables.append(Table(name=f"{name} {len(tables) + 1}", header=header, rows=data))
        i = end
    if not tables:
        return text, ()
    return "\n".join(prose), tuple(tables)


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
