"""A big sheet's data rows held as Arrow columns: the `Grid` the table analyser reads.

Turning every cell of a 200,000-row sheet into a Python object costs more than everything the
analysis does with them: it samples 300 rows, reads a few whole columns (IDs, names, a role
column) and counts the rows that hold anything. Here only those become Python cells, and they are
the cells calamine's row reader gives (12345.0, "Lopez, Ana", a date, "" for an empty cell), so
one analysis decides both paths alike. Counting filled rows and dropping blank ones run in Arrow.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

import pandas  # noqa: F401  # pyarrow imports it on its first conversion: here, the fork server preloads it
import pyarrow as pa
import pyarrow.compute as pc

from backend.models import Cell, Grid

_MIDNIGHT = dt.time()
_EXCEL_DAY_ZERO = dt.date(1899, 12, 31)  # a time of day alone: calamine gives a time


def _moment(value: dt.datetime) -> Cell:
    """A timestamp as calamine's row reader gives it: a date at midnight, a time on day zero."""
    if value.date() == _EXCEL_DAY_ZERO:
        return value.time()
    return value.date() if value.time() == _MIDNIGHT else value


def _converter(kind: pa.DataType) -> Callable[[list[Any]], list[Cell]]:
    if pa.types.is_timestamp(kind):
        return lambda values: ["" if v is None else _moment(v) for v in values]
    return lambda values: ["" if v is None else v for v in values]


def _cells(array: pa.ChunkedArray | pa.Array) -> list[Cell]:
    values = array.to_pylist()
    if array.null_count == 0 and not pa.types.is_timestamp(array.type):
        return values  # type: ignore[no-any-return]
    return _converter(array.type)(values)


def _truthy(array: pa.ChunkedArray) -> pa.ChunkedArray | None:
    """Where a cell is truthy as a Python value (bool(cell)); None when no cell can be."""
    kind = array.type
    if pa.types.is_null(kind):
        return None
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        mask = pc.greater(pc.utf8_length(array), 0)
    elif pa.types.is_boolean(kind):
        mask = array
    elif pa.types.is_integer(kind) or pa.types.is_floating(kind):
        mask = pc.not_equal(array, 0)
    elif pa.types.is_duration(kind):
        mask = pc.not_equal(pc.cast(array, pa.int64()), 0)
    else:
        mask = pc.is_valid(array)  # dates, times and timestamps are always truthy
    return pc.fill_null(mask, False)


def _filled(array: pa.ChunkedArray) -> pa.ChunkedArray | None:
    """Where a cell is not blank as the row reader's `is_blank` sees it (neither empty nor "")."""
    kind = array.type
    if pa.types.is_null(kind):
        return None
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        return pc.fill_null(pc.not_equal(array, ""), False)
    return pc.is_valid(array)


def _any(masks: list[pa.ChunkedArray | None], height: int) -> pa.ChunkedArray | pa.Array:
    live = [m for m in masks if m is not None]
    if not live:
        return pa.array([False] * height, type=pa.bool_())
    out = live[0]
    for m in live[1:]:
        out = pc.or_(out, m)
    return out


class ArrowGrid:
    """Data rows as Arrow columns; answers the analyser's few questions without a Python cell per value."""

    def __init__(self, table: pa.Table) -> None:
        self.table = table

    @classmethod
    def without_blank_rows(cls, table: pa.Table) -> ArrowGrid:
        """The rows that hold anything, as the row reader keeps them (blank rows dropped)."""
        keep = _any([_filled(c) for c in table.columns], table.num_rows)
        if pc.all(keep).as_py() is not False:
            return cls(table)
        return cls(table.filter(keep))

    @property
    def height(self) -> int:
        return int(self.table.num_rows)

    @property
    def width(self) -> int:
        return int(self.table.num_columns)

    def rows_at(self, indices: Sequence[int]) -> list[tuple[Cell, ...]]:
        picked = self.table.take(pa.array(indices, type=pa.int64()))
        columns = [_cells(c) for c in picked.columns]
        return list(zip(*columns, strict=True)) if columns else [() for _ in indices]

    def column(self, index: int) -> Sequence[Cell]:
        return _cells(self.table.column(index))

    def distinct(self, index: int) -> set[Cell]:
        values = set(_cells(pc.unique(self.table.column(index))))
        values.discard(None)
        values.discard("")
        return values

    def filled_rows(self) -> int:
        mask = _any([_truthy(c) for c in self.table.columns], self.height)
        return int(pc.sum(mask).as_py() or 0)

    def where(self, keep: Sequence[bool]) -> Grid:
        return ArrowGrid(self.table.filter(pa.array(keep, type=pa.bool_())))
