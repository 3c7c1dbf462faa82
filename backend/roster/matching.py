"""Students a document names, found through the roster's hashes, with or without telling headings.

Candidates are generated from what a document holds (pairs of capitalised words in text, "Last,
First", a middle name or initial skipped, IDs of any line or column), hashed exactly as the importer
hashed the roster (`hashing`), and kept when the roster knows the hash. Only the matched hashes leave
this module: they are returned to the service, which maps them to students (`view`).

Bounded cost: a table is sampled first (`SAMPLE` rows spread over the whole table) to find the
columns and column pairs that hold roster IDs or names; only those are hashed in full. Text yields at
most `MAX_TEXT_CANDIDATES` candidates. The matcher in use is set per process (`use`), like the person
keys' salt: reader processes receive it from the service when a new roster becomes active.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import permutations
from typing import Final

from backend.detectors.content.table_grid import grid_of
from backend.models import Cell, Document, Table
from backend.roster.hashing import canonical_id, fold
from backend.roster.index import Matcher

SAMPLE: Final = 300
MAX_TEXT_CANDIDATES: Final = 400_000
MAX_NAME_COLUMNS: Final = 12
_WORD = re.compile(r"[^\W\d_](?:[\w'’-]*[^\W\d_])?")
_ID = re.compile(r"(?<![\w-])(?=[\w-]*\d)[A-Za-z0-9][\w-]{3,19}(?![\w-])")
_GAP = re.compile(r"\s+|\.\s*")  # between first and last: spaces, or the dot of an initial
_COMMA = re.compile(r"\s*,\s*")

_active: Matcher | None = None


def use(matcher: Matcher | None) -> None:
    global _active
    _active = matcher


def active() -> Matcher | None:
    return _active


def text_of(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def name_candidates(text: str, *, capitalised: bool = True) -> Iterator[str]:
    """"first last" spellings the text may name: adjacent words, a middle word or initial skipped,
    a two-word family name, and "Last, First" turned round. All folded as `hashing.name_text`."""
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
    folded = [fold(w) for _, _, w in words]
    for i in range(len(words) - 1):
        _, end, word = words[i]
        if capitalised and not word[0].isupper():
            continue
        gap = text[end:words[i + 1][0]]
        nxt = words[i + 1][2]
        if capitalised and not nxt[0].isupper():
            continue
        if _GAP.fullmatch(gap):
            yield f"{folded[i]} {folded[i + 1]}"
            if i + 2 < len(words) and _GAP.fullmatch(text[words[i + 1][1]:words[i + 2][0]]):
                yield f"{folded[i]} {folded[i + 2]}"
                yield f"{folded[i]} {folded[i + 1]} {folded[i + 2]}"
        elif _COMMA.fullmatch(gap):
            yield f"{folded[i + 1]} {folded[i]}"
            if i + 2 < len(words) and _GAP.fullmatch(text[words[i + 1][1]:words[i + 2][0]]):
                yield f"{folded[i + 1]} {folded[i + 2]} {folded[i]}"


def id_candidates(text: str) -> Iterator[str]:
    for m in _ID.finditer(text):
        yield canonical_id(m.group())


def _hits(matcher: Matcher, tag: str, candidates: Iterable[str], within: frozenset[bytes],
          limit: int | None = None) -> set[bytes]:
    found: set[bytes] = set()
    digest = matcher.key.digest
    for n, candidate in enumerate(candidates):
        if limit is not None and n >= limit:
            break
        d = digest(tag, candidate)  # type: ignore[arg-type]
        if d in within:
            found.add(d)
    return found


def text_hits(text: str, matcher: Matcher, *, names: bool = True) -> set[bytes]:
    found = _hits(matcher, "id", id_candidates(text), matcher.ids, MAX_TEXT_CANDIDATES)
    if names:
        found |= _hits(matcher, "name", name_candidates(text), matcher.names, MAX_TEXT_CANDIDATES)
    return found


def _cell_id(cell: Cell) -> str | None:
    """The canonical ID a cell may hold (some digits, 4 to 20 characters), else None."""
    kind = type(cell)
    if kind is float or kind is int:  # spreadsheets give IDs as numbers: already without leading zeros
        if kind is float and not cell.is_integer():  # type: ignore[union-attr]
            return None
        text = str(int(cell))  # type: ignore[arg-type]
        return text if 4 <= len(text) <= 20 else None
    if kind is str:
        text = cell.strip()  # type: ignore[union-attr]
        if text.isdigit():
            return (text.lstrip("0") or "0") if 4 <= len(text) <= 20 else None
    else:
        return None
    if 4 <= len(text) <= 20 and any(ch.isdigit() for ch in text):
        return canonical_id(text)
    return None


def _cell_names(cell: Cell) -> list[str]:
    text = text_of(cell)
    if 3 <= len(text) <= 80 and not text[0].isdigit():
        return list(name_candidates(text, capitalised=False))
    return []


def _pair_name(a: Cell, b: Cell) -> str | None:
    first, last = text_of(a), text_of(b)
    return f"{fold(first)} {fold(last)}" if first and last else None


def _wordy(cells: list[Cell]) -> bool:
    texts = [t for t in (text_of(c) for c in cells) if t]
    return bool(texts) and sum(1 for t in texts if _WORD.fullmatch(t.replace(" ", "x"))) * 2 >= len(texts)


def _names_in_cells(cells: list[Cell]) -> bool:
    """A column of whole names ("Chen, Maya", "Maya L. Chen"): most cells hold two or more words."""
    texts = [t for t in (text_of(c) for c in cells) if t]
    return bool(texts) and sum(1 for t in texts if len(_WORD.findall(t)) >= 2) * 2 >= len(texts)


Spelling = Callable[[tuple[Cell, ...]], list[str]]


def _cell(row: tuple[Cell, ...], c: int) -> Cell:
    return row[c] if c < len(row) else None


def _spellings(width: int, names: bool, sample: list[tuple[Cell, ...]]) -> list[tuple[str, Spelling]]:
    """Every way a row may spell a student, cheapest first: each ID column, two columns as first and
    last name, one column holding a whole name."""
    def id_at(c: int) -> Spelling:
        def spell(row: tuple[Cell, ...]) -> list[str]:
            return [x] if (x := _cell_id(_cell(row, c))) else []

        spell.column = c  # type: ignore[attr-defined]  # `table_hits` runs ID columns in a tight loop
        return spell

    def pair_at(a: int, b: int) -> Spelling:
        return lambda row: [x] if (x := _pair_name(_cell(row, a), _cell(row, b))) else []

    def name_at(c: int) -> Spelling:
        return lambda row: _cell_names(_cell(row, c))

    out: list[tuple[str, Spelling]] = [("id", id_at(c)) for c in range(width)]
    if names:
        columns = [[_cell(r, c) for r in sample] for c in range(width)]
        wordy = [c for c in range(width) if _wordy(columns[c])][:MAX_NAME_COLUMNS]
        out += [("name", pair_at(a, b)) for a, b in permutations(wordy, 2)]
        out += [("name", name_at(c)) for c in range(width) if _names_in_cells(columns[c])]
    return out


def table_hits(table: Table, matcher: Matcher, *, names: bool = True) -> set[bytes]:
    """IDs in any column, names in one column or across two.

    Each way of spelling a student is tried on the sampled rows not yet matched; one that finds
    roster students there is run over every row not yet matched. A sheet whose ID column names
    everyone costs that one column's hashing, and nothing after it. The table is read through its
    `Grid`, so a big sheet held column-wise gives up only the columns that are hashed."""
    grid = grid_of(table)
    height = grid.height
    if not height:
        return set()
    stride = -(-height // SAMPLE)  # at most SAMPLE rows, spread to the last
    sampled = range(0, height, stride)
    sample = dict(zip(sampled, grid.rows_at(sampled), strict=True))
    rows: list[tuple[Cell, ...]] | None = None  # every row: only when a name spelling must run over them
    found: set[bytes] = set()
    matched = bytearray(height)
    for tag, spell in _spellings(grid.width, names, list(sample.values())):
        open_rows = [i for i in sampled if not matched[i]]
        if not open_rows:
            break  # every sampled row is someone already
        digest = matcher.key.digester(tag)  # type: ignore[arg-type]
        within = matcher.ids if tag == "id" else matcher.names
        if not any(digest(c) in within for i in open_rows for c in spell(sample[i])):
            continue
        column = getattr(spell, "column", None)
        if column is not None:  # an ID column: the loop every sheet with IDs runs over all its rows
            _id_column(grid.column(column), digest, within, matched, found)
            continue
        if rows is None:
            rows = grid.rows_at(range(height))
        for i, row in enumerate(rows):
            if matched[i]:
                continue
            for candidate in spell(row):
                d = digest(candidate)
                if d in within:
                    found.add(d)
                    matched[i] = 1
                    break
    return found


def _id_column(cells: Sequence[Cell], digest: Callable[[str], bytes], within: frozenset[bytes],
               matched: bytearray, found: set[bytes]) -> None:
    cell_id = _cell_id
    for i, cell in enumerate(cells):
        if matched[i]:
            continue
        x = cell_id(cell)
        if x is not None and (d := digest(x)) in within:
            found.add(d)
            matched[i] = 1


def hits(document: Document, *, names: bool = True, matcher: Matcher | None = None) -> frozenset[bytes]:
    """The roster hashes this document holds (IDs and names); empty without an active roster."""
    m = matcher or _active
    if m is None or document.unreadable is not None:
        return frozenset()
    found: set[bytes] = set()
    for table in document.tables:
        found |= table_hits(table, m, names=names)
    if document.text:
        found |= text_hits(document.text, m, names=names)
    return frozenset(found)
