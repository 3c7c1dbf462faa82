"""A big worksheet read by index: its XML mapped in one pass, only the cells asked for parsed.

Every reader that parses a sheet's XML pays for every cell, even the columns nobody asks about:
for a 50,000-row roster (46 MB of XML, 850,000 cells) that is most of the check. Analysis needs
much less: the first rows (to find the heading), 300 sampled rows, a whole column or two (IDs,
names) and how many rows hold anything. So the sheet is mapped instead (`sheetscan`, one compiled
pass): where each row and valued cell is, each cell's column, and what can be told of its value
without parsing it. The map gives the sheet's exact extent (the bomb check: every cell's reference
is checked against its row) and says, for nearly every row, whether it is blank and whether any
cell in it is truthy. The cells analysis asks for are cut out as a small worksheet and read by
calamine, so they are the very cells calamine's row reader gives, and the rows the map cannot
judge (a shared string that may be empty, a zero that may be a date) are read the same way.

Only sheets written the way spreadsheet programs and exporters write them are mapped (see
`sheetscan`), and only in a workbook of one worksheet; any other is read as before
(`SheetIndex.build` returns None), so both paths give analysis the same Table.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Final, cast

import numpy as np
import numpy.typing as npt
from python_calamine import CalamineSheet, CalamineWorkbook, SheetTypeEnum

from backend.extract.base import ReadContext, UnreadableFile
from backend.extract.heading import SEARCH_ROWS, choose_heading, is_blank
from backend.models import Cell, Grid, Table

MIN_BYTES: Final = 4 * 1024 * 1024  # sheets of less XML than this (about 10,000 rows) are read whole
PADDING: Final = 64  # zero bytes after the XML: the scan may look a few bytes past a tag

Ints = npt.NDArray[np.int32]  # offsets: a sheet's XML is far below 2 GB (`limits.decompressed_bytes`)
EMPTY, UNSURE, FILLED, TRUTHY = 0, 1, 2, 3  # as `sheetscan` judges a cell: blank and falsy; unknown;
# not blank; truthy

_ROW_REF = re.compile(rb'<row r="\d+"')
_CELL_REF = re.compile(rb'(<c r="[A-Z]{1,3})\d+"')


def padded(xml: bytes) -> bytearray:
    """`xml` followed by `PADDING` zero bytes, as `SheetIndex.build` and the scan take it."""
    buffer = bytearray(len(xml) + PADDING)
    buffer[: len(xml)] = xml
    return buffer


@dataclass
class SheetIndex:
    """Where each row and valued cell of one worksheet's XML is, and what the map knows of each."""

    xml: bytearray  # the sheet's XML, then `PADDING` zero bytes
    row_start: Ints  # byte offset of each <row>
    row_end: Ints  # byte offset just past each row element
    row_number: Ints  # 1-based, increasing
    cell_start: Ints  # valued cells only (<v> or <is>), in document order
    cell_end: Ints
    cell_row: Ints  # index into the row arrays
    cell_column: Ints  # 1-based
    cell_state: npt.NDArray[np.int8]
    cell_shared: Ints | None  # each cell's index into the shared strings (-1: none), if any has one

    def judge_shared(self, table: bytes | None) -> None:
        """Settle the cells that refer to a shared string the table shows is not empty."""
        if self.cell_shared is None or not table:
            return
        from backend.extract import sheetscan

        states = np.full(len(table) // len(b"<si><t>x</t></si>") + 1, UNSURE, dtype=np.int8)
        count = sheetscan.shared_strings(np.frombuffer(padded(table), dtype=np.uint8), len(table), states)
        refers = np.flatnonzero((self.cell_shared >= 0) & (self.cell_shared < count))
        self.cell_state[refers] = states[self.cell_shared[refers]]

    @classmethod
    def build(cls, buffer: bytearray, size: int, ctx: ReadContext) -> SheetIndex | None:
        """The map of a regular sheet whose XML is `buffer[:size]` (then `PADDING` zero bytes),
        raising `too_large` past the limits; None for any other sheet."""
        if len(buffer) < size + PADDING or size >= 2**31 - PADDING:
            return None
        begin = buffer.find(b"<sheetData>", 0, size)
        finish = buffer.rfind(b"</sheetData>", 0, size)
        if begin < 0 or finish < begin:
            return None  # a second <sheetData> between these two is a tag the scan refuses
        begin += len(b"<sheetData>")
        a = np.frombuffer(buffer, dtype=np.uint8)
        span = finish - begin
        from backend.extract import sheetscan  # Numba loads only where a big sheet is read

        # Sized for a sheet of ordinary rows and cells first; one of tiny cells is mapped again
        # into arrays as long as it could need (no row is shorter than 12 bytes, no valued cell than
        # 22: `<row r="1"/>`, `<c r="A1"><v>1</v></c>`).
        for rows_at_most, cells_at_most in ((span // 60 + 16, span // 40 + 16), (span // 12 + 1, span // 22 + 1)):
            ctx.check_time()
            row_start, row_end, row_number = (np.empty(rows_at_most, dtype=np.int32) for _ in range(3))
            cell_start, cell_end, cell_row, cell_column, cell_shared = (
                np.empty(cells_at_most, dtype=np.int32) for _ in range(5))
            cell_state = np.empty(cells_at_most, dtype=np.int8)
            rows, count, widest, shared = sheetscan.scan(a, begin, finish, row_start, row_end, row_number,
                                                         cell_start, cell_end, cell_row, cell_column, cell_state,
                                                         cell_shared)
            if rows != sheetscan.FULL:
                break
        if rows <= 0:
            return None
        from backend.extract.sheetsize import fits  # sheetsize keeps sheets for this module

        if not fits(int(row_number[rows - 1]), widest, ctx.limits):
            raise UnreadableFile("too_large")
        return cls(buffer, row_start[:rows], row_end[:rows], row_number[:rows], cell_start[:count],
                   cell_end[:count], cell_row[:count], cell_column[:count], cell_state[:count],
                   cell_shared[:count] if shared else None)

    # The sheet's extent as calamine takes it: from the first to the last valued cell.
    @cached_property
    def first_row(self) -> int:
        return int(self.row_number[self.cell_row[0]]) if self.cell_row.size else 0

    @cached_property
    def last_row(self) -> int:
        return int(self.row_number[self.cell_row[-1]]) if self.cell_row.size else 0

    @cached_property
    def first_column(self) -> int:
        return int(self.cell_column.min()) if self.cell_column.size else 0

    @cached_property
    def last_column(self) -> int:
        return int(self.cell_column.max()) if self.cell_column.size else 0

    def row_states(self) -> tuple[npt.NDArray[np.int8], npt.NDArray[np.int8]]:
        """Per row: the most the index knows of any cell (best), and whether any is unsure."""
        best = np.full(self.row_start.size, EMPTY, dtype=np.int8)
        np.maximum.at(best, self.cell_row, self.cell_state)
        unsure = np.zeros(self.row_start.size, dtype=np.int8)
        np.maximum.at(unsure, self.cell_row, (self.cell_state == UNSURE).astype(np.int8))
        return best, unsure


class _Package:
    """The workbook's parts, kept to build small workbooks of cut-out sheet XML for calamine."""

    def __init__(self, zf: zipfile.ZipFile, sheet_part: str) -> None:
        self.parts = {info.filename: zf.read(info) for info in zf.infolist()
                      if not info.is_dir() and info.filename != sheet_part}
        self.sheet_part = sheet_part

    def sheet(self, index: SheetIndex, rows_xml: bytes) -> CalamineSheet:
        return self.workbook(index, rows_xml).get_sheet_by_index(0)

    def workbook(self, index: SheetIndex, rows_xml: bytes) -> CalamineWorkbook:
        """The workbook with its sheet's data replaced by `rows_xml`."""
        xml = index.xml
        at = xml.find(b"<sheetData>")
        root = xml.rfind(b"<worksheet", 0, at)
        head = xml[root : xml.index(b">", root) + 1] if root >= 0 else b""
        body = head + b"<sheetData>" + rows_xml + b"</sheetData></worksheet>"
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as z:
            for name, data in self.parts.items():
                z.writestr(name, data)
            z.writestr(self.sheet_part, body)
        return CalamineWorkbook.from_filelike(io.BytesIO(out.getvalue()))


@dataclass
class _Block:
    """Cells calamine read from a cut-out sheet, by 0-based row and column."""

    top: int
    left: int
    rows: list[list[Cell]]

    @classmethod
    def of(cls, sheet: CalamineSheet) -> _Block:
        rows = cast(list[list[Cell]], sheet.to_python())
        start = sheet.start if rows else None
        top, left = start if start is not None else (0, 0)
        return cls(top, left, rows)

    def row(self, r: int, first: int, width: int) -> tuple[Cell, ...]:
        i = r - self.top
        if not 0 <= i < len(self.rows):
            return ("",) * width
        cells = self.rows[i]
        out = []
        for c in range(first, first + width):
            j = c - self.left
            out.append(cells[j] if 0 <= j < len(cells) else "")
        return tuple(out)


class IndexedSheet:
    """One indexed sheet's cut-outs: rows by index, renumbered, and single columns."""

    def __init__(self, index: SheetIndex, package: _Package) -> None:
        self.index = index
        self.package = package
        self.left = index.first_column - 1  # 0-based, as calamine numbers columns
        self.width = index.last_column - index.first_column + 1

    def _row_xml(self, rows: Sequence[int]) -> list[bytes]:
        xml, starts, ends = self.index.xml, self.index.row_start, self.index.row_end
        return [bytes(xml[int(starts[i]) : int(ends[i])]) for i in rows]

    def rows(self, rows: Sequence[int]) -> list[tuple[Cell, ...]]:
        """These rows (indices into the index's rows) exactly as the row reader gives them."""
        if not rows:
            return []
        parts = []
        for new, text in enumerate(self._row_xml(rows), start=1):
            number = str(new).encode()
            text = _ROW_REF.sub(b'<row r="' + number + b'"', text, count=1)
            parts.append(_CELL_REF.sub(lambda m, n=number: m.group(1) + n + b'"', text))  # type: ignore[misc]
        block = _Block.of(self.package.sheet(self.index, b"".join(parts)))
        return [block.row(i, self.left, self.width) for i in range(len(rows))]

    def head(self, count: int) -> list[tuple[Cell, ...]]:
        """The sheet's first `count` rows from its first valued row, blank ones included."""
        first = self.index.first_row
        numbers = self.index.row_number
        upto = int(np.searchsorted(numbers, first + count))
        since = int(np.searchsorted(numbers, first))
        block = _Block.of(self.package.sheet(self.index, b"".join(self._row_xml(range(since, upto)))))
        height = min(count, self.index.last_row - first + 1)
        return [block.row(first - 1 + i, self.left, self.width) for i in range(height)]

    def column(self, rows: Ints, column: int) -> list[Cell]:
        """One column (0-based from the sheet's first) of these rows, as the row reader gives it.

        Its cells are cut out laid across a few wide rows (calamine reads 16,384 cells in one row
        faster than in as many rows), each without its reference, so it takes the next place."""
        index = self.index
        wanted = np.zeros(index.row_start.size, dtype=bool)
        wanted[rows] = True
        pick = np.flatnonzero(wanted[index.cell_row] & (index.cell_column == self.left + 1 + column))
        out: list[Cell] = [""] * int(rows.size)
        if not pick.size:
            return out
        number = index.row_number[index.cell_row[pick]]
        letters = np.where(index.cell_column[pick] > 26, np.where(index.cell_column[pick] > 702, 3, 2), 1)
        digits = 1 + sum((number >= 10**k).astype(np.int32) for k in range(1, 8))
        after_ref = index.cell_start[pick] + len(b'<c r="') + letters + digits + 1  # past the reference's quote
        xml = index.xml
        rests = [xml[s:e] for s, e in zip(after_ref.tolist(), index.cell_end[pick].tolist(), strict=True)]
        parts = []
        for line, at in enumerate(range(0, len(rests), _WIDE), start=1):
            # Without its reference a cell takes the next place in its row, as calamine reads it.
            parts.append(b'<row r="%d"><c' % line)
            parts.append(b"<c".join(rests[at : at + _WIDE]))
            parts.append(b"</row>")
        del rests
        wide = self.package.sheet(index, b"".join(parts)).to_python(skip_empty_area=False)  # from A1
        values: list[Cell] = []
        for cells in wide:  # the k-th cell cut out is the k-th place; a short line is padded
            values += cells
            values += [""] * (_WIDE - len(cells))
        values += [""] * (pick.size - len(values))
        if pick.size == rows.size:  # a cell in every row: the values are the column
            return values[: pick.size]
        for place, value in zip(np.searchsorted(rows, index.cell_row[pick]).tolist(), values, strict=False):
            out[place] = value
        return out


_WIDE: Final = 16_384  # Excel's widest row


class IndexedGrid:
    """A big sheet's data rows, answered from the index and from small cut-outs read by calamine."""

    def __init__(self, sheet: IndexedSheet, rows: Ints, best: npt.NDArray[np.int8],
                 unsure: npt.NDArray[np.int8]) -> None:
        self.sheet = sheet
        self.rows = rows  # indices into the index's rows, in order: the non-blank data rows
        self.best = best
        self.unsure = unsure
        self._columns: dict[int, list[Cell]] = {}

    @property
    def height(self) -> int:
        return int(self.rows.size)

    @property
    def width(self) -> int:
        return self.sheet.width

    def rows_at(self, indices: Sequence[int]) -> list[tuple[Cell, ...]]:
        return self.sheet.rows(self.rows[np.asarray(indices, dtype=np.int64)].tolist() if len(indices) else [])

    def column(self, index: int) -> Sequence[Cell]:
        found = self._columns.get(index)
        if found is None:
            found = self._columns[index] = self.sheet.column(self.rows, index)
        return found

    def distinct(self, index: int) -> set[Cell]:
        values = set(self.column(index))
        values.discard(None)
        values.discard("")
        return values

    def filled_rows(self) -> int:
        best = self.best[self.rows]
        sure = int((best == TRUTHY).sum())
        # A number that may be zero (or a date at zero, which is truthy) or a value the map could not judge.
        doubt = self.rows[(best != TRUTHY) & ((best == FILLED) | (self.unsure[self.rows] > 0))]
        return sure + sum(map(any, self.sheet.rows(doubt.tolist())))

    def where(self, keep: Sequence[bool]) -> Grid:
        return IndexedGrid(self.sheet, self.rows[np.asarray(keep, dtype=bool)], self.best, self.unsure)


def read_table(zf: zipfile.ZipFile, sheet_part: str, index: SheetIndex, ctx: ReadContext) -> Table | None:
    """The workbook's one worksheet as a Table over an `IndexedGrid`, or None to read it otherwise."""
    package = _Package(zf, sheet_part)
    sheet = IndexedSheet(index, package)
    metas = list(package.workbook(index, b"").sheets_metadata)
    if len(metas) != 1 or metas[0].typ != SheetTypeEnum.WorkSheet:
        return None
    name = metas[0].name
    if not index.cell_row.size:
        return Table(name=name, header=(), rows=())
    height = index.last_row - index.first_row + 1
    if height > ctx.limits.rows:
        raise UnreadableFile("too_large")
    ctx.budget.spend_cells(height * sheet.width, ctx.limits)
    head = sheet.head(SEARCH_ROWS * 2)
    chosen = choose_heading(head)
    if chosen is None:
        return Table(name=name, header=(), rows=())
    picked, start = chosen
    ctx.check_time()
    index.judge_shared(package.parts.get("xl/sharedStrings.xml"))
    best, unsure = index.row_states()
    after = index.row_number >= index.first_row + start
    data: Ints = np.flatnonzero(after & (best >= FILLED)).astype(np.int32)
    doubt = np.flatnonzero(after & (best < FILLED) & (unsure > 0))
    if doubt.size:
        kept = [i for i, row in zip(doubt.tolist(), sheet.rows(doubt.tolist()), strict=True) if not is_blank(row)]
        data = np.union1d(data, np.asarray(kept, dtype=data.dtype))
    return Table(name=name, header=picked, rows=(), columns=IndexedGrid(sheet, data, best, unsure))

