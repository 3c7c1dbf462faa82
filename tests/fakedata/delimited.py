"""CSV and tab-delimited exports as bytes (UTF-8, CRLF line ends, as Excel and SIS exports write them)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence

from tests.fakedata.layouts import Cell, Layout
from tests.fakedata.students import Student


def _text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.strftime("%m/%d/%Y")
    return str(value)


def table(
    header: Sequence[str], rows: Sequence[Sequence[Cell]], *, delimiter: str = ",", bom: bool = False
) -> bytes:
    buffer = io.StringIO()
    quoting = csv.QUOTE_MINIMAL if delimiter == "," else csv.QUOTE_NONE
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n", quoting=quoting, escapechar="\\")
    writer.writerow(header)
    writer.writerows([_text(c) for c in row] for row in rows)
    data = buffer.getvalue().encode()
    return b"\xef\xbb\xbf" + data if bom else data


def roster(layout: Layout, students: Sequence[Student], *, delimiter: str = ",", bom: bool = False) -> bytes:
    return table(layout.header, layout.rows(students), delimiter=delimiter, bom=bom)
