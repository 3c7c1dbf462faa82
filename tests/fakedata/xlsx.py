"""Spreadsheets as bytes, written with openpyxl in write-only mode so 50,000 rows take seconds."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from tests.fakedata.layouts import Cell, Layout, Row
from tests.fakedata.students import Student

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Sheet:
    title: str
    header: Sequence[str]
    rows: Iterable[Sequence[Cell]]
    preamble: Sequence[str] = ()  # title lines above the heading row, as hand-made sheets have


def workbook(*sheets: Sheet) -> bytes:
    wb = Workbook(write_only=True)
    bold = Font(bold=True)
    for sheet in sheets:
        ws = wb.create_sheet(sheet.title[:31])
        for line in sheet.preamble:
            ws.append([line])
        if sheet.header:
            cells = []
            for text in sheet.header:
                cell = WriteOnlyCell(ws, value=text)
                cell.font = bold
                cells.append(cell)
            ws.append(cells)
        for row in sheet.rows:
            ws.append(list(row))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def roster(
    layout: Layout, students: Sequence[Student], *, title: str = "Sheet1", extra: Sequence[Sheet] = ()
) -> bytes:
    """One student per row in `layout`'s columns, plus any further sheets."""
    rows: Iterable[Row] = (layout.row(s) for s in students)
    return workbook(Sheet(title, layout.header, rows), *extra)
