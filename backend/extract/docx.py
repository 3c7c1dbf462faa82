"""Word documents (docx, docm): paragraphs as text, and each table as a Table (not repeated in text,
so detectors do not count the same students twice).

Only the main document part is read: the text and tables are all there. python-docx would expand
every member of the package and parse every XML part on opening (styles, numbering, settings, theme,
images: most of a letter's reading time), so the package is walked with a member reader of our own
that expands only the content types, the relationships and the main part (each through
`zipsafety.read_member`, never past the size it declared; the central directory's sizes are checked
first), and unmarshalled with a part factory that keeps the other parts as empty bytes. The factory
also takes macro-enabled documents and templates, whose main parts python-docx does not know by
content type (the part layout is the same). Members nothing reads are never expanded, so they need
no expanding to be checked either. Horizontally merged cells repeat one cell
object in python-docx; the repeats become empty cells so columns stay aligned without duplicates.
"""

from __future__ import annotations

import zipfile
import zlib
from typing import Any

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.package import Unmarshaller
from docx.opc.packuri import PACKAGE_URI, PackURI
from docx.opc.part import Part
from docx.opc.pkgreader import PackageReader, _ContentTypeMap
from docx.package import Package
from docx.parts.document import DocumentPart
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph

from backend.extract import ole, zipsafety
from backend.extract.base import ReadContext, UnreadableFile
from backend.extract.heading import split_heading
from backend.models import Cell, Document, Table

EXTENSIONS = (".docx", ".docm", ".dotx", ".dotm")
CONTENT_TYPES = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.ms-word.document.macroenabled.12",
)
_MAINS = frozenset({
    CT.WML_DOCUMENT_MAIN,
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
})


def _part(partname: PackURI, content_type: str, reltype: str, blob: bytes, package: Package) -> Part:
    kind: Any = DocumentPart if content_type in _MAINS else Part
    part: Part = kind.load(partname, content_type, blob, package)
    return part


class _Members:
    """python-docx's physical package reader (`blob_for`, `rels_xml_for`, `content_types_xml`) over
    the archive, expanding a member only when the document's text needs it."""

    def __init__(self, zf: zipfile.ZipFile, ctx: ReadContext) -> None:
        self.zf, self.ctx = zf, ctx
        self.members = {info.filename: info for info in zf.infolist() if not info.is_dir()}
        self.content_types: Any = None

    def _read(self, name: str) -> bytes:
        info = self.members.get(name)
        if info is None:
            raise KeyError(name)
        return zipsafety.read_member(self.zf, info, self.ctx)

    @property
    def content_types_xml(self) -> bytes:
        return self._read("[Content_Types].xml")

    def rels_xml_for(self, source_uri: PackURI) -> bytes | None:
        try:
            return self._read(source_uri.rels_uri.membername)
        except KeyError:
            return None

    def blob_for(self, partname: PackURI) -> bytes:
        """The main part's bytes; b"" for any other part, there or not (nothing parses it)."""
        try:
            wanted = self.content_types[partname] in _MAINS
        except KeyError:
            wanted = False
        return self._read(partname.membername) if wanted else b""


def _main_part(data: bytes, ctx: ReadContext) -> Part:
    zf = zipsafety.open_zip(data)
    zipsafety.check_declared([info for info in zf.infolist() if not info.is_dir()], ctx)
    members = _Members(zf, ctx)
    reader: Any = PackageReader  # its loading steps, with our member reader in place of its zip reader
    types: Any = _ContentTypeMap
    members.content_types = types.from_xml(members.content_types_xml)
    package_rels = reader._srels_for(members, PACKAGE_URI)
    parts = reader._load_serialized_parts(members, package_rels, members.content_types)
    package = Package()
    unmarshaller: Any = Unmarshaller
    unmarshaller.unmarshal(reader(members.content_types, package_rels, parts), package, _part)
    main: Part = package.main_document_part
    return main


def read(data: bytes, name: str, ctx: ReadContext) -> list[Document]:
    if ole.is_ole(data):
        raise UnreadableFile("encrypted" if ole.is_encrypted_ole(data) else "unsupported")  # else a .doc
    try:
        part = _main_part(data, ctx)
    except UnreadableFile:
        raise
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError) as exc:
        raise UnreadableFile("corrupt") from exc
    if not isinstance(part, DocumentPart):
        raise UnreadableFile("corrupt")
    document: Any = part.document
    lines: list[str] = []
    tables: list[Table] = []
    for block in document.iter_inner_content():
        ctx.check_time()
        if isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, DocxTable):
            _table(block, tables, ctx)
    text = "\n".join(lines).strip()
    if len(text) > ctx.limits.text_chars:
        raise UnreadableFile("too_large")
    return [Document(name=name, source="attachment", text=text, tables=tuple(tables))]


def _table(table: DocxTable, tables: list[Table], ctx: ReadContext) -> None:
    rows: list[tuple[Cell, ...]] = []
    for row in table.rows:
        seen: set[int] = set()
        cells: list[Cell] = []
        for cell in row.cells:
            key = id(cell._tc)
            cells.append("" if key in seen else cell.text.strip())
            seen.add(key)
            for inner in cell.tables:
                _table(inner, tables, ctx)
        rows.append(tuple(cells))
    if len(rows) > ctx.limits.rows:
        raise UnreadableFile("too_large")
    ctx.budget.spend_cells(sum(map(len, rows)), ctx.limits)
    header, data = split_heading(rows)
    tables.append(Table(name=f"table {len(tables) + 1}", header=header, rows=data))
