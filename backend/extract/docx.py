"""Word documents (docx, docm): paragraphs as text, and each table as a Table (not repeated in text,
so detectors do not count the same students twice).

python-docx refuses macro-enabled documents by content type, so the main part is opened through
its package directly; the part layout is the same. Horizontally merged cells repeat one cell
object in python-docx; the repeats become empty cells so columns stay aligned without duplicates.
"""

from __future__ import annotations

import io
from typing import Any

from docx.opc.package import OpcPackage
from docx.opc.part import PartFactory
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
_MACRO_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"
_TEMPLATE_MAINS = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
)
for _content_type in (_MACRO_MAIN, *_TEMPLATE_MAINS):
    PartFactory.part_type_for.setdefault(_content_type, DocumentPart)


def read(data: bytes, name: str, ctx: ReadContext) -> list[Document]:
    if ole.is_ole(data):
        raise UnreadableFile("encrypted" if ole.is_encrypted_ole(data) else "unsupported")  # else a .doc
    zipsafety.check_package(data, ctx)
    part = OpcPackage.open(io.BytesIO(data)).main_document_part
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
