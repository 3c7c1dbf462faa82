"""Delimited text (csv, tsv): one Table, every cell kept as text.

Cells stay strings on purpose: "00123" is a student ID whose leading zeros matter, and a ZIP code
is not a number. The delimiter is sniffed from the first lines (comma, tab, semicolon, pipe), since
exports named .csv are often tab- or semicolon-separated.
"""

from __future__ import annotations

import csv
import io

from backend.extract.base import ReadContext, UnreadableFile
from backend.extract.encoding import decode
from backend.extract.heading import split_heading
from backend.models import Cell, Document, Table

EXTENSIONS = (".csv", ".tsv", ".tab", ".psv")
CONTENT_TYPES = ("text/csv", "text/tab-separated-values", "application/csv")

DELIMITERS = (",", "\t", ";", "|")
_SNIFF_LINES = 50


def read(data: bytes, name: str, ctx: ReadContext) -> list[Document]:
    text = decode(data, ctx, prose=False)
    delimiter = sniff_delimiter(text, default="\t" if name.lower().endswith(".tsv") else ",")
    rows: list[tuple[Cell, ...]] = []
    cells = 0
    for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
        rows.append(tuple(row))
        cells += len(row)
        if len(rows) % 10_000 == 0:
            ctx.check_time()
        if len(rows) > ctx.limits.rows:
            raise UnreadableFile("too_large")
    ctx.budget.spend_cells(cells, ctx.limits)
    header, body = split_heading(rows)
    return [Document(name=name, source="attachment", tables=(Table(name=name, header=header, rows=body),))]


def sniff_delimiter(text: str, default: str = ",") -> str:
    """The delimiter that splits the first lines into the same number (>1) of fields most often."""
    lines = [line for line in text.splitlines()[:_SNIFF_LINES] if line.strip()]
    best, best_score = default, (0, 0)
    for delimiter in DELIMITERS:
        widths = [len(row) for row in csv.reader(lines, delimiter=delimiter)]
        if not widths:
            continue
        common = max(set(widths), key=widths.count)
        if common < 2:
            continue
        score = (widths.count(common), common)
        if score > best_score:
            best, best_score = delimiter, score
    return best
