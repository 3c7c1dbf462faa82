"""Counting distinct people in a table: rows are not people.

The same student can sit on several rows (one per course, per incident, per contact), so people are
counted by what identifies them: a student ID when the table has one, else first and last name, or a
combined name column ("Lopez, Ana" or "Ana Lopez"). IDs are made canonical first, because exports
write the same ID as "012345", "12345" and 12345.0.

Keys follow the text analyser's conventions so the same student in a table and in the message body
is counted once: a student's key is their name's key when the table names them, and the ID's key
(`id:<digits>`) when it does not, or when two different IDs share one name.

Whole columns pass through here, so the work is done on distinct values: `set` and `dict(zip(...))`
run in C, and Python sees each distinct value once.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np

from backend.detectors.content.column_values import is_null, text_of
from backend.detectors.content.columns import NULL_VALUES
from backend.detectors.content.table_keys import id_keys, name_key, name_keys, tagged_key
from backend.models import Cell

_SUFFIXES: Final[frozenset[str]] = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})

Column = Sequence[Cell]
Name = tuple[str, str]  # (first, last); either may be ""
RawName = Hashable  # a (first cell, last cell) pair, or one combined-name cell
NO_NAME: Final[Name] = ("", "")
NAME_KEYS_UP_TO: Final = 5_000  # above this many students, a table with IDs is keyed by ID


@dataclass(frozen=True)
class People:
    """How many distinct people, their keys (salted hashes), and how they were told apart."""

    count: int
    keys: frozenset[str]
    how: str
    aliases: frozenset[tuple[str, str]] = frozenset()  # (ID key, name key): one student, keyed by name here


NOBODY: Final = People(0, frozenset(), "no column that identifies people")


def canonical_id(cell: Cell) -> str:
    """One spelling per ID: trimmed, lower case, "012345" and 12345.0 both "12345"; "" if blank."""
    kind = type(cell)
    if kind is int:
        return str(cell)
    if kind is float and cell.is_integer():  # type: ignore[union-attr]
        return str(int(cell))  # type: ignore[arg-type]
    text = text_of(cell).lower()
    if text.isdigit():
        return text.lstrip("0") or "0"
    if text.endswith(".0") and text[:-2].isdigit():
        return text[:-2].lstrip("0") or "0"
    return "" if is_null(text) else text


def canonical_ids(distinct: set[Cell]) -> set[str]:
    """`canonical_id` of each value; a column of whole-number floats (IDs as calamine reads them)
    is spelled in one array operation, which for 200,000 students saves a Python call each."""
    if len(distinct) > 1000 and all(type(v) is float for v in distinct):
        values = np.fromiter(distinct, dtype=np.float64, count=len(distinct))
        if bool((np.abs(values) < 2.0**53).all() and (values == np.floor(values)).all()):
            return set(map(str, values.astype(np.int64).tolist()))
    return set(map(canonical_id, distinct))


def split_name(text: str) -> Name:
    """First and last name of a combined name: "Lopez, Ana Maria" and "Ana Maria Lopez" both give
    ("Ana", "Lopez"), the parts a list of students or a letter would use."""
    if "," in text:
        last, _, rest = text.partition(",")
        given = rest.split()
        return (given[0] if given else "", last.strip())
    words = [w for w in text.split() if w.lower() not in _SUFFIXES]
    if not words:
        return NO_NAME
    return (words[0], words[-1]) if len(words) > 1 else (words[0], "")


def _part(cell: object) -> str:
    text = cell.strip() if type(cell) is str else text_of(cell)  # type: ignore[arg-type]
    return "" if not text or text.lower() in NULL_VALUES else text


def parse_name(raw: RawName) -> Name:
    """A raw name as `raw_names` gives it, as (first, last)."""
    if type(raw) is tuple:
        first, last = raw
        if type(first) is str and type(last) is str:  # the common case, without calls
            first, last = first.strip(), last.strip()
            if first.lower() in NULL_VALUES:
                first = ""
            if last.lower() in NULL_VALUES:
                last = ""
            return (first, last)
        return (_part(first), _part(last))
    text = _part(raw)
    if not text:
        return NO_NAME
    if "," not in text:
        words = text.split()
        if len(words) == 2 and words[1].lower() not in _SUFFIXES:  # "Ana Lopez", the common case
            return (words[0], words[1])
    return split_name(text)


def raw_names(first: Column | None, last: Column | None, full: Column | None) -> Sequence[RawName] | None:
    """One raw name per row, unparsed (parsing happens once per distinct value)."""
    if first is not None and last is not None:
        return list(zip(first, last, strict=True))
    if first is not None or last is not None:
        only = first if first is not None else last
        assert only is not None
        blank = [None] * len(only)
        return list(zip(only, blank, strict=True)) if first is not None else list(zip(blank, only, strict=True))
    return full


def _key(name: Name) -> str:
    return name_key(*name)


def count_by_names(names: Sequence[RawName]) -> People:
    keys = name_keys(map(parse_name, set(names)))
    return People(len(keys), frozenset(keys), "distinct names")


def count_by_ids(ids: Column, names: Callable[[], Sequence[RawName] | None]) -> People:
    """Distinct IDs; each keyed by its student's name when the table names them, else by the ID.

    Name keys let the same student named in the message body count once. Past `NAME_KEYS_UP_TO`
    students that precision no longer changes anything a sender reads, and hashing every name
    would cost more than the whole rest of the analysis, so large tables are keyed by ID alone.
    """
    canon = canonical_ids(set(ids))
    canon.discard("")
    named = names() if len(canon) <= NAME_KEYS_UP_TO else None
    if named is None:
        by_id = id_keys(canon)
        return People(len(by_id), frozenset(by_id), "distinct student IDs")
    keys: set[str] = set()
    key_of_id: dict[str, tuple[str, bool]] = {}  # canonical ID -> (its key, keyed by a name)
    blank_ids = False
    for raw_id, raw_name in dict(zip(ids, named, strict=True)).items():
        c = canonical_id(raw_id)
        if not c:
            blank_ids = True
            continue
        name = parse_name(raw_name)
        previous = key_of_id.get(c)
        if previous is not None:  # "012345" and 12345.0: one student, counted once
            if name == NO_NAME or previous[1]:
                continue
            keys.discard(previous[0])
        key = _key(name) if name != NO_NAME else tagged_key("id", c)
        if key in keys:  # two students, one name: tell them apart by ID
            key = tagged_key("id", c)
        keys.add(key)
        key_of_id[c] = (key, name != NO_NAME)
    if blank_ids:
        # Rows with a blank ID still name their students.
        for raw_id, raw_name in zip(ids, named, strict=True):
            if not canonical_id(raw_id) and (name := parse_name(raw_name)) != NO_NAME:
                keys.add(_key(name))
    # Another file of the same bundle may key these students by ID alone (OneRoster's demographics.csv).
    aliases = frozenset((tagged_key("id", c), key) for c, (key, by_name) in key_of_id.items() if by_name)
    return People(len(keys), frozenset(keys), "distinct student IDs", aliases)


def count_by_values(values: Column, tag: str) -> People:
    """Distinct values of an identifying column that is neither a name nor a student ID: SSNs
    (keyed `ssn:<nine digits>`, as the text analyser keys them) or email addresses."""
    keys: set[str] = set()
    for value in set(values):
        text = text_of(value)
        if not is_null(text):
            keys.add(tagged_key(tag, "".join(ch for ch in text if ch.isdigit()) if tag == "ssn" else text.lower()))
    return People(len(keys), frozenset(keys), f"distinct {tag} values")
