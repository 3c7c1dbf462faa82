"""Big workbooks read column-wise: fastexcel (calamine in Rust) straight into Arrow columns.

The row reader turns every cell into a Python object, which for a 200,000-row roster costs more
than the analysis and most of the parse. fastexcel builds typed Arrow columns in Rust instead, and
`arrow_grid.ArrowGrid` hands the analyser only the rows it samples and the columns it counts.

The heading is decided exactly as the row reader decides it (`heading.choose_heading` on the
sheet's first rows): fastexcel is asked for the first row as the heading, which is what nearly
every export has; when the first rows say otherwise (a title above the heading) the sheet is read
again from the heading the row reader would pick, and checked again. Anything this path cannot
read exactly as the row reader would (a sheet whose head it cannot place, an error of any kind)
returns None, and the caller reads the workbook by rows: the two paths never disagree.

The bomb and size checks (`zipsafety`, `sheetsize`) have run on the raw file before this is called.
"""

from __future__ import annotations

import re
from typing import Final

import fastexcel
import pyarrow as pa

from backend.extract.arrow_grid import ArrowGrid
from backend.extract.base import ReadContext, UnreadableFile
from backend.extract.heading import SEARCH_ROWS, choose_heading
from backend.models import Cell, Table

ROWS: Final = 20_000  # sheets from about this many rows are read column-wise (smaller: rows are as fast)
_ALIAS = re.compile(r"(.*)_(\d+)")


class _NotExact(Exception):
    """This sheet is not one the column-wise path reads exactly as the row reader: read by rows."""


def read_tables(data: bytes, ctx: ReadContext) -> list[Table] | None:
    """Every sheet of an xlsx/xlsm workbook as a column-wise Table, or None to read it by rows."""
    try:
        reader = fastexcel.read_excel(data)
        names = list(reader.sheet_names)
        tables = []
        for name in names:
            ctx.check_time()
            tables.append(_sheet(reader, name, ctx))
        return tables
    except UnreadableFile:
        raise
    except Exception:  # fastexcel's errors (a chart sheet, a cell it cannot type): the row reader decides
        return None


def _load(reader: fastexcel.ExcelReader, name: str, header_row: int) -> tuple[tuple[str, ...], pa.Table]:
    sheet = reader.load_sheet(name, header_row=header_row, schema_sample_rows=None, eager=True)
    batch = sheet if isinstance(sheet, pa.RecordBatch | pa.Table) else pa.record_batch(sheet)
    table = pa.Table.from_batches([batch]) if isinstance(batch, pa.RecordBatch) else batch
    return _raw_heading(table), table


def _raw_heading(table: pa.Table) -> tuple[str, ...]:
    """The heading row's cells as the row reader reads them: "" where fastexcel named a blank cell,
    and fastexcel's "Phone_1" for a second "Phone" undone."""
    seen: list[str] = []
    out: list[str] = []
    for column in table.column_names:
        text = str(column)
        if text.startswith("__UNNAMED__") and text[len("__UNNAMED__"):].isdigit():
            text = ""
        else:
            alias = _ALIAS.fullmatch(text)
            if alias is not None and alias.group(1) in seen:
                text = alias.group(1)
        seen.append(text)
        out.append(text)
    return tuple(out)


def _head(heading: tuple[str, ...], grid: ArrowGrid) -> list[tuple[Cell, ...]]:
    below = grid.rows_at(range(min(grid.height, SEARCH_ROWS * 2 - 1)))
    return [tuple(heading), *below]


def _sheet(reader: fastexcel.ExcelReader, name: str, ctx: ReadContext) -> Table:
    header_row = 0
    for _ in range(2):
        heading, table = _load(reader, name, header_row)
        height = table.num_rows + header_row + 1
        if height > ctx.limits.rows:
            raise UnreadableFile("too_large")
        raw = ArrowGrid(table)
        chosen = choose_heading(_head(heading, raw))
        if chosen is None:
            return Table(name=name, header=(), rows=())
        picked, start = chosen
        if start == 1 and picked:
            ctx.budget.spend_cells(height * table.num_columns, ctx.limits)
            return Table(name=name, header=picked, rows=(), columns=ArrowGrid.without_blank_rows(table))
        if not picked or header_row:
            break  # no heading at all, or still not where it was asked for: rows decide
        header_row += start - 1
    raise _NotExact
