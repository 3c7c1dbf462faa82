"""Slideshows (pptx, pptm): every text frame as text, and each slide table as a Table.

Class slideshows go to families every week; left unread they would be "unknown", and a warning on
every one of them would teach people to ignore Crossing Guard. A slide can still carry a roster
(a pasted table of names and allergies), so tables are read like any other.
"""

from __future__ import annotations

import io
from typing import Any

from pptx import Presentation

from backend.extract import ole, zipsafety
from backend.extract.base import ReadContext, UnreadableFile
from backend.extract.heading import split_heading
from backend.models import Cell, Document, Table

EXTENSIONS = (".pptx", ".pptm", ".ppsx", ".potx")
CONTENT_TYPES = (
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.ms-powerpoint.presentation.macroenabled.12",
)


def read(data: bytes, name: str, ctx: ReadContext) -> list[Document]:
    if ole.is_ole(data):
        raise UnreadableFile("encrypted" if ole.is_encrypted_ole(data) else "unsupported")  # else a .ppt
    zipsafety.check_package(data, ctx)
    deck: Any = Presentation(io.BytesIO(data))
    lines: list[str] = []
    tables: list[Table] = []
    for slide in deck.slides:
        ctx.check_time()
        for shape in slide.shapes:
            if shape.has_text_frame:
                lines.extend(p.text for p in shape.text_frame.paragraphs)
            elif shape.has_table:
                _table(shape.table, tables, ctx)
        lines.append("")
    text = "\n".join(lines).strip()
    if len(text) > ctx.limits.text_chars:
        raise UnreadableFile("too_large")
    return [Document(name=name, source="attachment", text=text, tables=tuple(tables))]


def _table(table: Any, tables: list[Table], ctx: ReadContext) -> None:
    rows: list[tuple[Cell, ...]] = [tuple(cell.text.strip() for cell in row.cells) for row in table.rows]
    ctx.budget.spend_cells(sum(map(len, rows)), ctx.limits)
    header, data = split_heading(rows)
    tables.append(Table(name=f"slide table {len(tables) + 1}", header=header, rows=data))
