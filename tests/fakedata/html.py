"""HTML bodies: a table pasted from Excel into Outlook looks like this (inline styles, one row per tr)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from tests.fakedata.delimited import _text
from tests.fakedata.layouts import Cell


def table(header: Sequence[str], rows: Sequence[Sequence[Cell]]) -> str:
    td = '<td style="border:1px solid #999;padding:2px 6px">'
    head = "".join(f'<th style="border:1px solid #999;background:#ddd">{escape(h)}</th>' for h in header)
    body = "\n".join("<tr>" + "".join(f"{td}{escape(_text(c))}</td>" for c in row) + "</tr>" for row in rows)
    return f'<table style="border-collapse:collapse">\n<tr>{head}</tr>\n{body}\n</table>'


def page(*paragraphs: str, table_html: str = "") -> str:
    """A body as Outlook sends it: paragraphs, then the pasted table, in a minimal document."""
    ps = "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (
        '<html><head><meta charset="utf-8"></head><body style="font-family:Calibri,sans-serif">\n'
        f"{ps}\n{table_html}\n</body></html>"
    )
