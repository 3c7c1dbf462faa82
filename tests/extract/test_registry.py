"""Choosing readers and never raising: every kind of bad input ends as a Document with a reason."""

from __future__ import annotations

import os
import time
from dataclasses import replace

import pytest

from backend.extract import ReadContext, read_attachment, read_bytes
from backend.models import Attachment
from backend.policy.schema import Limits
from tests.extract import files

ODT = b"application/vnd.oasis.opendocument.text"
PNG = b"\x89PNG\r\n\x1a\n" + os.urandom(200)


@pytest.mark.parametrize(
    ("name", "content_type", "data", "reason"),
    [
        ("students.accdb", "", b"\x00\x01\x00\x00Standard ACE DB" + b"\0" * 100, "unsupported"),
        ("students.mdb", "", b"\x00\x01\x00\x00Standard Jet DB" + b"\0" * 100, "unsupported"),
        ("roster.numbers", "", files.zipped({"Index/Document.iwa": b"x"}), "unsupported"),
        ("backup.7z", "", b"7z\xbc\xaf\x27\x1c" + b"\0" * 50, "unsupported"),
        ("backup.rar", "", b"Rar!\x1a\x07\x00" + b"\0" * 50, "unsupported"),
        ("mystery", "", bytes(range(256)) * 4, "unsupported"),  # binary nobody recognises
        ("letter.odt", "", files.zipped({"mimetype": ODT, "content.xml": b"<x/>"}), "unsupported"),
        ("letter", "", files.zipped({"mimetype": ODT, "content.xml": b"<x/>"}), "unsupported"),
        ("roster.xlsx", "", b"definitely not a workbook", "corrupt"),
        ("roster.xlsx", "", os.urandom(5000), "corrupt"),
        ("report.pdf", "", b"%PDF-1.4\n" + os.urandom(2000), "corrupt"),
        ("letter.docx", "", b"PK\x03\x04" + os.urandom(300), "corrupt"),
    ],
)
def test_unreadable_inputs(name: str, content_type: str, data: bytes, reason: str) -> None:
    [doc] = read_bytes(data, name, content_type, files.ctx())
    assert doc.unreadable is not None and doc.unreadable.reason == reason
    assert doc.name == name and doc.tables == () and doc.text == ""


@pytest.mark.parametrize(
    ("name", "content_type", "data"),
    [
        ("photo.png", "image/png", PNG),
        ("photo.jpg", "", b"\xff\xd8\xff\xe0" + os.urandom(100)),
        ("image001", "", PNG),  # sniffed
        ("clip.mp4", "video/mp4", os.urandom(500)),
        ("empty.bin", "", b""),
    ],
)
def test_harmless_files_are_readable_and_empty(name: str, content_type: str, data: bytes) -> None:
    [doc] = read_bytes(data, name, content_type, files.ctx())
    assert doc.unreadable is None and doc.tables == () and doc.text == ""


@pytest.mark.parametrize(
    ("name", "content_type", "data", "has_table"),
    [
        ("attachment", "text/csv", b"Name,ID\nMaya,1\nLiam,2\n", True),
        ("attachment", "application/pdf", files.pdf(["hello"]), False),
        ("attachment", "", files.pdf(["hello"]), False),
        ("attachment", "text/html", b"<p>hello</p>", False),
    ],
)
def test_reader_by_content_type_or_sniffing(name: str, content_type: str, data: bytes, has_table: bool) -> None:
    [doc] = read_bytes(data, name, content_type, files.ctx())
    assert doc.unreadable is None
    assert bool(doc.tables) is has_table


def test_source_and_parent_are_set_by_the_caller() -> None:
    [doc] = read_bytes(b"Name,ID\nMaya,1\n", "r.csv", "", files.ctx(), source="link", parent="outer")
    assert (doc.source, doc.parent) == ("link", "outer")


def test_time_limit_is_a_timeout() -> None:
    late = ReadContext(Limits(), time.monotonic() - 1)
    cases = [("roster.xlsx", files.xlsx(files.ROSTER)), ("r.csv", b"a,b\n1,2\n"), ("x.zip", files.zipped({"a": b"a"}))]
    for name, data in cases:
        [doc] = read_bytes(data, name, "", late)
        assert doc.unreadable is not None and doc.unreadable.reason == "timeout", name


def test_attachment_outcomes() -> None:
    ctx = files.ctx(Limits(attachment_bytes=1000))
    cases = [
        (Attachment("big.xlsx", size=5000, content=b"x" * 10), "too_large"),
        (Attachment("big.csv", content=b"a,b\n" * 500), "too_large"),
        (Attachment("r.xlsx", read_error="InternalServerError"), "client_read_failed"),
        (Attachment("r.xlsx"), "client_read_failed"),
        (Attachment("Shared roster", url="https://example.invalid/r.xlsx"), "not_fetched"),
    ]
    for att, reason in cases:
        [doc] = read_attachment(att, ctx)
        assert doc.unreadable is not None and doc.unreadable.reason == reason, att.name
        assert doc.source == "attachment"
    [link] = read_attachment(cases[-1][0], ctx)
    assert link.url == "https://example.invalid/r.xlsx"
    [ok] = read_attachment(Attachment("r.csv", "text/csv", content=b"Name,ID\nMaya,1\n"), ctx)
    assert ok.unreadable is None and ok.tables[0].rows == (("Maya", "1"),)


def test_cell_budget_is_per_attachment() -> None:
    ctx = files.ctx(Limits(cells=12))
    data = files.xlsx(files.ROSTER[:2])  # 2 rows x 5 columns: 10 cells
    for _ in range(3):  # each attachment gets its own budget, not a shared one
        [doc] = read_attachment(Attachment("r.xlsx", content=data), ctx)
        assert doc.unreadable is None
    both = files.zipped({"a.xlsx": data, "b.xlsx": data})  # but files nested in one share it
    docs = read_attachment(Attachment("both.zip", content=both), replace(ctx))
    assert [d.unreadable.reason if d.unreadable else None for d in docs] == [None, "too_large"]
