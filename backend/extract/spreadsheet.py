"""Workbooks (xlsx, xlsm, xlsb, xls, ods) through calamine, every sheet a Table.

calamine parses in Rust, about ten times faster than openpyxl. Cells keep calamine's types (IDs
arrive as 12345.0, dates as dates): walking every cell of a big sheet to convert it cost about as
much as a fifth of the read, and analysis reads cells through `text_of`, which spells 12345.0 as
"12345" and dates in ISO. An xlsx sheet of `columnar.ROWS` rows or more is read column-wise instead
(`columnar`: fastexcel into Arrow), which makes no Python object for most cells; what that path
cannot read exactly as this one would comes back here, so both give the same Table to analysis.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from python_calamine import CalamineError, CalamineWorkbook, PasswordError, SheetTypeEnum

from backend.extract import columnar, ole, sheetindex, sheetsize, zipsafety
from backend.extract.base import ReadContext, UnreadableFile
from backend.extract.heading import split_heading
from backend.models import Document, Table

EXTENSIONS = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods", ".xltx", ".xltm")
CONTENT_TYPES = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.ms-excel.sheet.macroenabled.12",
    "application/vnd.ms-excel.sheet.binary.macroenabled.12",
    "application/vnd.ms-excel",
    "application/vnd.oasis.opendocument.spreadsheet",
)

RawCell = int | float | str | bool | dt.time | dt.date | dt.datetime | dt.timedelta
_PLAIN: frozenset[type] = frozenset({str, int, bool})


def _mapped(zf: zipfile.ZipFile, extents: list[sheetsize.SheetExtent], ctx: ReadContext) -> Table | None:
    """A workbook of one big worksheet that `sheetindex` mapped, read by its map; else None."""
    kept = [e for e in extents if isinstance(e, sheetsize.KeptSheet)]
    if len(extents) != 1 or len(kept) != 1 or kept[0].index is None:
        return None
    try:
        return sheetindex.read_table(zf, kept[0].part, kept[0].index, ctx)
    except UnreadableFile:
        raise
    except CalamineError:
        return None  # the readers below decide what such a workbook is


def read(data: bytes, name: str, ctx: ReadContext) -> list[Document]:
    if ole.is_ole(data):
        if ole.is_encrypted_ole(data):
            raise UnreadableFile("encrypted")
    elif zipsafety.is_zip(data):
        extents: list[sheetsize.SheetExtent] = []
        zf = zipsafety.check_package(data, ctx, sheetsize.collecting(sheetsize.scanner_for(ctx.limits, ctx), extents))
        mapped = _mapped(zf, extents, ctx)
        if mapped is not None:
            return [Document(name=name, source="attachment", tables=(mapped,))]
        if max(map(sheetsize.rows_about, extents), default=0) >= columnar.ROWS:
            by_columns = columnar.read_tables(data, ctx)
            if by_columns is not None:
                return [Document(name=name, source="attachment", tables=tuple(by_columns))]
    else:
        raise UnreadableFile("corrupt")
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except PasswordError as exc:
        raise UnreadableFile("encrypted") from exc
    tables: list[Table] = []
    with workbook:
        for meta in workbook.sheets_metadata:
            ctx.check_time()
            if meta.typ != SheetTypeEnum.WorkSheet:
                continue  # charts, dialogs and macros hold no records
            sheet = workbook.get_sheet_by_name(meta.name)
            if sheet.height > ctx.limits.rows:
                raise UnreadableFile("too_large")
            ctx.budget.spend_cells(sheet.height * sheet.width, ctx.limits)
            header, rows = split_heading(sheet.to_python())
            tables.append(Table(name=meta.name, header=header, rows=rows))
    return [Document(name=name, source="attachment", tables=tuple(tables))]
