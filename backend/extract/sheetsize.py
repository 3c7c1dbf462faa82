"""How big a grid a workbook's sheets claim, found before any reader builds one.

A reader such as calamine allocates a sheet as one rectangle from its first to its last cell. A
1.6 KB xlsx holding one cell at A1 and one at XFD1048576 (or a row numbered in the billions) asks
for tens of billions of cells and the process aborts. So the sheet XML is scanned as it is expanded
(once, in the pass `zipsafety` already makes): the declared `<dimension ref="...">` and every cell
and row reference `r="..."`. The sheet's extent is its largest row times its largest column; past
`limits.rows` or `limits.cells` the file is `too_large`, and nothing has been allocated.

A regular expression pays a match object per reference (3.6 million in a 200,000-row roster:
seconds), so references are read a chunk at a time with array operations (`refscan`), which
gives the exact largest row and column for about a nanosecond or two per byte. A chunk holding a
reference of an unusual shape falls back to the pattern, which matches only references that could
break the limits (more letters or digits than a small sheet has).

OpenDocument spreadsheets say the same thing with `number-rows-repeated` and
`number-columns-repeated`; those counts are summed per table, except for the empty rows and cells
that pad a sheet to its end, which readers skip.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from typing import IO

from backend.extract import refscan, sheetindex
from backend.extract.base import ReadContext, UnreadableFile
from backend.extract.zipsafety import Scanner, ScannerFor
from backend.policy.schema import Limits

EXCEL_ROWS, EXCEL_COLUMNS = 1_048_576, 16_384  # no honest sheet goes beyond these
_CHUNK = 1024 * 1024
_CARRY = 64  # bytes kept from one chunk for a reference cut at its end
_SPACE = frozenset(b" \t\r\n")
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\b[^>]*?\sref="([A-Za-z]{0,4})(\d{0,12}):?([A-Za-z]{0,4})(\d{0,12})"')
_ROWS = re.compile(rb'r="[A-Za-z]*(\d+)"')
_COLUMNS = re.compile(rb'r="([A-Za-z]+)\d')


def column_number(letters: bytes) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + (ch - 64)
    return n


def fits(rows: int, columns: int, limits: Limits) -> bool:
    """Whether a sheet of this many rows and columns is within the limits (and Excel's own)."""
    return rows <= min(limits.rows, EXCEL_ROWS) and columns <= EXCEL_COLUMNS and rows * max(columns, 1) <= limits.cells


def _quiet_digits(limits: Limits) -> int:
    """Most digits a row number may have and still fit, whatever it is, beside columns A to Z."""
    digits = 0
    while digits < 7 and fits(10 ** (digits + 1) - 1, 26, limits):
        digits += 1
    return digits


class SheetExtent:
    """Fed a worksheet's XML chunk by chunk as it is expanded; refuses a sheet that is too big.

    Every plain reference is read as the bytes pass, a chunk at a time in array operations
    (`refscan`), so the largest row and column are known exactly. A chunk with a reference of
    another shape is matched with a pattern instead, for the references that could break the
    limits (a column of two or more letters, a row number longer than any that fits beside 26
    columns); a sheet read so whose size is still in doubt is counted exactly in a second pass.
    """

    def __init__(self, limits: Limits, reopen: Callable[[], IO[bytes]]) -> None:
        self.limits = limits
        self.reopen = reopen
        self.rows = 0
        self.columns = 0
        self.size = 0  # bytes of XML seen: how big the sheet is when it declares no dimension
        self.loose_rows = 10 ** _quiet_digits(limits) - 1  # unmatched references are below these
        self.loose_columns = 26
        digits = _quiet_digits(limits)
        self._pattern = re.compile(rb'r="([A-Za-z]{2,}|[A-Za-z]?(?=\d{%d,}))(\d+)"' % (digits + 1))
        self._head = True
        self._tail = b""
        self._loose = False  # a chunk was matched by the pattern alone: bounds, not exact maxima

    def feed(self, chunk: bytes) -> None:
        self.size += len(chunk)
        text = self._tail + chunk
        if self._head:
            self._declared(text)
        found = refscan.extent(text)
        if found is not None:
            self._grow(*found)  # every plain reference, at array speed: exact maxima
        else:
            self._loose = True
            for match in self._pattern.finditer(text):
                if match.start() > 0 and text[match.start() - 1] in _SPACE:
                    self._grow(int(match.group(2)), column_number(match.group(1)))
        self._tail = text[-_CARRY:]

    def close(self) -> None:
        if not self._loose:
            # Exact maxima so far, each checked as it grew; only the last bytes are left to count.
            self._count(self._tail)
            return
        if fits(max(self.rows, self.loose_rows), max(self.columns, self.loose_columns), self.limits):
            return
        self._exact()

    def _declared(self, text: bytes) -> None:
        """The sheet's own claim, `<dimension ref="A1:O50001"/>`, which comes before its cells."""
        found = _DIMENSION.search(text)
        if found is not None:
            first_letters, first_digits, last_letters, last_digits = found.groups()
            self._grow(int(last_digits or first_digits or b"0"), column_number(last_letters or first_letters))
        if found is not None or b"<sheetData" in text or len(text) > 64 * 1024:
            self._head = False

    def _exact(self) -> None:
        """Every reference of the sheet, counted in one more pass of bounded chunks."""
        tail = b""
        with self.reopen() as member:
            while chunk := member.read(_CHUNK):
                text = tail + chunk
                self._count(text)
                tail = text[-_CARRY:]

    def _count(self, text: bytes) -> None:
        rows = set(_ROWS.findall(text))
        columns = set(_COLUMNS.findall(text))
        if rows:
            self._grow(max(map(int, rows)), 0)
        if columns:
            self._grow(0, max(map(column_number, columns)))

    def _grow(self, row: int, column: int) -> None:
        self.rows = max(self.rows, row)
        self.columns = max(self.columns, column)
        if not fits(self.rows, self.columns, self.limits):
            raise UnreadableFile("too_large")


class KeptSheet(SheetExtent):
    """A big worksheet's XML kept as it is expanded, and mapped at its end (`sheetindex`), which
    checks its extent exactly as the scan above would; a sheet the map cannot read is scanned so."""

    def __init__(self, ctx: ReadContext, reopen: Callable[[], IO[bytes]], part: str, size: int) -> None:
        super().__init__(ctx.limits, reopen)
        self.ctx = ctx
        self.part = part
        self.buffer = bytearray(size + sheetindex.PADDING)  # its declared size: more is refused as a bomb
        self.kept = 0
        self.index: sheetindex.SheetIndex | None = None

    def feed(self, chunk: bytes) -> None:
        end = self.kept + len(chunk)
        if end > len(self.buffer) - sheetindex.PADDING:
            raise UnreadableFile("bomb")
        self.buffer[self.kept : end] = chunk
        self.kept = end

    def close(self) -> None:
        size, self.kept = self.kept, 0
        self._declared(bytes(self.buffer[: min(size, 64 * 1024)]))
        self.index = sheetindex.SheetIndex.build(self.buffer, size, self.ctx)
        if self.index is not None:
            self.size = size
            self._grow(int(self.index.row_number[-1]), self.index.last_column)
            return
        view = memoryview(self.buffer)
        for at in range(0, size, _CHUNK):
            super().feed(bytes(view[at : min(size, at + _CHUNK)]))
        view.release()
        self.buffer = bytearray()
        super().close()


class _OdsContent:
    """Collects content.xml as it is expanded (its size is already bounded) and checks it at the end."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.parts: list[bytes] = []

    def feed(self, chunk: bytes) -> None:
        self.parts.append(chunk)

    def close(self) -> None:
        check_ods(b"".join(self.parts), self.limits)
        self.parts.clear()


def scanner_for(limits: Limits, ctx: ReadContext | None = None) -> ScannerFor:
    """The scanner each member of a workbook package gets: worksheets and OpenDocument content.
    Given the read's context, a big worksheet is kept and mapped (`KeptSheet`)."""

    def pick(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> Scanner | None:
        name = info.filename
        if name.startswith("xl/worksheets/") and name.endswith(".xml"):
            if ctx is not None and info.file_size >= sheetindex.MIN_BYTES:
                return KeptSheet(ctx, lambda: zf.open(info), name, info.file_size)
            return SheetExtent(limits, lambda: zf.open(info))
        if name == "content.xml":
            return _OdsContent(limits)
        return None

    return pick


_ODS_TABLE = re.compile(rb"<table:table\b|</table:table>")
_ODS_ROW = re.compile(rb"<table:table-row\b([^>]*)>(.*?)</table:table-row>|<table:table-row\b([^>]*)/>", re.S)
_ODS_CELL = re.compile(rb"<table:(?:covered-)?table-cell\b([^>]*?)(/>|>(.*?)</table:(?:covered-)?table-cell>)",
                       re.S)
_REPEAT_ROWS = re.compile(rb'table:number-rows-repeated="(\d{1,12})"')
_REPEAT_COLUMNS = re.compile(rb'table:number-columns-repeated="(\d{1,12})"')


def check_ods(content_xml: bytes, limits: Limits) -> None:
    """Refuse an OpenDocument spreadsheet whose non-empty rows and cells, repeats counted, are too many."""
    for table in _ODS_TABLE.split(content_xml):
        rows = columns = 0
        for match in _ODS_ROW.finditer(table):
            attrs, body = (match.group(1), match.group(2)) if match.group(2) is not None else (match.group(3), b"")
            width, filled = _ods_width(body or b"")
            if not filled:
                continue  # blank rows pad a sheet to its end; readers skip them
            repeat = _REPEAT_ROWS.search(attrs)
            rows += int(repeat.group(1)) if repeat else 1
            columns = max(columns, width)
            if rows > limits.rows or rows * max(columns, 1) > limits.cells:
                raise UnreadableFile("too_large")


def _ods_width(row: bytes) -> tuple[int, bool]:
    """Columns up to the last non-empty cell of a row, repeats counted; and whether any cell is filled."""
    width = last = 0
    for cell in _ODS_CELL.finditer(row):
        repeat = _REPEAT_COLUMNS.search(cell.group(1))
        width += int(repeat.group(1)) if repeat else 1
        if cell.group(3) or b"office:value" in cell.group(1):
            last = width
    return last, last > 0


BYTES_PER_ROW = 400  # of worksheet XML, about, for a roster's row of 15-20 cells


def rows_about(extent: SheetExtent) -> int:
    """About how many rows a scanned sheet has: its declared dimension, else judged by its size."""
    return max(extent.rows, extent.size // BYTES_PER_ROW)


def collecting(pick: ScannerFor, extents: list[SheetExtent]) -> ScannerFor:
    """`pick`, keeping the worksheet scanners it hands out, to ask them afterwards how big each sheet was."""

    def wrapped(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> Scanner | None:
        scanner = pick(zf, info)
        if isinstance(scanner, SheetExtent):
            extents.append(scanner)
        return scanner

    return wrapped
