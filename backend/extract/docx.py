"""Word documents (docx, docm): paragraphs as text, and each table as a Table (not repeated in text,
so detectors do not count the same students twice).

Only the main document part is parsed: the text and tables are all there. python-docx would parse
every XML part on opening (styles, numbering, settings, theme: most of a letter's reading time), so
the package is unmarshalled with a part factory of our own that keeps the other parts as bytes; it
also takes macro-enabled documents and templates, whose main parts python-docx does not know by
content type (the part layout is the same). Horizontally merged cells repeat one cell
object in python-docx; the repeats become empty cells so columns stay aligned without duplicates.
"""

from __future__ import annotations

import io
from typing import Any

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.package import Unmarshaller
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.opc.pkgreader import PackageReader
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


def _main_part(data: bytes) -> Part:
    package = Package()
    reader: Any = PackageReader
    unmarshaller: Any = Unmarshaller
    unmarshaller.unmarshal(reader.from_file(io.BytesIO(data)), package, _part)
    main: Part = package.main_document_part
    return main


def read(data: bytes, name: str, ctx: ReadContext) -> list[Document]:
    if ole.is_ole(data):
        raise UnreadableFile("encrypted" if ole.is_encrypted_ole(data) else "unsupported")  # else a .doc
    zipsafety.check_package(data, ctx)
    part = _main_part(data)
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
