"""Choosing the heading row of a grid, shared by every reader that produces Tables.

Real exports are not tidy: a title ("Lincoln Elementary - Bus roster 2024-25") and blank rows often
sit above the headings. The heading is the first of the first few rows that is mostly filled and
mostly labels (text that is not a number, date, phone or email) and that has data below it. A
dense row of values before any such row means the grid has no heading at all: nothing is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import islice

from backend.models import Cell

SEARCH_ROWS = 10  # headings further down than this are not headings
_VALUE_LIKE = re.compile(r"[\d\s\-+.,/():$%#]*\d[\d\s\-+.,/():$%#]*")
_BLANKS: frozenset[Cell] = frozenset({"", None})

Row = tuple[Cell, ...]


def is_blank(row: Sequence[Cell]) -> bool:
    # The first cell settles most rows without building a set: this runs for every row.
    return not row or (row[0] in _BLANKS and set(row) <= _BLANKS)


def is_label(value: Cell) -> bool:
    """Text that names a column rather than holding a value."""
    if not isinstance(value, str):
        return False
    text = value.strip()
    return bool(text) and "@" not in text and _VALUE_LIKE.fullmatch(text) is None


def _filled(row: Sequence[Cell]) -> list[Cell]:
    return [v for v in row if v is not None and not (isinstance(v, str) and not v.strip())]


def choose_heading(rows: Sequence[Sequence[Cell]]) -> tuple[tuple[str, ...], int] | None:
    """(heading, index of the first row below it) from a grid's first rows; None if all are blank.

    Only the first `SEARCH_ROWS * 2` rows are looked at, so a reader holding a big sheet
    column-wise can decide on its head alone."""
    top = rows[: SEARCH_ROWS * 2]
    width = max((len(_filled(r)) for r in top), default=0)
    if width == 0:
        return None
    dense = min(width, max(2, (width + 1) // 2))  # at least half the columns, and two when there are two
    for i, row in enumerate(rows[:SEARCH_ROWS]):
        filled = _filled(row)
        if len(filled) < dense:
            continue  # blank, or a title
        if sum(map(is_label, filled)) * 5 >= len(filled) * 4:
            return tuple("" if v is None else str(v).strip() for v in row), i + 1
        return (), i  # a row of values first: the grid has no heading
    return (), 0


def split_heading(rows: Sequence[Sequence[Cell]]) -> tuple[tuple[str, ...], tuple[Row, ...]]:
    """(heading, data rows as tuples). Title rows above the heading and blank rows are dropped.

    Rows may be lists (calamine's): they become tuples in the same pass that drops blank rows."""
    chosen = choose_heading(rows)
    if chosen is None:
        return (), ()
    heading, start = chosen
    return heading, tuple(tuple(r) for r in islice(rows, start, None) if not is_blank(r))
