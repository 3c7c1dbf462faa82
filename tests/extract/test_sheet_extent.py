"""Workbooks whose cell references claim a huge grid are refused before any reader builds it."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest

from backend.extract import read_bytes
from backend.extract.sheetsize import SheetExtent
from backend.policy.schema import Limits
from tests.extract import files
from tests.hostile.files import repeated_ods, sparse_xlsx


@pytest.mark.parametrize(
    ("refs", "dimension", "too_large"),
    [
        (("A1", "XFD1048576"), None, True),  # the whole sheet's grid
        (("A1", "B3000000000"), None, True),  # a row number in the billions
        (("A1", "ZZ999999"), None, True),  # within Excel's bounds, far beyond the cell limit
        (("A1", "XFD1048576"), "A1:B2", True),  # a dimension that lies
        (("A1",), "A1:XFD1048576", True),  # a dimension that claims the whole grid
        (("A1", "C5"), None, False),
        (("A1", "AB20"), "A1:AB20", False),
        (("A1", "E150000"), None, False),  # long but narrow: counted exactly, and it fits
        (("A1", "BA30000"), None, False),  # wide and long: counted exactly, 1.6M cells fit
    ],
)
def test_sparse_workbook_extent(refs: tuple[str, ...], dimension: str | None, too_large: bool) -> None:
    data = sparse_xlsx(refs, dimension)
    assert len(data) < 2000
    [doc] = read_bytes(data, "roster.xlsx", "", files.ctx())
    if too_large:
        assert doc.unreadable is not None and doc.unreadable.reason == "too_large"
    else:
        assert doc.unreadable is None and doc.tables


def test_limits_come_from_the_policy() -> None:
    data = sparse_xlsx(("A1", "C5000"))
    [small] = read_bytes(data, "r.xlsx", "", files.ctx(replace(Limits(), cells=10_000)))
    [default] = read_bytes(data, "r.xlsx", "", files.ctx())
    assert small.unreadable is not None and small.unreadable.reason == "too_large"
    assert default.unreadable is None


@pytest.mark.parametrize(("rows", "columns", "too_large"), [(1000, 1, False), (10**9, 1, True), (2000, 16000, True)])
def test_opendocument_repeats_count(rows: int, columns: int, too_large: bool) -> None:
    [doc] = read_bytes(repeated_ods(rows, columns), "roster.ods", "", files.ctx())
    assert (doc.unreadable is not None and doc.unreadable.reason == "too_large") == too_large


def test_an_honest_roster_is_read_whole() -> None:
    [doc] = read_bytes(files.xlsx(files.ROSTER), "roster.xlsx", "", files.ctx())
    assert doc.unreadable is None and len(doc.tables[0].rows) == len(files.ROSTER) - 1


# The prefilter that lets the sheet scan skip its regex: it must say "may match" wherever the regex
# matches after whitespace (any miss would let a huge grid through), and should stay quiet elsewhere.
@pytest.mark.parametrize(
    ("xml", "flagged"),
    [
        ('<c r="AA1" t="s">', True),
        ('<c r="XFD1048576">', True),
        ('<c\tr="B3000000000">', True),
        ('<c\nr="zz9">', True),
        ('<c r="rr12">', True),
        ('<c r="Ar5">', True),
        ('<c r="a1234567">', True),
        ('<row r="123456">', True),
        ('<c r="A1" t="inlineStr">', False),
        ('<c r="Z99999" s="12345678">', False),
        ('<row r="99999" spans="1:17">', False),
        ('<selection sqref="AA1:AB2"/>', False),
        ('<c r="Q42"><v>1234567890</v></c>', False),
        ('<c t="str" r="B7">', False),
        ('<row r="42">', False),
        ('<is><t>r="AA1" typed as text</t></is>', False),
    ],
)
def test_scan_prefilter_never_misses_a_reference_that_could_break_a_limit(xml: str, flagged: bool) -> None:
    scanner = SheetExtent(Limits(), lambda: io.BytesIO(b""))
    text = xml.encode()
    regex = any(text[m.start() - 1] in b" \t\r\n" for m in scanner._pattern.finditer(text) if m.start() > 0)
    assert regex is flagged
    assert scanner._may_match(text) is flagged
