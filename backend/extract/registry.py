"""Choosing a reader for a file, and the promise that reading never raises on bad input.

A reader is chosen by extension, then by content type, then by sniffing the first bytes; when the
extension and the bytes disagree the bytes win where they are clear (exports named .xls are often
HTML or tab-separated text). Every failure becomes a Document with `unreadable` set, carrying a
reason code and never a word of the file: policy decides what an unreadable file means.
"""

from __future__ import annotations

import logging
import posixpath
from collections.abc import Callable
from dataclasses import replace
from typing import Protocol

from backend.extract import (
    csv_,
    docx,
    eml,
    html,
    json_,
    ole,
    pasted,
    pdf,
    pptx,
    spreadsheet,
    text,
    tnef,
    xml_,
    zip,
    zipsafety,
)
from backend.extract.base import ReadContext, UnreadableFile
from backend.extract.encoding import looks_like_text
from backend.models import Attachment, Document, SourceKind, Unreadable, UnreadableReason

log = logging.getLogger(__name__)

Reader = Callable[[bytes, str, ReadContext], list[Document]]


class ReaderModule(Protocol):
    """What each reader module declares."""

    @property
    def EXTENSIONS(self) -> tuple[str, ...]: ...
    @property
    def CONTENT_TYPES(self) -> tuple[str, ...]: ...

    def read(self, data: bytes, name: str, ctx: ReadContext) -> list[Document]: ...


READERS: tuple[ReaderModule, ...] = (spreadsheet, csv_, docx, pptx, pdf, html, xml_, json_, text, eml, tnef, zip)

UNSUPPORTED = frozenset({
    ".accdb", ".mdb", ".numbers", ".pages", ".key", ".7z", ".rar", ".tar", ".gz", ".tgz", ".bz2", ".xz",
    ".zst", ".doc", ".dot", ".ppt", ".odt", ".odp", ".msg", ".sqlite", ".db", ".dbf",
    ".sav", ".dta", ".sas7bdat", ".one", ".pst", ".wpd", ".iso", ".dmg", ".cab", ".arj", ".lz",
})  # fmt: skip
"""Types that may hold student records but that no reader opens: unknown is not safe."""

HARMLESS = frozenset({
    ".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp", ".heic", ".heif", ".tif", ".tiff", ".ico", ".svg",
    ".mp3", ".m4a", ".wav", ".ogg", ".aac", ".mp4", ".mov", ".m4v", ".avi", ".webm", ".wmv",
    ".ttf", ".otf", ".woff", ".woff2",
})  # fmt: skip
"""Pictures, sound, video and fonts: no records to count, so an empty, readable Document."""

_HARMLESS_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"II*\x00", b"MM\x00*")
_RIFF_HARMLESS = (b"WEBP", b"WAVE", b"AVI ")


def read_attachment(att: Attachment, ctx: ReadContext) -> list[Document]:
    """An attachment as the client sent it: its bytes, a cloud URL, or a read the client could not make."""
    if att.read_error is not None:
        return [_unreadable(att.name, "attachment", "client_read_failed")]
    if att.content is None:
        if att.url:
            unfetched = Unreadable("not_fetched")
            return [Document(name=att.name, source="attachment", url=att.url, unreadable=unfetched)]
        return [_unreadable(att.name, "attachment", "client_read_failed")]
    size = max(att.size or 0, len(att.content))
    if size > ctx.limits.attachment_bytes:
        return [_unreadable(att.name, "attachment", "too_large")]
    return read_bytes(att.content, att.name, att.content_type, ctx)


def read_body(text_body: str, html_body: str, ctx: ReadContext) -> list[Document]:
    """The message body: the HTML's visible text and tables, or the plain text and any pasted table."""
    name = "message body"
    try:
        ctx.check_time()
        if html_body.strip():
            body_text, tables = html.parse(html_body, ctx)
        else:
            if len(text_body) > ctx.limits.text_chars:
                raise UnreadableFile("too_large")
            body_text, tables = pasted.split_tables(text_body)
    except UnreadableFile as exc:
        return [_unreadable(name, "body", exc.reason)]
    except Exception:
        log.warning("message body could not be parsed")
        return [_unreadable(name, "body", "corrupt")]
    return [Document(name=name, source="body", text=body_text, tables=tables)]


def read_bytes(
    data: bytes,
    name: str,
    content_type: str,
    ctx: ReadContext,
    source: SourceKind = "attachment",
    parent: str | None = None,
) -> list[Document]:
    """Read one file with the reader its name, type or bytes call for. Never raises on bad input."""
    if ctx.depth == 0:
        ctx = ctx.fresh()
    try:
        ctx.check_time()
        docs = choose(data, name, content_type)(data, name, ctx)
    except UnreadableFile as exc:
        return [_unreadable(name, source, exc.reason, parent)]
    except Exception as exc:
        # Corrupt input makes parsers fail in many ways; the type alone is logged, never the text.
        log.info("attachment could not be read", extra={"error_type": type(exc).__name__})
        return [_unreadable(name, source, "corrupt", parent)]
    return [replace(doc, source=source, parent=parent if doc.parent is None else doc.parent) for doc in docs]


def choose(data: bytes, name: str, content_type: str) -> Reader:
    """The reader for a file, found by extension, then content type, then the bytes."""
    extension = posixpath.splitext(name.lower())[1]
    if extension in HARMLESS:
        return harmless
    if extension in UNSUPPORTED:
        return unsupported
    if ole.is_encrypted_ole(data):
        return encrypted  # whatever it is called, an Office file locked with a password
    sniffed = sniff(data)
    claimed = _by_extension(extension) or _by_content_type(content_type)
    if claimed is not None and claimed.read is spreadsheet.read and sniffed in (html.read, csv_.read):
        return sniffed  # an "xls" export that is really HTML or delimited text
    if claimed is not None:
        return claimed.read
    return sniffed


def sniff(data: bytes) -> Reader:
    """The reader the bytes themselves call for."""
    if not data:
        return harmless  # an empty file holds nothing
    if zipsafety.is_zip(data):
        return _zip_kind(data)
    if ole.is_ole(data):
        return spreadsheet.read if ole.stream_names(data) & {"Workbook", "Book"} else unsupported
    if b"%PDF-" in data[:1024]:
        return pdf.read
    if data.startswith(tnef.SIGNATURE):
        return tnef.read
    if data.startswith(_HARMLESS_MAGIC) or (data[:4] == b"RIFF" and data[8:12] in _RIFF_HARMLESS):
        return harmless
    if not looks_like_text(data):
        return unsupported
    head = data[:2048].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html", b"<meta")) or b"<table" in head:
        return html.read
    if head.startswith(b"<?xml") or (head.startswith(b"<") and head[1:2].isalpha()):
        return xml_.read  # records (Ed-Fi interchanges), not lines of text
    if head.startswith((b"{", b"[{")) or (head.startswith(b"[") and head[1:].lstrip().startswith(b"{")):
        return json_.read
    first_lines = data[:4096].decode("utf-8", errors="replace").splitlines()[:5]
    if len(first_lines) >= 2 and csv_.sniff_delimiter("\n".join(first_lines), default="") != "":
        return csv_.read
    return text.read


def _zip_kind(data: bytes) -> Reader:
    try:
        archive = zipsafety.open_zip(data)
        names = set(archive.namelist())
        if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
            return spreadsheet.read
        if "word/document.xml" in names:
            return docx.read
        if "ppt/presentation.xml" in names:
            return pptx.read
        if "mimetype" in names and "content.xml" in names:
            kind = archive.read("mimetype")[:100]  # tiny and stored, by the OpenDocument standard
            return spreadsheet.read if kind.endswith(b"spreadsheet") else unsupported
    except (UnreadableFile, Exception):
        pass  # the zip reader will say what is wrong with it
    return zip.read


def harmless(data: bytes, name: str, ctx: ReadContext) -> list[Document]:
    return [Document(name=name, source="attachment")]


def unsupported(data: bytes, name: str, ctx: ReadContext) -> list[Document]:
    raise UnreadableFile("unsupported")


def encrypted(data: bytes, name: str, ctx: ReadContext) -> list[Document]:
    raise UnreadableFile("encrypted")


def _by_extension(extension: str) -> ReaderModule | None:
    return next((m for m in READERS if extension in m.EXTENSIONS), None)


def _by_content_type(content_type: str) -> ReaderModule | None:
    kind = content_type.split(";")[0].strip().lower()
    return next((m for m in READERS if kind and kind in m.CONTENT_TYPES), None)


def _unreadable(
    name: str, source: SourceKind, reason: UnreadableReason, parent: str | None = None
) -> Document:
    return Document(name=name, source=source, unreadable=Unreadable(reason), parent=parent)
