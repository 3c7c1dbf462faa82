"""A big sheet read by its map (`sheetindex`) gives analysis exactly what the row reader gives.

Each file is read twice: by rows (calamine's row reader, the reference) and by the map, forced on
for any size. The two must agree on everything analysis asks of a grid (heading, every row, every
column, filled rows) and on the Evidence. Sheets the map must not read (a formula, rich text, a
reference that does not name its row) go back to the other readers with the same result; the size
limits hold on both.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import pytest

from backend.detectors.content.table_grid import RowGrid
from backend.extract import columnar, read_bytes, sheetindex
from backend.models import Document, Table
from backend.policy.schema import Limits
from tests.extract import files
from tests.extract.test_columnar import NAME, SMALL, TRICKY, evidence, students
from tests.fakedata import layouts, xlsx
from tests.hostile.files import sparse_xlsx

_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def by_rows(data: bytes, monkeypatch: pytest.MonkeyPatch, limits: Limits | None = None) -> list[Document]:
    monkeypatch.setattr(sheetindex, "MIN_BYTES", 10**12)
    monkeypatch.setattr(columnar, "ROWS", 10**12)
    return read_bytes(data, NAME, "", files.ctx(limits))


def by_map(data: bytes, monkeypatch: pytest.MonkeyPatch, limits: Limits | None = None) -> list[Document]:
    monkeypatch.setattr(sheetindex, "MIN_BYTES", 0)
    monkeypatch.setattr(columnar, "ROWS", 10**12)
    return read_bytes(data, NAME, "", files.ctx(limits))


def mapped(docs: Sequence[Document]) -> bool:
    return any(isinstance(t.columns, sheetindex.IndexedGrid) for d in docs for t in d.tables)


def grid_answers(table: Table) -> dict[str, Any]:
    """Everything analysis can ask of a table's grid."""
    grid = table.columns if table.columns is not None else RowGrid(table.rows, max(map(len, table.rows), default=0))
    every = list(range(grid.height))
    half = [i % 2 == 0 for i in every]
    return {
        "header": table.header,
        "height": grid.height,
        "width": grid.width,
        "rows": grid.rows_at(every),
        "columns": [list(grid.column(c)) for c in range(grid.width)],
        "distinct": [grid.distinct(c) for c in range(grid.width)],
        "filled": grid.filled_rows(),
        "half": grid.where(half).rows_at(list(range(sum(half)))),
        "half_filled": grid.where(half).filled_rows(),
    }


def agree(data: bytes, monkeypatch: pytest.MonkeyPatch, *, by_its_map: bool = True) -> list[Document]:
    rows = by_rows(data, monkeypatch)
    mapped_docs = by_map(data, monkeypatch)
    assert mapped(mapped_docs) is by_its_map
    assert not mapped(rows)
    assert evidence(mapped_docs) == evidence(rows)
    for a, b in zip(evidence(rows), evidence(mapped_docs), strict=True):
        assert (a.person_keys, a.key_aliases, a.samples, a.rows) == (b.person_keys, b.key_aliases, b.samples, b.rows)
    for d_rows, d_map in zip(rows, mapped_docs, strict=True):
        for t_rows, t_map in zip(d_rows.tables, d_map.tables, strict=True):
            assert grid_answers(t_map) == grid_answers(t_rows)
    return mapped_docs


def package(sheet_data: str, shared: Sequence[str] | None = None, dimension: str | None = None) -> bytes:
    """A one-sheet workbook (openpyxl's parts and styles: s="1" is a date, s="2" a time) whose sheet
    data is `sheet_data`, with a shared strings table when given."""
    import datetime as dt

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append([dt.date(2020, 1, 1), dt.time(7, 30)])
    base = io.BytesIO()
    wb.save(base)
    out = io.BytesIO()
    with zipfile.ZipFile(base) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name in src.namelist():
            data = src.read(name)
            if name == "xl/worksheets/sheet1.xml":
                dim = f'<dimension ref="{dimension}"/>' if dimension else ""
                data = f'<worksheet xmlns="{_NS}">{dim}<sheetData>{sheet_data}</sheetData></worksheet>'.encode()
            z.writestr(name, data)
        if shared is not None:
            items = "".join(f"<si><t>{s}</t></si>" if s else "<si><t/></si>" for s in shared)
            z.writestr("xl/sharedStrings.xml", f'<sst xmlns="{_NS}" count="{len(shared)}">{items}</sst>')
    return out.getvalue()


def row(n: int, *cells: str) -> str:
    return f'<row r="{n}">{"".join(cells)}</row>'


def text(ref: str, value: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'


def num(ref: str, value: str, style: str = "") -> str:
    return f'<c r="{ref}"{style}><v>{value}</v></c>'


def shared(ref: str, index: int) -> str:
    return f'<c r="{ref}" t="s"><v>{index}</v></c>'


HEAD = row(1, text("A1", "Student ID"), text("B1", "Last Name"), text("C1", "First Name"), text("D1", "Grade"))


def records(n: int, start: int = 2) -> str:
    return "".join(row(start + i, num(f"A{start + i}", str(1000 + i)), text(f"B{start + i}", f"Lopez{i}"),
                       text(f"C{start + i}", f"Ana{i}"), num(f"D{start + i}", str(i % 12)))
                   for i in range(n))


SHAPES: list[tuple[str, Any]] = [
    ("inline strings and numbers", lambda: package(HEAD + records(300))),
    ("blank rows, rows of empty strings, styled empty cells and empty cells", lambda: package(
        HEAD + records(40) + row(42) + row(43, text("A43", ""), text("B43", "")) + row(44, '<c r="A44" s="1"/>')
        + row(45, '<c r="A45" t="inlineStr"></c>') + records(40, start=46))),
    ("rows numbered with gaps, and self-closed rows", lambda: package(
        HEAD + records(20, start=2) + '<row r="30"/>' + records(20, start=50))),
    ("zeros, false, a zero styled as a time, errors", lambda: package(
        HEAD + records(30) + row(32, num("A32", "0"), num("D32", "0")) + row(33, '<c r="D33" t="b"><v>0</v></c>')
        + row(34, num("A34", "0", ' s="2"')) + row(35, '<c r="B35" t="e"><v>#N/A</v></c>')
        + row(36, num("A36", "0.0"), num("D36", "1E-400")) + records(30, start=37))),
    ("shared strings, one of them empty", lambda: package(
        row(1, shared("A1", 0), shared("B1", 1), shared("C1", 2))
        + "".join(row(i, num(f"A{i}", str(i)), shared(f"B{i}", 3 + i % 5), shared(f"C{i}", 8 + i % 3))
                  for i in range(2, 200))
        + row(200, shared("B200", 11)) + row(201, shared("C201", 11), shared("B201", 4)),
        shared=["Student ID", "Last Name", "First Name", "Lopez", "Chen", "Okafor", "Smith", "Ng", "Ana", "Li",
                "Sam", ""])),
    ("a title above the heading and a first column left empty", lambda: package(
        row(1, text("B1", "Lincoln Elementary - Bus roster")) + row(2)
        + row(3, text("B3", "Student ID"), text("C3", "Name"), text("D3", "Bus"))
        + "".join(row(i, num(f"B{i}", str(5000 + i)), text(f"C{i}", f"Kim{i}"), text(f"D{i}", f"R{i % 9}"))
                  for i in range(4, 300)))),
    ("columns past Z", lambda: package(
        row(1, text("A1", "Student ID"), text("AA1", "Last Name"), text("AB1", "Allergy"))
        + "".join(row(i, num(f"A{i}", str(i)), text(f"AA{i}", f"Diaz{i}"), text(f"AB{i}", "peanuts"))
                  for i in range(2, 150)))),
    ("whitespace between tags and preserved spaces", lambda: package(
        "\n  " + HEAD.replace("><", ">\n  <") + "\n"
        + "".join(f'<row r="{i}">\n <c r="A{i}"><v>{i}</v></c>\n <c r="B{i}" t="inlineStr"><is>'
                  f'<t xml:space="preserve"> Park {i} </t></is></c>\n</row>\n' for i in range(2, 120)))),
    ("no heading at all", lambda: package("".join(row(i, num(f"A{i}", str(i)), text(f"B{i}", f"Vo{i}"))
                                                   for i in range(1, 200)))),
]
IRREGULAR: list[tuple[str, Any]] = [
    ("a formula", lambda: package(HEAD + records(50) + row(52, '<c r="A52"><f>A2+1</f><v>1001</v></c>'))),
    ("rich text", lambda: package(HEAD + records(50) + row(52, '<c r="B52" t="inlineStr"><is><r><t>Le</t></r>'
                                                                 '<r><t>e</t></r></is></c>'))),
    ("a reference that is not its row's", lambda: package(HEAD + records(50) + row(52, num("A53", "7")))),
    ("rows out of order", lambda: package(HEAD + records(10, start=20) + records(10, start=5))),
    ("a row without its number", lambda: package(HEAD + records(10) + f'<row>{num("A12", "3")}</row>')),
    ("a cell without a reference", lambda: package(HEAD + records(10) + row(12, "<c><v>3</v></c>"))),
    ("an empty value", lambda: package(HEAD + records(10) + row(12, "<c r=\"A12\"><v></v></c>"))),
]


@pytest.mark.parametrize(("what", "build_file"), SHAPES, ids=[s[0] for s in SHAPES])
def test_regular_sheets_read_by_their_map_agree_with_rows(what: str, build_file: Any,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    agree(build_file(), monkeypatch)


@pytest.mark.parametrize(("what", "build_file"), IRREGULAR, ids=[s[0] for s in IRREGULAR])
def test_other_sheets_go_to_the_other_readers_with_the_same_result(what: str, build_file: Any,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    agree(build_file(), monkeypatch, by_its_map=False)


SINGLE = [t for t in TRICKY if not t[0].startswith("several sheets")]


@pytest.mark.parametrize(("what", "build_file"), SINGLE, ids=[t[0] for t in SINGLE])
def test_tricky_rosters_read_by_their_map_agree_with_rows(what: str, build_file: Any,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    docs = agree(build_file(), monkeypatch)
    [got] = evidence(docs)
    assert got.people > 0 and got.subjects == "students"


def test_a_workbook_of_several_sheets_is_not_mapped(monkeypatch: pytest.MonkeyPatch) -> None:
    [(_, build_file)] = [t for t in TRICKY if t[0].startswith("several sheets")]
    agree(build_file(), monkeypatch, by_its_map=False)


def test_a_big_roster_with_blank_rows_agrees(monkeypatch: pytest.MonkeyPatch) -> None:
    pupils = students(SMALL * 4, seed=9)
    data = xlsx.workbook(xlsx.Sheet("Roster", layouts.INFINITE_CAMPUS.header,
                                    [layouts.INFINITE_CAMPUS.row(s) if i % 211 else [None] * 4
                                     for i, s in enumerate(pupils)]))
    [doc] = agree(data, monkeypatch)
    assert doc.tables[0].columns is not None and doc.tables[0].columns.height < SMALL * 4


@pytest.mark.parametrize(
    ("refs", "dimension"),
    [(("A1", "XFD1048576"), None), (("A1", "B3000000000"), None), (("A1",), "A1:XFD1048576"),
     (("A1", "AAAA7"), None)],
)
def test_size_limits_hold_on_the_map(refs: tuple[str, ...], dimension: str | None,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    [doc] = by_map(sparse_xlsx(refs, dimension), monkeypatch)
    assert doc.unreadable is not None and doc.unreadable.reason == "too_large"


def test_a_far_cell_inside_a_near_row_is_too_large(monkeypatch: pytest.MonkeyPatch) -> None:
    data = package(HEAD + records(5) + row(7, num("A7", "1"), num("XFD7", "2")) + row(8, num("A1048576", "3")))
    [doc] = by_map(data, monkeypatch)
    assert doc.unreadable is not None and doc.unreadable.reason == "too_large"


def test_row_and_cell_limits_hold_on_the_map(monkeypatch: pytest.MonkeyPatch) -> None:
    data = package(HEAD + records(300))
    for limits in (replace(Limits(), rows=300), replace(Limits(), cells=301 * 3)):
        [doc] = by_map(data, monkeypatch, limits)
        assert doc.unreadable is not None and doc.unreadable.reason == "too_large"
    [doc] = by_map(data, monkeypatch, replace(Limits(), rows=301))
    assert doc.unreadable is None and mapped([doc])


def test_the_map_logs_and_keeps_nothing_it_read(monkeypatch: pytest.MonkeyPatch,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    """A canary in a title and in every row's cells: none of it in the logs or the Evidence."""
    canary = files.CANARY
    data = package(row(1, text("A1", canary)) + row(2, text("A2", "Student ID"), text("B2", "Last Name"),
                                                     text("C2", "Notes"))
                   + "".join(row(i, num(f"A{i}", str(400000 + i)), text(f"B{i}", f"{canary}{i}"), text(f"C{i}", canary))
                             for i in range(3, 400)))
    caplog.set_level("DEBUG")
    docs = by_map(data, monkeypatch)
    assert mapped(docs)
    [got] = evidence(docs)
    assert got.people == 397
    shown = repr((got.samples, got.columns, got.reasons, got.data))
    assert canary not in shown and canary.lower() not in shown.lower()
    assert canary not in caplog.text
