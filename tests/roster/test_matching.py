"""Roster students found through the hashes, with no telling headings: in prose, pasted lists, PDFs'
text, and any column of a table. Tables of (input, students expected); at least as many rows that must
find no one as rows that must find someone."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from backend.extract import columnar, read_bytes
from backend.models import Document, Table
from backend.roster.hashing import RosterKey, canonical_id, fold
from backend.roster.index import RosterIndex
from backend.roster.matching import hits
from tests.extract import files
from tests.fakedata import xlsx
from tests.fakedata.students import Student, generate
from tests.roster.helpers import index_of, population

ROSTER = population()[:200]
A, B, C = ROSTER[10], ROSTER[11], ROSTER[12]


def _strangers(n: int, seed: int = 777) -> list[Student]:
    """Students of another district whose names no roster student has."""
    taken = {(r.first, r.last) for r in ROSTER}
    return [s for s in generate(n, seed) if (s.first, s.last) not in taken]


STRANGERS = _strangers(40)


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> RosterIndex:
    return index_of(ROSTER, tmp_path_factory.mktemp("idx"))


def _accented(s: Student) -> str:
    return s.first.replace("a", "á", 1).replace("e", "é", 1)


TEXT: list[tuple[str, Callable[[], str], int]] = [
    ("first last in prose", lambda: f"This week {A.first} {A.last} led the robotics club.", 1),
    ("Last, First", lambda: f"Absent: {A.last}, {A.first}.", 1),
    ("middle initial", lambda: f"{A.first} {A.middle[0]}. {A.last} has a make-up test.", 1),
    ("middle name", lambda: f"Congratulations to {A.first} {A.middle} {A.last}!", 1),
    ("all capitals", lambda: f"{A.first.upper()} {A.last.upper()} - PICKUP CHANGE", 1),
    ("accents in the message", lambda: f"{_accented(A)} {A.last} turned in the form.", 1),
    ("local ID in a line", lambda: f"Re: attendance for {A.local_id}", 1),
    ("state ID without its zeros", lambda: f"SSID {int(A.state_id)} updated", 1),
    ("pasted list", lambda: "\n".join(f"{s.last}, {s.first}" for s in (A, B, C)), 3),
    ("a name and an ID of one student", lambda: f"{A.first} {A.last} ({A.local_id})", 1),
    ("first name alone", lambda: f"{A.first} was absent today.", 0),
    ("family name alone", lambda: f"Mr. {A.last} called back.", 0),
    ("first and last of two students", lambda: f"{A.first} {B.last} is not one student.", 0),
    ("names not on the roster", lambda: " and ".join(f"{s.first} {s.last}" for s in STRANGERS[:5]), 0),
    ("a local ID one digit off", lambda: f"Ref {int(A.local_id) * 10 + 1}", 0),
    ("street and school names", lambda: "Meet at Maple Valley Elementary on Cedar Street.", 0),
    ("phone numbers and times", lambda: "Call (425) 555-0199 between 3:15 and 4:00.", 0),
    ("an empty message", lambda: "", 0),
    ("a first name, then a sentence", lambda: f"Thanks {A.first}. {STRANGERS[0].last} said yes.", 0),
    ("last names of a family elsewhere", lambda: f"The {A.last} family and the {B.last} family.", 0),
]


@pytest.mark.parametrize(("case", "text", "expected"), TEXT, ids=[t[0] for t in TEXT])
def test_text(index: RosterIndex, case: str, text: Callable[[], str], expected: int) -> None:
    found = hits(Document("message body", "body", text=text()), matcher=index.matcher)
    assert len(index.students_of(found)) == expected


def _table(header: tuple[str, ...], rows: list[tuple[object, ...]]) -> Document:
    return Document("sheet.xlsx", "attachment", tables=(Table("Sheet1", header, tuple(rows)),))  # type: ignore[arg-type]


TABLES: list[tuple[str, Callable[[], Document], int]] = [
    ("first and last in unnamed columns",
     lambda: _table(("A", "B", "C"), [(s.first, s.last, "x") for s in ROSTER[:50]]), 50),
    ("last then first", lambda: _table((), [(s.last, s.first) for s in ROSTER[:30]]), 30),
    ("Last, First in one column", lambda: _table(("Who",), [(f"{s.last}, {s.first}",) for s in ROSTER[:40]]), 40),
    ("IDs as numbers, zeros dropped", lambda: _table(("N",), [(float(s.state_id),) for s in ROSTER[:60]]), 60),
    ("roster rows scattered in a large sheet",
     lambda: _table(("F", "L"), [(s.first, s.last) for s in _strangers(2000)] + [(s.first, s.last)
                                                                                  for s in ROSTER[:100]]),
     100),
    ("names not on the roster", lambda: _table(("F", "L"), [(s.first, s.last) for s in STRANGERS]), 0),
    ("first names beside another student's last names",
     lambda: _table(("F", "L"), [(a.first, b.last) for a, b in zip(ROSTER[:30], ROSTER[100:130], strict=True)
                                 if (a.first, b.last) not in {(r.first, r.last) for r in ROSTER}]), 0),
    ("amounts and dates", lambda: _table(("Amount", "Due"), [(f"{i * 12.5:.2f}", f"2025-0{i % 9 + 1}-01")
                                                            for i in range(50)]), 0),
    ("teachers and rooms", lambda: _table(("Teacher", "Room"), [("Ms. Alvarez", "B12"), ("Mr. Osei", "C3")]), 0),
    ("an empty sheet", lambda: _table(("First", "Last"), []), 0),
]


@pytest.mark.parametrize(("case", "doc", "expected"), TABLES, ids=[t[0] for t in TABLES])
def test_tables(index: RosterIndex, case: str, doc: Callable[[], Document], expected: int) -> None:
    assert len(index.students_of(hits(doc(), matcher=index.matcher))) == expected


def test_names_in_text_can_be_turned_off(index: RosterIndex) -> None:
    doc = Document("message body", "body", text=f"{A.first} {A.last} and {B.local_id}")
    assert len(index.students_of(hits(doc, matcher=index.matcher, names=False))) == 1


NORMALISED = [
    ("Chén", "chen"), ("  Mary   Ann ", "mary ann"), ("O'BRIEN", "o'brien"), ("Núñez-García", "nunez-garcia"),
    ("STRASSE", "strasse"), ("Zoë", "zoe"),
]


@pytest.mark.parametrize(("raw", "folded"), NORMALISED)
def test_names_fold_case_accents_and_spaces(raw: str, folded: str) -> None:
    assert fold(raw) == folded


@pytest.mark.parametrize(("raw", "same_as"), [("0012345", "12345"), ("12345.0", "12345"), (" AB-12 ", "ab-12")])
def test_ids_have_one_spelling(raw: str, same_as: str) -> None:
    assert canonical_id(raw) == canonical_id(same_as)


def test_hashes_depend_on_the_key(tmp_path: Path) -> None:
    one, two = RosterKey("district-one-secret-key"), RosterKey("district-two-secret-key")
    assert one.hashed("name", "Maya Chen") == one.hashed("name", "maya  chen")
    assert one.hashed("name", "Maya Chen") != two.hashed("name", "Maya Chen")
    with pytest.raises(ValueError, match="CROSSING_GUARD_ROSTER_KEY"):
        RosterKey("short")


def test_the_fast_path_is_exactly_hmac_sha256() -> None:
    import hmac
    import pickle

    for secret in ("district-one-secret-key", "x" * 100):
        key = RosterKey(secret)
        for value in ("12345", "maya chen", "zoë", ""):
            assert key.digest("name", value) == hmac.digest(secret.encode(), f"name:{value}".encode(), "sha256")[:16]
        assert pickle.loads(pickle.dumps(key)).digest("id", "42") == key.digest("id", "42")


def _workbook(rows: list[tuple[object, ...]], header: tuple[str, ...]) -> bytes:
    return xlsx.workbook(xlsx.Sheet("Sheet1", header, rows))  # type: ignore[arg-type]


WORKBOOKS: list[tuple[str, Callable[[], bytes], int]] = [
    ("IDs and names under headings", lambda: _workbook(
        [(s.local_id, s.first, s.last) for s in ROSTER[:120]], ("Student_Number", "First", "Last")), 120),
    ("names only, no telling headings", lambda: _workbook(
        [(s.first, s.last, "x") for s in ROSTER[:80]] + [(s.first, s.last, "y") for s in STRANGERS], ("A", "B", "C")),
     80),
    ("strangers only", lambda: _workbook([(s.first, s.last) for s in STRANGERS], ("First", "Last")), 0),
    ("amounts only", lambda: _workbook([(i, i * 2.5) for i in range(200)], ("N", "Amount")), 0),
]


@pytest.mark.parametrize(("case", "make", "expected"), WORKBOOKS, ids=[w[0] for w in WORKBOOKS])
def test_a_sheet_read_by_columns_matches_as_by_rows(index: RosterIndex, case: str, make: Callable[[], bytes],
                                                    expected: int, monkeypatch: pytest.MonkeyPatch) -> None:
    data = make()
    found = {}
    for by_columns in (False, True):
        monkeypatch.setattr(columnar, "ROWS", 0 if by_columns else 10**12)
        [doc] = read_bytes(data, "roster.xlsx", "", files.ctx(None))
        if by_columns and expected:
            assert doc.tables[0].columns is not None and doc.tables[0].rows == ()  # the column path really ran
        found[by_columns] = index.students_of(hits(doc, matcher=index.matcher))
    assert found[False] == found[True] and len(found[True]) == expected
