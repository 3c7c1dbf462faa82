"""Word documents (.docx) as bytes, written with python-docx: headings, paragraphs and tables."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field

from docx import Document

from tests.fakedata.delimited import _text
from tests.fakedata.layouts import Cell

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class Table:
    header: Sequence[str]
    rows: Sequence[Sequence[Cell]]


@dataclass(frozen=True)
class Doc:
    title: str
    blocks: Sequence[str | Table] = field(default_factory=tuple)


def document(doc: Doc) -> bytes:
    d = Document()
    d.add_heading(doc.title, level=1)
    for block in doc.blocks:
        if isinstance(block, str):
            d.add_paragraph(block)
            continue
        table = d.add_table(rows=1 + len(block.rows), cols=len(block.header))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, block.header, strict=True):
            cell.text = text
        for tr, row in zip(table.rows[1:], block.rows, strict=True):
            for cell, value in zip(tr.cells, row, strict=True):
                cell.text = _text(value)
    buffer = io.BytesIO()
    d.save(buffer)
    return buffer.getvalue()
