"""Big sheets read column-wise give the analysis exactly what the row reader gives.

Every file here goes through both paths (the column-wise path forced on with its row threshold at
zero) and must give equal Evidence: people, person keys, data kinds, columns, masked samples, rows.
The column-wise path must really have run where it can, and hand back to the row reader where it
cannot read a sheet exactly as rows would (no heading, for instance).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
from collections.abc import Iterator, Sequence
from dataclasses import replace
from functools import cache
from typing import Any

import pytest
from openpyxl import Workbook

from backend.detectors.base import Evidence
from backend.detectors.content import analyze
from backend.extract import columnar, read_bytes, sheetindex
from backend.extract.isolation import ReaderPool
from backend.models import Attachment, Document
from backend.policy import load_demo_policy
from backend.policy.schema import Limits
from tests.corpus.cases import build, ids
from tests.extract import files
from tests.fakedata import layouts, xlsx
from tests.fakedata.students import Student, generate
from tests.hostile.files import sparse_xlsx

POLICY = load_demo_policy()
NAME = "roster.xlsx"


def read(data: bytes, *, by_columns: bool, monkeypatch: pytest.MonkeyPatch,
         limits: Limits | None = None) -> list[Document]:
    monkeypatch.setattr(columnar, "ROWS", 0 if by_columns else 10**12)
    monkeypatch.setattr(sheetindex, "MIN_BYTES", 10**12)  # the map of a big sheet: `test_sheetindex`
    return read_bytes(data, NAME, "", files.ctx(limits))


def evidence(docs: Sequence[Document]) -> tuple[Evidence, ...]:
    return tuple(analyze(d, POLICY) for d in docs if d.unreadable is None)


def both(data: bytes, monkeypatch: pytest.MonkeyPatch) -> tuple[tuple[Evidence, ...], tuple[Evidence, ...], bool]:
    """Evidence by rows, by columns, and whether every sheet was really held column-wise."""
    rows = read(data, by_columns=False, monkeypatch=monkeypatch)
    cols = read(data, by_columns=True, monkeypatch=monkeypatch)
    assert all(t.columns is None for d in rows for t in d.tables)
    tables = [t for d in cols for t in d.tables]
    held = any(t.columns is not None for t in tables) and not any(t.rows for t in tables)
    return evidence(rows), evidence(cols), held


def same(data: bytes, monkeypatch: pytest.MonkeyPatch, *, columnwise: bool = True) -> tuple[Evidence, ...]:
    by_rows, by_columns, held = both(data, monkeypatch)
    assert held is columnwise
    assert by_columns == by_rows
    for a, b in zip(by_rows, by_columns, strict=True):
        assert (a.person_keys, a.key_aliases, a.samples, a.rows) == (b.person_keys, b.key_aliases, b.samples, b.rows)
    return by_rows


@cache
def students(n: int, seed: int = 11) -> tuple[Student, ...]:
    return tuple(generate(n, seed=seed))


def with_blank_rows(rows: Sequence[Sequence[Any]], every: int) -> Iterator[Sequence[Any]]:
    for i, row in enumerate(rows):
        if i and i % every == 0:
            yield [None] * len(row)
        yield row


def roles_sheet(pupils: Sequence[Student], teachers: int) -> bytes:
    header = ("sourcedId", "role", "givenName", "familyName", "email", "grades")
    rows: list[Sequence[Any]] = [
        (f"u{s.local_id}", "student", s.first, s.last, s.guardians[0].email, s.grade) for s in pupils
    ]
    rows += [(f"t{i}", "teacher", f"Pat{i}", f"Teach{i}", f"t{i}@district.example", "") for i in range(teachers)]
    return xlsx.workbook(xlsx.Sheet("users", header, rows))


def mixed_ids(pupils: Sequence[Student]) -> bytes:
    rows = [(s.local_id if i % 7 == 0 else float(s.local_id), s.last, s.first, s.dob) for i, s in enumerate(pupils)]
    return xlsx.workbook(xlsx.Sheet("ids", ("Student ID", "Last Name", "First Name", "Birth Date"), rows))


def offset(pupils: Sequence[Student]) -> bytes:
    """A sheet that starts at C4: empty rows above it and empty columns before it."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for j, heading in enumerate(("Student ID", "Student Name", "Grade", "Allergies")):
        ws.cell(row=4, column=3 + j, value=heading)
    for i, s in enumerate(pupils):
        for j, value in enumerate((float(s.local_id), s.full_name, s.grade, ", ".join(s.allergies))):
            ws.cell(row=5 + i, column=3 + j, value=value)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def no_heading(pupils: Sequence[Student]) -> bytes:
    return xlsx.workbook(xlsx.Sheet("values", (), [(float(s.local_id), s.last_first, s.dob) for s in pupils]))


def times_and_flags(pupils: Sequence[Student]) -> bytes:
    header = ("Stu_ID", "Last Name", "First Name", "AM Time", "IEP", "Notes", "Enrolled")
    rows = [
        (float(s.local_id), s.last, s.first, dt.time(7, 5 + i % 50), i % 9 == 0, "epipen" if i % 500 == 3 else None,
         dt.datetime(2024, 8, 20, 8, 30) if i % 2 else dt.datetime(2024, 8, 21))
        for i, s in enumerate(pupils)
    ]
    return xlsx.workbook(xlsx.Sheet("bus", header, rows))


SMALL = 3_000
TRICKY = [
    ("PowerSchool export: float IDs, 'Last, First' names", lambda: xlsx.roster(layouts.POWERSCHOOL, students(SMALL))),
    ("string IDs, first and last apart", lambda: xlsx.roster(layouts.INFINITE_CAMPUS, students(SMALL))),
    ("title rows above the heading", lambda: xlsx.workbook(xlsx.Sheet(
        "Routes", layouts.TRANSPORT.header, layouts.TRANSPORT.rows(students(SMALL)),
        preamble=("Lincoln Elementary - Bus roster 2024-25", "")))),
    ("blank rows among the records", lambda: xlsx.workbook(xlsx.Sheet(
        "Aeries", layouts.AERIES.header, with_blank_rows(layouts.AERIES.rows(students(SMALL)), 97)))),
    ("several sheets, one about nobody", lambda: xlsx.roster(
        layouts.MED_ALERT, students(SMALL), title="Nurse", extra=(
            xlsx.Sheet("Lunch", layouts.LUNCH.header, layouts.LUNCH.rows(students(SMALL, seed=12)[:500])),
            xlsx.Sheet("Budget", ("Item", "Cost"), [("Paper", 12.5), ("Toner", 80.0)])))),
    ("a role column: students and teachers", lambda: roles_sheet(students(SMALL), 120)),
    ("IDs as numbers and as text in one column", lambda: mixed_ids(students(SMALL))),
    ("times, flags, timestamps and a mostly blank column", lambda: times_and_flags(students(SMALL))),
    ("a sheet that starts at C4", lambda: offset(students(SMALL))),
]


@pytest.mark.parametrize(("what", "build_file"), TRICKY, ids=[t[0] for t in TRICKY])
def test_tricky_rosters_give_equal_evidence(what: str, build_file: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    [got] = same(build_file(), monkeypatch)
    assert got.people > 0
    assert got.subjects == "students"


def test_a_sheet_without_a_heading_goes_back_to_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    [got] = same(no_heading(students(SMALL)), monkeypatch, columnwise=False)
    assert got.rows == SMALL


def test_a_big_roster_gives_equal_evidence(monkeypatch: pytest.MonkeyPatch) -> None:
    data = xlsx.roster(layouts.POWERSCHOOL, students(50_000, seed=5))
    [got] = same(data, monkeypatch)
    assert (got.people, got.rows, got.subjects) == (50_000, 50_000, "students")
    assert {"birth_date", "address", "contact", "student_id"} <= got.data


def corpus_workbooks() -> list[tuple[str, bytes]]:
    found: dict[str, tuple[str, bytes]] = {}
    for case_id in ids():
        for a in build(case_id).request.get("attachments", []):
            if str(a.get("name", "")).lower().endswith((".xlsx", ".xlsm")) and "content_b64" in a:
                data = base64.b64decode(a["content_b64"])
                found.setdefault(hashlib.sha256(data).hexdigest(), (case_id, data))
    return sorted(found.values())


def test_corpus_workbooks_give_equal_evidence(monkeypatch: pytest.MonkeyPatch) -> None:
    workbooks = corpus_workbooks()
    assert len(workbooks) >= 5
    held = 0
    for case_id, data in workbooks:
        by_rows, by_columns, columnwise = both(data, monkeypatch)
        assert by_columns == by_rows, case_id
        held += columnwise
    assert held * 2 >= len(workbooks)  # most corpus sheets have their heading on the first row


@pytest.mark.parametrize(
    ("refs", "dimension"),
    [(("A1", "XFD1048576"), None), (("A1", "B3000000000"), None), (("A1",), "A1:XFD1048576")],
)
def test_size_limits_hold_before_the_column_reader(
    refs: tuple[str, ...], dimension: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    [doc] = read(sparse_xlsx(refs, dimension), by_columns=True, monkeypatch=monkeypatch)
    assert doc.unreadable is not None and doc.unreadable.reason == "too_large"


def test_row_and_cell_limits_hold_on_the_column_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    data = xlsx.roster(layouts.AERIES, students(SMALL))
    for limits in (replace(Limits(), rows=SMALL - 1), replace(Limits(), cells=SMALL * 5)):
        [doc] = read(data, by_columns=True, monkeypatch=monkeypatch, limits=limits)
        assert doc.unreadable is not None and doc.unreadable.reason == "too_large"
    [doc] = read(data, by_columns=True, monkeypatch=monkeypatch, limits=replace(Limits(), rows=SMALL + 1))
    assert doc.unreadable is None and doc.tables[0].columns is not None


def test_a_reader_process_reads_a_big_sheet_within_its_memory_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    """The reader's address-space limit (1 GiB by default) leaves room for fastexcel and Arrow."""
    pupils = students(columnar.ROWS + 500, seed=3)
    data = xlsx.roster(layouts.POWERSCHOOL, pupils)
    pool = ReaderPool(1, 1024)
    pool.start()
    try:
        import time

        docs, got = pool.read(Attachment(name=NAME, content=data), POLICY, time.monotonic() + 120)
    finally:
        pool.close()
    assert [d.unreadable for d in docs] == [None]
    [by_rows] = evidence(read(data, by_columns=False, monkeypatch=monkeypatch))
    assert got == (by_rows,)
    assert pool.replaced == 0


def test_the_column_reader_logs_and_keeps_nothing_it_read(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A canary in titles, headings and cells, through the column-wise path, its re-read from the
    heading and its hand-back to rows: nothing of it in the logs or in the evidence."""
    canary = files.CANARY
    rows = [(float(1000 + i), f"{canary} {i}", f"Student{i}", f"{canary}@example.net") for i in range(400)]
    titled = xlsx.Sheet("Roster", ("Student ID", "Last Name", "First Name", "Email"), rows, preamble=(canary, ""))
    bare = xlsx.Sheet(canary[:31], (), rows)
    caplog.set_level("DEBUG")
    for data, people in ((xlsx.workbook(titled), 400), (xlsx.workbook(bare), 0), (xlsx.workbook(titled, bare), 400)):
        docs = read(data, by_columns=True, monkeypatch=monkeypatch)
        got = evidence(docs)
        assert [e.people for e in got] == [people]
        shown = repr([(e.samples, e.columns, e.reasons) for e in got])
        assert canary not in shown and canary.lower() not in shown.lower()
    assert canary not in caplog.text
