"""Workbooks whose cell references claim a huge grid are refused before any reader builds it."""

from __future__ import annotations

from dataclasses import replace

import pytest

from backend.extract import read_bytes
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
