"""Workbooks: every format to the same Table, headings found under title rows, limits enforced."""

from __future__ import annotations

import datetime as dt

import pytest

from backend.detectors.content.column_values import text_of
from backend.extract import read_bytes
from backend.extract.heading import split_heading
from backend.models import Table
from backend.policy.schema import Limits
from tests.extract import files

EXPECTED_ROWS = (
    ("12345", "Maya", "Chen", "2012-03-04", "peanuts"),
    ("12346", "Liam", "Ortiz", "2011-07-09", ""),
    ("12347", "Ava", "Singh", "2012-01-30", "latex"),
)


def texts(table: Table) -> tuple[tuple[str, ...], ...]:
    """Rows as analysis reads them: workbooks keep typed cells (12345.0, dates)."""
    return tuple(tuple(text_of(c) for c in row) for row in table.rows)


@pytest.mark.parametrize(
    ("name", "build"),
    [
        ("roster.xlsx", lambda: files.xlsx(files.ROSTER)),
        ("roster.xlsm", lambda: files.xlsx(files.ROSTER)),
        ("roster.xls", lambda: files.xls(files.ROSTER)),
        ("titled.xlsx", lambda: files.xlsx(files.ROSTER, title="Lincoln Elementary - Nurse list 2024-25")),
        ("no extension", lambda: files.xlsx(files.ROSTER)),
    ],
)
def test_workbook_reads_to_one_table(name: str, build: object) -> None:
    assert callable(build)
    [doc] = read_bytes(build(), name, "", files.ctx())
    assert doc.unreadable is None
    [table] = doc.tables
    assert table.name == "Roster"
    assert table.header == ("Student ID", "First Name", "Last Name", "Birth Date", "Allergies")
    assert texts(table) == EXPECTED_ROWS


def test_ods_reads() -> None:
    data = files.ods([["Student ID", "Name"], [1001, "Maya Chen"], [1002, "Liam Ortiz"]])
    [doc] = read_bytes(data, "roster.ods", "", files.ctx())
    [table] = doc.tables
    assert table.header == ("Student ID", "Name")
    assert texts(table) == (("1001", "Maya Chen"), ("1002", "Liam Ortiz"))


def test_every_sheet_is_a_table() -> None:
    import io

    from openpyxl import Workbook

    wb = Workbook()
    first = wb.active
    assert first is not None
    first.title = "Grade 3"
    first.append(["Name", "Grade"])
    first.append(["Maya", 3])
    second = wb.create_sheet("Grade 4")
    second.append(["Name", "Grade"])
    second.append(["Liam", 4])
    second.sheet_state = "hidden"  # hidden sheets still leave with the file
    out = io.BytesIO()
    wb.save(out)
    [doc] = read_bytes(out.getvalue(), "classes.xlsx", "", files.ctx())
    assert [(t.name, t.rows) for t in doc.tables] == [("Grade 3", (("Maya", 3),)), ("Grade 4", (("Liam", 4),))]


@pytest.mark.parametrize(
    ("rows", "header", "data_rows"),
    [
        ([("Name", "ID"), ("Maya", 1)], ("Name", "ID"), 1),
        ([("Bus roster",), (), ("Name", "ID"), ("Maya", 1)], ("Name", "ID"), 1),
        ([("", ""), ("Name", "ID"), ("Maya", 1), ("", "")], ("Name", "ID"), 1),
        ([("Maya", 1), ("Liam", 2)], (), 2),  # values first: no heading, nothing dropped
        ([("555-0101", "a@b.org"), ("555-0102", "c@d.org")], (), 2),
        ([("Maya Chen",), ("Liam Ortiz",)], ("Maya Chen",), 1),  # all-text single column: first is heading
        ([], (), 0),
    ],
)
def test_heading_row_is_chosen(rows: list[tuple[object, ...]], header: tuple[str, ...], data_rows: int) -> None:
    got_header, data = split_heading([tuple(r) for r in rows])  # type: ignore[misc]
    assert got_header == header
    assert len(data) == data_rows


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (12345.0, "12345"),
        (2.5, "2.5"),
        (True, "true"),
        ("00123", "00123"),
        (dt.date(2012, 3, 4), "2012-03-04"),
        (dt.datetime(2012, 3, 4, 8, 30), "2012-03-04T08:30:00"),
        (dt.time(8, 30), "08:30:00"),
        (dt.timedelta(hours=1), "1:00:00"),
    ],
)
def test_typed_cells_read_as_text(value: object, expected: str) -> None:
    assert text_of(value) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(("limits", "reason"), [(Limits(rows=2), "too_large"), (Limits(cells=10), "too_large")])
def test_row_and_cell_limits(limits: Limits, reason: str) -> None:
    [doc] = read_bytes(files.xlsx(files.ROSTER), "roster.xlsx", "", files.ctx(limits))
    assert doc.unreadable is not None and doc.unreadable.reason == reason


def test_password_protected_workbook_is_encrypted() -> None:
    data = files.ole(["EncryptionInfo", "EncryptedPackage"])
    for name in ("grades.xlsx", "grades.xls", "grades.docx", "grades"):
        [doc] = read_bytes(data, name, "", files.ctx())
        assert doc.unreadable is not None and doc.unreadable.reason == "encrypted", name


@pytest.mark.parametrize(
    ("streams", "encrypted"),
    [(["EncryptionInfo", "EncryptedPackage"], True), (["Workbook"], False), (["WordDocument"], False)],
)
def test_ole_detection(streams: list[str], encrypted: bool) -> None:
    from backend.extract import ole

    data = files.ole(streams)
    assert ole.is_ole(data)
    assert ole.is_encrypted_ole(data) is encrypted
    assert set(streams) <= ole.stream_names(data)
    assert not ole.is_encrypted_ole(b"not an ole file" * 100)
    assert ole.stream_names(data[:600]) <= {"Root Entry", *streams}  # truncated: no crash


def test_xls_export_that_is_really_html_or_text() -> None:
    html = b"<html><body><table><tr><th>Name</th><th>ID</th></tr><tr><td>Maya</td><td>1</td></tr></table>"
    [doc] = read_bytes(html, "export.xls", "", files.ctx())
    assert doc.tables[0].header == ("Name", "ID")
    tsv = b"Name\tID\nMaya\t00123\nLiam\t00124\n"
    [doc] = read_bytes(tsv, "export.xls", "", files.ctx())
    assert doc.tables[0].rows == (("Maya", "00123"), ("Liam", "00124"))


def test_a_3000_row_roster_reads_fast() -> None:
    import time

    rows = [files.ROSTER[0]] + [[10_000 + i, f"First{i}", f"Last{i}", dt.date(2012, 1, 1), ""] for i in range(3000)]
    data = files.xlsx(rows)
    started = time.perf_counter()
    [doc] = read_bytes(data, "roster.xlsx", "", files.ctx())
    elapsed = time.perf_counter() - started
    assert len(doc.tables[0].rows) == 3000 and doc.tables[0].rows[-1][0] == 12_999
    assert elapsed < 0.5  # about 0.05 s measured; the bound leaves room for a busy CI machine


def test_workbook_member_that_understates_its_size_is_refused_before_parsing() -> None:
    data = bytearray(files.xlsx(files.ROSTER))
    name = b"xl/worksheets/sheet1.xml"
    central = data.index(b"PK\x01\x02")  # the central directory entries, one per member
    while data[central + 46 : central + 46 + len(name)] != name:
        central = data.index(b"PK\x01\x02", central + 4)
    data[central + 24 : central + 28] = (10).to_bytes(4, "little")  # the sheet claims to be 10 bytes
    [doc] = read_bytes(bytes(data), "liar.xlsx", "", files.ctx())
    assert doc.unreadable is not None and doc.unreadable.reason == "bomb"
