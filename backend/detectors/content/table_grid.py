"""A table's rows as a `Grid`: the shape the table analyser reads, whoever read the file.

Analysis asks for a sample of rows, a few whole columns (IDs, names, a role column), a column's
distinct values and the count of rows that hold anything; it never walks every cell. `RowGrid`
answers from rows in memory (small sheets, CSVs, documents); a big sheet read column-wise answers
the same questions from its columns (`backend.extract.arrow_grid`). One analysis, two holders.
"""

from __future__ import annotations

from collections.abc import Sequence
from operator import itemgetter
from typing import Final

from backend.models import Cell, Grid, Table

Row = tuple[Cell, ...]
SAMPLE_SIZE: Final = 300


def sample_indices(height: int, size: int = SAMPLE_SIZE) -> Sequence[int]:
    """At most `size` row numbers spread evenly over `height` rows (all of them when few)."""
    if height <= size:
        return range(height)
    step = height / size
    return [int(i * step) for i in range(size)]


class RowGrid:
    """A grid over rows already in memory, padded to one width."""

    def __init__(self, rows: Sequence[Row], width: int) -> None:
        self.rows = rows
        self._width = width

    @property
    def height(self) -> int:
        return len(self.rows)

    @property
    def width(self) -> int:
        return self._width

    def rows_at(self, indices: Sequence[int]) -> list[Row]:
        rows = self.rows
        return [rows[i] for i in indices]

    def column(self, index: int) -> Sequence[Cell]:
        return list(map(itemgetter(index), self.rows))

    def distinct(self, index: int) -> set[Cell]:
        values = set(map(itemgetter(index), self.rows))
        values.discard(None)
        values.discard("")
        return values

    def filled_rows(self) -> int:
        return sum(map(any, self.rows))

    def where(self, keep: Sequence[bool]) -> Grid:
        return RowGrid([row for row, k in zip(self.rows, keep, strict=True) if k], self._width)


def grid_of(table: Table) -> Grid:
    """The table's grid: its columns when a reader held them so, else its rows made rectangular."""
    if table.columns is not None:
        return table.columns
    rows: Sequence[Row] = table.rows
    if not rows:
        return RowGrid(rows, len(table.header))
    shortest, longest = min(map(len, rows)), max(map(len, rows))
    width = max(longest, len(table.header))
    if shortest < width:
        rows = [r + (None,) * (width - len(r)) if len(r) < width else r for r in rows]
    return RowGrid(rows, width)
