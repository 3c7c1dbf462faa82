"""Health, 504/IEP, discipline and lunch-status words tied to named people.

Health words are not health data: a newsletter about allergy season, a blank medication form, an
invitation to 504-plan training all name conditions without exposing anyone. A word counts only
when a person's name is in the same sentence (list item, line), or when it labels a filled-in
field ("Allergies: peanuts") that `text.analyze_text` can give to a name just above it.
"""

from __future__ import annotations

import re
from typing import Final

from backend.datakinds import KINDS
from backend.detectors.content.text_base import (
    Hit,
    Layout,
    literal_starts,
    lowered,
    sentence_bounds,
    stem_positions,
)
from backend.detectors.content.text_names import Name, find_names

RECOGNIZER: Final = "text_health"

# The kinds' words tied to a person (`DataKind.text_terms`), compiled into one regex with a named group
# per kind; the literal start of every term is the fast first pass (str.find).
TERMS: Final[dict[str, tuple[str, ...]]] = {k.name: k.text_terms for k in KINDS if k.text_terms}
STEMS: Final = tuple(sorted({stem for words in TERMS.values() for w in words for stem in literal_starts(w)}))
_TERMS: Final = re.compile(
    "|".join(rf"(?P<{kind}>(?<![\w-])(?:{'|'.join(words)})(?![\w-]))" for kind, words in TERMS.items()),
    re.IGNORECASE,
)

_GENERIC: Final = re.compile(
    r"\b(?:your\s+(?:child|student|son|daughter)|students?\s+(?:who|with|that)|any\s+(?:child|student)"
    r"|all\s+students|if\s+your|children\s+(?:who|with)|those\s+who|anyone\s+who|parents\s+of|families\s+of"
    r"|every\s+(?:child|student))\b",
    re.IGNORECASE,
)
_EVENT: Final = re.compile(
    r"\b(?:training|trainings|workshop|webinar|professional\s+development|presentation|seminar|conference"
    r"|awareness|session|course|certification|certified|speaker|guest|author|book|article|research)\b",
    re.IGNORECASE,
)
_GENERAL_PHRASE: Final = re.compile(
    r"[\s-]*(?:friendly|free|safe|aware|awareness|season|month|week|training|policy|policies|procedures?"
    r"|forms?|application|applications|program)\b",
    re.IGNORECASE,
)
_LABEL: Final = re.compile(r"[ \t]*(?:\([^)\n]{0,20}\))?[ \t]*[:=\-–—][ \t]*")
_BLANK_VALUE: Final = re.compile(
    r"(?:_+|\.+|-+|n/?a|none|no|nil|unknown|\[\s*\]|\(\s*\)|y(?:es)?\s*/\s*n(?:o)?|yes\s+or\s+no|circle\s+one)?"
    r"[ \t.]*",
    re.IGNORECASE,
)
_BARE_504_BEFORE: Final = re.compile(r"\b(?:on|has|have|had|her|his|their|a)\s+(?:a\s+)?$", re.IGNORECASE)
_FORM_FIELD: Final = re.compile(r"\s*(?:[:?]\s*)?(?:_+|\[\s*\]|y(?:es)?\s*/\s*n)", re.IGNORECASE)
# Words without which _GENERIC and _EVENT cannot match: a set lookup before a regex search.
_GENERIC_WORDS: Final = frozenset(
    ["your", "students", "student", "any", "all", "if", "children", "those", "anyone", "parents", "families", "every"]
)
_EVENT_WORDS: Final = frozenset(
    [
        "training",
        "trainings",
        "workshop",
        "webinar",
        "professional",
        "presentation",
        "seminar",
        "conference",
        "awareness",
        "session",
        "course",
        "certification",
        "certified",
        "speaker",
        "guest",
        "author",
        "book",
        "article",
        "research",
    ]
)
_WORD: Final = re.compile(r"[a-z]+")
_POSSESSIVE: Final = re.compile(r"['’]s\b")


def is_blank_form(text: str, term_end: int, line_end: int) -> bool:
    """'Allergies: ____', 'IEP? Y / N', '[ ] Asthma': a form field, not a fact about someone."""
    return text.find("___", term_end, line_end) != -1 or _FORM_FIELD.match(text, term_end, line_end) is not None


def is_general_phrase(text: str, term_end: int) -> bool:
    """'allergy-friendly', 'nut-free', 'allergy season', 'IEP training': about a topic, not a person."""
    return _GENERAL_PHRASE.match(text, term_end) is not None


def is_generic_audience(sentence: str) -> bool:
    """'If your child needs an inhaler', 'students with IEPs': addressed to everyone, naming no one."""
    return _GENERIC.search(sentence) is not None


def is_event(sentence: str) -> bool:
    """'Join Dana Whitfield for 504 training': a name beside the word belongs to a speaker or host."""
    return _EVENT.search(sentence) is not None


def is_bare_number(text: str, term_start: int, term: str) -> bool:
    """'Room 504', '504 Main St': the number alone is a plan only after 'on a', 'has a', 'her'."""
    return term == "504" and _BARE_504_BEFORE.search(text, max(0, term_start - 16), term_start) is None


def is_possessive(text: str, name_end: int) -> bool:
    return _POSSESSIVE.match(text, name_end) is not None


def filled_label(text: str, term_end: int, line_end: int) -> bool:
    """'Allergies: peanuts' (a field with a value), as opposed to a heading or a blank field."""
    m = _LABEL.match(text, term_end, line_end)
    if m is None:
        return False
    blank = _BLANK_VALUE.match(text, m.end(), line_end)
    return blank is None or blank.end() < line_end


def _at_line_start(text: str, line_start: int, term_start: int) -> bool:
    return text[line_start:term_start].strip(" \t-*•>#0123456789.)") == ""


def _people(text: str, start: int, end: int) -> list[Name]:
    """Names in a sentence that its health words can be about."""
    names = find_names(text, start, end)
    if not names:
        return names
    sentence = text[start:end]
    words = set(_WORD.findall(sentence.lower()))
    if not words.isdisjoint(_GENERIC_WORDS) and (generic := _GENERIC.search(sentence)) is not None:
        # "Students with 504 plans: Ava Okafor, Liam Novak" names them after all: a list after a colon.
        colon = sentence.find(":", generic.end())
        listed_from = start + colon if colon != -1 else end
        return [n for n in names if is_possessive(text, n.end) or n.start > listed_from]
    if not words.isdisjoint(_EVENT_WORDS) and is_event(sentence):
        names = [n for n in names if is_possessive(text, n.end)]
    return names


def recognize(layout: Layout, furniture: frozenset[int]) -> list[Hit]:
    text = layout.text
    hits: list[Hit] = []
    sentences: dict[tuple[int, int], list[Name]] = {}  # names per sentence, found once
    seen: set[tuple[str, str]] = set()
    for pos in stem_positions(lowered(text), STEMS):
        m = _TERMS.match(text, pos)
        if m is None:
            continue
        kind = m.lastgroup or "health"
        term = " ".join(m.group(0).lower().split())
        if is_bare_number(text, m.start(), term):
            continue
        line = layout.line_of(m.start())
        if line in furniture:
            continue
        line_start, line_end = layout.starts[line], layout.ends[line]
        if is_blank_form(text, m.end(), line_end) or is_general_phrase(text, m.end()):
            continue
        s, e = sentence_bounds(text, line_start, line_end, m.start())
        if (s, e) not in sentences:
            sentences[(s, e)] = _people(text, s, e)
        names = sentences[(s, e)]
        for name in names:
            if (kind, name.key) in seen:
                continue  # one hit per person and kind is all the count needs
            seen.add((kind, name.key))
            hits.append(
                Hit(
                    recognizer=RECOGNIZER,
                    kind=kind,
                    start=m.start(),
                    end=m.end(),
                    reason=f"{RECOGNIZER}: '{term}' ({kind}) tied to a named person in the same sentence",
                    sample=name.sample,
                    person=name.key,
                )
            )
        if not names and _at_line_start(text, line_start, m.start()) and filled_label(text, m.end(), line_end):
            hits.append(
                Hit(
                    recognizer=RECOGNIZER,
                    kind=kind,
                    start=m.start(),
                    end=m.end(),
                    reason=f"{RECOGNIZER}: '{term}' ({kind}) labels a filled-in field",
                    needs_owner=True,
                )
            )
    return hits
