"""Small files built in memory for the reader tests: nothing is read from disk or the network."""

from __future__ import annotations

import datetime as dt
import io
import struct
import time
import zipfile
from collections.abc import Sequence
from typing import Any

import docx
import xlwt
from openpyxl import Workbook
from pypdf import PdfReader, PdfWriter

from backend.extract.base import ReadContext
from backend.policy.schema import Limits

CANARY = "CANARY-7Q4Z-Maya-Chen"  # a value that must never surface from an unreadable file

ROSTER: list[list[Any]] = [
    ["Student ID", "First Name", "Last Name", "Birth Date", "Allergies"],
    [12345, "Maya", "Chen", dt.date(2012, 3, 4), "peanuts"],
    [12346, "Liam", "Ortiz", dt.date(2011, 7, 9), ""],
    [12347, "Ava", "Singh", dt.date(2012, 1, 30), "latex"],
]


def ctx(limits: Limits | None = None, seconds: float = 30.0) -> ReadContext:
    return ReadContext(limits or Limits(), time.monotonic() + seconds)


def xlsx(rows: Sequence[Sequence[Any]], title: str | None = None, sheet: str = "Roster") -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet
    if title is not None:
        ws.append([title])
        ws.append([])
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def xls(rows: Sequence[Sequence[Any]]) -> bytes:
    wb = xlwt.Workbook()
    ws = wb.add_sheet("Roster")
    dates = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, dt.date):
                ws.write(r, c, value, dates)
            else:
                ws.write(r, c, value)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def ods(rows: Sequence[Sequence[str | int]]) -> bytes:
    """A minimal OpenDocument spreadsheet, written by hand (nothing installed writes ODS)."""
    def cell(v: str | int) -> str:
        if isinstance(v, int):
            kind = f'office:value-type="float" office:value="{v}"'
            return f"<table:table-cell {kind}><text:p>{v}</text:p></table:table-cell>"
        return f'<table:table-cell office:value-type="string"><text:p>{v}</text:p></table:table-cell>'

    body = "".join("<table:table-row>" + "".join(map(cell, row)) + "</table:table-row>" for row in rows)
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="Roster">{body}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        z.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        z.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def word(paragraphs: Sequence[str], table: Sequence[Sequence[str]] = ()) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def pdf(lines: Sequence[str]) -> bytes:
    """A minimal valid one-page PDF with Helvetica text, xref offsets computed."""
    ops = ["BT /F1 12 Tf 72 720 Td 14 TL"]
    for line in lines:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        ops.append(f"({escaped}) Tj T*")
    ops.append("ET")
    stream = "\n".join(ops).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def encrypted_pdf(lines: Sequence[str], password: str = "s3cret") -> bytes:
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(pdf(lines))))
    writer.encrypt(user_password=password, owner_password=password, algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def zipped(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return out.getvalue()


def ole(stream_names: Sequence[str]) -> bytes:
    """A minimal OLE compound file (version 3, 512-byte sectors) whose directory names these streams.

    Sector 0 holds the FAT, sector 1 the directory; the streams are empty. This is the container
    Office uses for password-protected .xlsx and .docx files (EncryptionInfo, EncryptedPackage).
    """
    free, end, fat_sector = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 0x18, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<III", header, 0x2C, 1, 1, 0)  # one FAT sector, directory at sector 1
    struct.pack_into("<IIIII", header, 0x38, 4096, end, 0, end, 0)
    difat = [0] + [free] * 108
    struct.pack_into("<109I", header, 0x4C, *difat)
    fat = struct.pack("<128I", fat_sector, end, *([free] * 126))
    directory = bytearray(512)
    entries = [("Root Entry", 5), *((n, 2) for n in stream_names)]
    assert len(entries) <= 4
    for i, (name, kind) in enumerate(entries):
        encoded = name.encode("utf-16-le") + b"\x00\x00"
        base = i * 128
        directory[base : base + len(encoded)] = encoded
        struct.pack_into("<HBB", directory, base + 64, len(encoded), kind, 1)
        struct.pack_into("<III", directory, base + 68, free, free, 1 if i == 0 and len(entries) > 1 else free)
        struct.pack_into("<II", directory, base + 116, end, 0)  # empty: no first sector, size 0
    return bytes(header) + fat + bytes(directory)
