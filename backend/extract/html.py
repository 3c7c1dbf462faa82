"""HTML attachments and bodies: the visible text, and each data table as a Table.

Built on the standard library's tolerant `html.parser` (mail HTML is rarely valid). Script and
style are not visible and are dropped. Mail layouts nest tables inside tables; only grids of at
least two rows and two columns with no table inside them are data tables. `text` is the rest of
the visible text (layout tables' included), so detectors do not count a table's students twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from backend.extract.base import ReadContext, UnreadableFile
from backend.extract.encoding import decode
from backend.extract.heading import split_heading
from backend.models import Cell, Document, Table

EXTENSIONS = (".html", ".htm", ".xhtml", ".mht")
CONTENT_TYPES = ("text/html", "application/xhtml+xml")

_HIDDEN = frozenset({"script", "style", "title", "template", "head"})
_BREAKS = frozenset({
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "section",
    "article", "header", "footer", "blockquote", "pre", "hr", "dd", "dt", "body",
})  # fmt: skip
_MAX_COLSPAN = 50
_FEED = 64 * 1024
_SPACE = re.compile(r"[ \t\r\f\v\u00a0]+")


def read(data: bytes, name: str, ctx: ReadContext) -> list[Document]:
    text, tables = parse(decode(data, ctx), ctx)
    return [Document(name=name, source="attachment", text=text, tables=tables)]


def parse(html: str, ctx: ReadContext) -> tuple[str, tuple[Table, ...]]:
    """(visible text, data tables) of an HTML document or fragment."""
    parser = _Parser()
    for start in range(0, len(html), _FEED):
        ctx.check_time()
        parser.feed(html[start : start + _FEED])
    parser.close()
    tables: list[Table] = []
    cells = 0
    pieces = parser.text
    for grid in parser.grids:
        if grid.nested or len(grid.rows) < 2 or max(map(len, grid.rows)) < 2:
            continue
        end = len(pieces) if grid.text_end is None else grid.text_end
        pieces[grid.text_start : end] = ["\n"] * (end - grid.text_start)  # same length: later spans stay put
        cells += sum(map(len, grid.rows))
        if len(grid.rows) > ctx.limits.rows:
            raise UnreadableFile("too_large")
        tables.append(grid.table(f"table {len(tables) + 1}"))
    ctx.budget.spend_cells(cells, ctx.limits)
    text = "\n".join(line.strip() for line in "".join(pieces).splitlines())
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    if len(text) > ctx.limits.text_chars:
        raise UnreadableFile("too_large")
    return text, tuple(tables)


@dataclass
class _Grid:
    rows: list[list[str]] = field(default_factory=list)
    heading_rows: int = 0  # leading rows made only of <th> or inside <thead>
    nested: bool = False
    cell: list[str] | None = None
    row_is_heading: bool = True
    span: int = 1
    text_start: int = 0  # where this table's text lies in the parser's text pieces
    text_end: int | None = None

    def table(self, name: str) -> Table:
        rows = [tuple[Cell, ...](r) for r in self.rows]
        if self.heading_rows:
            header = tuple(str(v) for v in rows[self.heading_rows - 1])
            return Table(name, header, tuple(rows[self.heading_rows :]))
        header, data = split_heading(rows)
        return Table(name, header, data)


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.grids: list[_Grid] = []
        self._open: list[_Grid] = []
        self._hidden = 0
        self._thead = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self._hidden += 1
            return
        if tag in _BREAKS:
            self.text.append("\n")
        if tag == "table":
            if self._open:
                self._open[-1].nested = True
            grid = _Grid(text_start=len(self.text))
            self._open.append(grid)
            self.grids.append(grid)
        elif tag == "thead":
            self._thead += 1
        elif not self._open:
            return
        elif tag == "tr":
            self._end_row()
            self._open[-1].rows.append([])
            self._open[-1].row_is_heading = True
        elif tag in ("td", "th"):
            self._start_cell(tag, dict(attrs).get("colspan"))

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self._hidden = max(0, self._hidden - 1)
        elif tag in ("td", "th") and self._open:
            self._end_cell()
        elif tag == "tr" and self._open:
            self._end_row()
        elif tag == "thead":
            self._thead = max(0, self._thead - 1)
        elif tag == "table" and self._open:
            self._end_row()
            self._open.pop().text_end = len(self.text)
        if tag in _BREAKS:
            self.text.append("\n")

    def handle_data(self, data: str) -> None:
        if self._hidden:
            return
        data = _SPACE.sub(" ", data.replace("\n", " "))
        self.text.append(data)
        if self._open and self._open[-1].cell is not None:
            self._open[-1].cell.append(data)

    def _start_cell(self, tag: str, colspan: str | None) -> None:
        grid = self._open[-1]
        self._end_cell()
        if not grid.rows:
            grid.rows.append([])
        if tag == "td" and not self._thead:
            grid.row_is_heading = False
        grid.cell = []
        grid.span = int(colspan) if colspan and colspan.strip().isdigit() else 1
        self.text.append("\t")

    def _end_cell(self) -> None:
        grid = self._open[-1]
        if grid.cell is None:
            return
        grid.rows[-1].append("".join(grid.cell).strip())
        # colspan, roughly: keep the columns aligned
        grid.rows[-1].extend([""] * (min(max(grid.span, 1), _MAX_COLSPAN) - 1))
        grid.cell = None

    def _end_row(self) -> None:
        grid = self._open[-1]
        self._end_cell()
        if grid.rows and grid.rows[-1] and grid.row_is_heading and grid.heading_rows == len(grid.rows) - 1:
            grid.heading_rows += 1
        grid.row_is_heading = False
