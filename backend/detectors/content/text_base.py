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


_LINE_BREAK: Final = re.compile(r"\r\n|\r|\n")
_BLANK: Final = re.compile(r"\s*")


class Layout:
    """Where each line of a text starts, and which paragraph (block between blank lines) it is in."""

    def __init__(self, text: str) -> None:
        self.text = text
        starts = [0]
        ends: list[int] = []
        for m in _LINE_BREAK.finditer(text):
            ends.append(m.start())
            starts.append(m.end())
        ends.append(len(text))
        self.starts = starts
        self.ends = ends
        paragraphs: list[int] = []
        current = 0
        for s, e in zip(starts, ends, strict=True):
            if _BLANK.fullmatch(text, s, e):
                current += 1
            paragraphs.append(current)
        self.paragraphs = paragraphs

    def __len__(self) -> int:
        return len(self.starts)

    def line_of(self, pos: int) -> int:
        return bisect_right(self.starts, pos) - 1

    def line(self, index: int) -> str:
        return self.text[self.starts[index] : self.ends[index]]

    def is_blank(self, index: int) -> bool:
        return _BLANK.fullmatch(self.text, self.starts[index], self.ends[index]) is not None


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


def mask_word(word: str) -> str:
    return word[:1] + "***" if word else ""


def mask_name(*parts: str) -> str:
    """'Maya Chen' -> 'M*** C***': enough to recognise a pattern, not a person."""
    return " ".join(mask_word(p) for p in parts if p)


def mask_digits(value: str, keep: int) -> str:
    """Every digit but the last `keep` becomes '*'; separators stay."""
    total = sum(ch.isdigit() for ch in value)
    seen = 0
    out = []
    for ch in value:
        if ch.isdigit():
            seen += 1
            out.append(ch if seen > total - keep else "*")
        else:
            out.append(ch)
    return "".join(out)


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
