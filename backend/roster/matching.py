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
from collections.abc import Iterable, Iterator
from itertools import permutations
from typing import Final

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


def _cell_ids(cells: Iterable[Cell]) -> Iterator[str]:
    for cell in cells:
        text = text_of(cell)
        if 4 <= len(text) <= 20 and any(ch.isdigit() for ch in text):
            yield canonical_id(text)


def _cell_names(cells: Iterable[Cell]) -> Iterator[str]:
    for cell in cells:
        text = text_of(cell)
        if 3 <= len(text) <= 80 and not text[0].isdigit():
            yield from name_candidates(text, capitalised=False)


def _pair_names(pairs: Iterable[tuple[Cell, Cell]]) -> Iterator[str]:
    for a, b in pairs:
        first, last = text_of(a), text_of(b)
        if first and last:
            yield f"{fold(first)} {fold(last)}"


def _column(rows: tuple[tuple[Cell, ...], ...], c: int) -> list[Cell]:
    return [row[c] if c < len(row) else None for row in rows]


def _wordy(cells: list[Cell]) -> bool:
    texts = [t for t in (text_of(c) for c in cells) if t]
    return bool(texts) and sum(1 for t in texts if _WORD.fullmatch(t.replace(" ", "x"))) * 2 >= len(texts)


def table_hits(table: Table, matcher: Matcher, *, names: bool = True) -> set[bytes]:
    """IDs in any column, names in one column or across two; columns chosen on a spread sample."""
    rows = table.rows
    if not rows:
        return set()
    width = max(len(table.header), max(len(r) for r in rows[:SAMPLE]))
    sample = rows[:: -(-len(rows) // SAMPLE)]  # at most SAMPLE rows, spread to the last
    found: set[bytes] = set()
    wordy: list[int] = []
    for c in range(width):
        cells = _column(sample, c)
        if _hits(matcher, "id", _cell_ids(cells), matcher.ids):
            found |= _hits(matcher, "id", _cell_ids(_column(rows, c)), matcher.ids)
        if not names:
            continue
        if _hits(matcher, "name", _cell_names(cells), matcher.names):
            found |= _hits(matcher, "name", _cell_names(_column(rows, c)), matcher.names)
        if _wordy(cells):
            wordy.append(c)
    for a, b in permutations(wordy[:MAX_NAME_COLUMNS], 2):
        pairs = zip(_column(sample, a), _column(sample, b), strict=True)
        if _hits(matcher, "name", _pair_names(pairs), matcher.names):
            found |= _hits(matcher, "name", _pair_names(zip(_column(rows, a), _column(rows, b), strict=True)),
                           matcher.names)
    return found


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
