"""Shapes shared by the text recognizers: a hit, a validation check, the layout of lines, masks.

Recognizers find spans in message bodies and document text. A `Hit` keeps the matched value only
as an in-memory identity key (never in its repr), so nothing a recognizer returns can leak a value
into a log, an exception or an explanation; `text.analyze_text` turns hits into Evidence.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Final

from backend import masking


@dataclass(frozen=True)
class Check:
    """A validation hook's answer, with the one-line reason that explains it (never the value)."""

    ok: bool
    reason: str


@dataclass(frozen=True)
class Hit:
    """One piece of sensitive data found in text.

    `person` is a person key when the recognizer already tied the hit to a named person;
    `identity` keys the value itself (an SSN, an ID) for when no name owns it. Both are salted
    hashes. `needs_owner` hits (a health label line) count only if a named person owns them.
    """

    recognizer: str
    kind: str
    start: int
    end: int
    reason: str
    sample: str = ""
    person: str | None = None
    identity: str | None = field(default=None, repr=False)
    needs_owner: bool = False


class Layout:
    """Where each line of a text starts, and which paragraph (block between blank lines) it is in."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.paragraphs: list[int] = []
        self.blank: list[bool] = []
        pos, paragraph = 0, 0
        for line in text.split("\n"):
            body = line[:-1] if line.endswith("\r") else line
            is_blank = not body.strip()
            paragraph += is_blank
            self.starts.append(pos)
            self.ends.append(pos + len(body))
            self.paragraphs.append(paragraph)
            self.blank.append(is_blank)
            pos += len(line) + 1

    def __len__(self) -> int:
        return len(self.starts)

    def line_of(self, pos: int) -> int:
        return bisect_right(self.starts, pos) - 1

    def line(self, index: int) -> str:
        return self.text[self.starts[index] : self.ends[index]]

    def is_blank(self, index: int) -> bool:
        return self.blank[index]


# A sentence ends at . ! ? followed by space, unless the word before is a title or an initial.
_SENTENCE_END: Final = re.compile(r"[.!?]+[\"'”’)\]]*\s+")
_NO_BREAK_BEFORE: Final = re.compile(
    r"(?:\b(?:mr|mrs|ms|dr|st|jr|sr|vs|etc|e\.g|i\.e|no|rm|prof|mt|ft|approx|gr)|\b[A-Za-z])$", re.IGNORECASE
)


def sentence_bounds(text: str, start: int, end: int, pos: int) -> tuple[int, int]:
    """The sentence of `text[start:end]` (one line) that contains `pos`."""
    s = start
    for m in _SENTENCE_END.finditer(text, start, end):
        if _NO_BREAK_BEFORE.search(text, max(start, m.start() - 6), m.start()):
            continue
        if m.end() > pos:
            return s, m.start() + 1
        s = m.end()
    return s, end


def mask_name(*parts: str) -> str:
    """'Maya', 'Chen' -> 'M*** C***': enough to recognise a pattern, not a person."""
    return masking.mask_name(" ".join(parts))


def mask_digits(value: str, keep: int) -> str:
    return masking.mask_digits(value, keep)


@dataclass(frozen=True)
class Pattern:
    """A named value pattern, Presidio style. `needs_context` patterns count only near a context word."""

    name: str
    regex: re.Pattern[str]
    needs_context: bool = True


def words_regex(words: tuple[str, ...]) -> re.Pattern[str]:
    """One case-insensitive regex for a tuple of context words; spaces match any run of space."""
    alternatives = sorted((re.escape(w).replace(r"\ ", r"\s+") for w in words), key=len, reverse=True)
    return re.compile(r"(?<![A-Za-z])(?:" + "|".join(alternatives) + r")(?![A-Za-z])", re.IGNORECASE)


def context_word(regex: re.Pattern[str], text: str, start: int, end: int) -> str | None:
    """The context word found in `text[start:end]`, lower-cased and space-normalised, if any."""
    found = regex.findall(text, max(0, start), min(len(text), end))
    return " ".join(found[-1].lower().split()) if found else None  # the last is the nearest before a value


def skip(regex: re.Pattern[str], text: str, pos: int) -> int:
    """Where a run of `regex` (a gap between a word and its value) starting at `pos` ends."""
    m = regex.match(text, pos)
    return m.end() if m else pos


_ASCII_LOWER: Final = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def lowered(text: str) -> str:
    """Lower case with every position kept (some letters grow under str.lower)."""
    low = text.lower()
    return low if len(low) == len(text) else text.translate(_ASCII_LOWER)


def stem_positions(lower: str, stems: tuple[str, ...]) -> list[int]:
    """Where a word starting with one of `stems` begins, found with str.find: scanning a long text
    with one large case-insensitive alternation is many times slower than this prefilter."""
    found: set[int] = set()
    for stem in stems:
        i = lower.find(stem)
        while i != -1:
            if i == 0 or not lower[i - 1].isalnum():
                found.add(i)
            i = lower.find(stem, i + 1)
    return sorted(found)


_META: Final = frozenset("\\()[]?*+{}|.^$")


def _alternatives(group: str) -> list[str]:
    """The top-level alternatives of a group's body: 'a|b(?:c|d)' -> ['a', 'b(?:c|d)']."""
    out, depth, start = [], 0, 0
    for i, ch in enumerate(group):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            out.append(group[start:i])
            start = i + 1
    out.append(group[start:])
    return out


def literal_starts(pattern: str) -> tuple[str, ...]:
    """The literal text every match of `pattern` begins with, lower-cased, one per alternative.

    'epi-?pens?' -> ('epi',); '(?:speech|occupational)\\s+therapy' -> ('speech', 'occupational').
    A vocabulary's stems come from its own patterns, so a new word cannot be forgotten in the
    prefilter; a pattern with no literal start is refused at import.
    """
    if pattern.startswith("(?:"):
        depth, end = 0, -1
        for i, ch in enumerate(pattern):
            depth += ch == "("
            depth -= ch == ")"
            if depth == 0:
                end = i
                break
        rest = pattern[end + 1 :]
        optional = rest[:1] in ("?", "*")
        rest = rest[1:] if rest[:1] in ("?", "*", "+") else rest
        starts = [s for alt in _alternatives(pattern[3:end]) for s in literal_starts(alt + rest)]
        if optional:
            starts += literal_starts(rest)
        return tuple(dict.fromkeys(starts))
    prefix = ""
    for ch in pattern:
        if ch in _META:
            if ch in "?*{" and prefix:
                prefix = prefix[:-1]
            break
        prefix += ch
    if not prefix:
        raise ValueError(f"a vocabulary pattern must begin with literal text: {pattern!r}")
    return (prefix.lower(),)
