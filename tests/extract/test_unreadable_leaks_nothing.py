"""Nothing from a file that could not be read may come back: not in a Document, not in a log line."""

from __future__ import annotations

import logging
import zipfile

import pytest

from backend.extract import read_attachment, read_bytes
from backend.models import Attachment
from tests.extract import files

CANARY = files.CANARY.encode()


def _corrupt_files() -> list[tuple[str, bytes]]:
    workbook = files.xlsx([["Name", "Note"], [files.CANARY, files.CANARY]])
    return [
        ("roster.xlsx", CANARY * 20),
        ("roster.xlsx", workbook[: len(workbook) // 2]),
        ("roster.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + CANARY * 50),
        ("letter.docx", b"PK\x03\x04" + CANARY * 50),
        ("report.pdf", b"%PDF-1.7\n" + CANARY * 50),
        ("archive.zip", files.zipped({"x.csv": CANARY * 10})[:-30]),
        ("bomb.zip", files.zipped({"a.txt": CANARY + b"\0" * 5_000_000})),
        ("locked.zip", _encrypted_zip()),
        ("secret.xlsx", files.ole(["EncryptionInfo", "EncryptedPackage"]) + CANARY),
        ("secret.pdf", files.encrypted_pdf([files.CANARY])),
        ("students.accdb", CANARY * 10),
    ]


def _encrypted_zip() -> bytes:
    data = bytearray(files.zipped({"notes.txt": CANARY * 5}, zipfile.ZIP_STORED))
    data[6] |= 1
    data[data.index(b"PK\x01\x02") + 8] |= 1
    return bytes(data)


@pytest.mark.parametrize(("name", "data"), _corrupt_files())
def test_no_content_escapes_from_unreadable_files(name: str, data: bytes, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    docs = read_bytes(data, name, "", files.ctx())
    docs += read_attachment(Attachment(name, content=data), files.ctx())
    unreadable = [d for d in docs if d.unreadable is not None or (d.text == "" and not d.tables)]
    assert unreadable, name
    for doc in unreadable:
        assert files.CANARY not in repr(doc)
    assert files.CANARY not in caplog.text
    for record in caplog.records:
        assert files.CANARY not in repr(record.__dict__)
