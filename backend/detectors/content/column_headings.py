"""Reading a column heading the way exports really spell it, then finding its rule in `columns`.

Real headings are `Stu_ID`, `[01]State_StudentNumber`, `01 Student ID`, `STU.BD`, `CA_ELAStatus`,
`pid_504_tf`, `Guardian1FirstName`, `gaurdian_LN`: the same words behind case, separators,
camelCase, sequence numbers, table and state prefixes, yes/no suffixes and typos. `normalise`
turns each into plain words; `classify_heading` then tries the rules in order. Headings repeat from
file to file, so results are cached.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from backend.detectors.content.columns import (
    ABBREVIATIONS,
    FILLER_WORDS,
    FLAG_WORDS,
    PHRASES,
    RULES,
    STATE_CODES,
    SUBJECT_WORDS,
    VOCABULARY_EXTRA,
    ColumnRule,
    Subject,
)


@dataclass(frozen=True)
class HeadingMatch:
    """The rule a heading matched, whose column it is, and whether it is written as a yes/no flag."""

    rule: ColumnRule
    subject: Subject | None
    flag: bool


_BRACKET_PREFIX: Final = re.compile(r"^\s*[\[(]\d{1,3}[\])]\s*")
_NUMBER_PREFIX: Final = re.compile(r"^\s*\d{1,2}(?:[.):\-]\s*|\s+)(?=[^\d\s])")
_SHORT_CONTACT: Final = re.compile(r"^([GgEe])(?=\d)")  # IC temp columns: g1name, e1cell
_CAMEL: Final = re.compile(
    r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])"
)
_POSSESSIVE: Final = re.compile(r"['’]s\b")
_NUMBER_SIGN: Final = re.compile(r"#(?!\s*\d)")
_SPLIT: Final = re.compile(r"[\W_]+")


def _compile_anywhere(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    if not patterns:
        return None
    return re.compile(r"(?<![^ ])(?:" + "|".join(patterns) + r")(?![^ ])")


def _compile_core(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    if not patterns:
        return None
    return re.compile("(?:" + "|".join(patterns) + ")")


@dataclass(frozen=True)
class _Compiled:
    rule: ColumnRule
    anywhere: re.Pattern[str] | None
    core: re.Pattern[str] | None
    unless: re.Pattern[str] | None


_COMPILED: Final[tuple[_Compiled, ...]] = tuple(
    _Compiled(r, _compile_anywhere(r.anywhere), _compile_core(r.core), _compile_anywhere(r.unless)) for r in RULES
)

# Subject phrases, longest first so "emergency contact" is taken before "contact".
_SUBJECT_PHRASES: Final[tuple[tuple[tuple[str, ...], Subject], ...]] = tuple(
    sorted(
        ((tuple(p.split()), s) for s, phrases in SUBJECT_WORDS.items() for p in phrases),
        key=lambda item: -len(item[0]),
    )
)
_SUBJECT_RANK: Final[dict[Subject, int]] = {"guardian": 0, "staff": 1, "student": 2}


def _vocabulary() -> frozenset[str]:
    words: set[str] = set(VOCABULARY_EXTRA) | set(FILLER_WORDS) | set(FLAG_WORDS) | set(ABBREVIATIONS)
    for value in ABBREVIATIONS.values():
        words.update(value.split())
    for phrases in SUBJECT_WORDS.values():
        for phrase in phrases:
            words.update(phrase.split())
    for rule in RULES:
        for pattern in rule.anywhere + rule.core + rule.unless:
            words.update(re.findall(r"[a-z]{3,}", pattern))
    return frozenset(words)


VOCABULARY: Final[frozenset[str]] = _vocabulary()
_TARGETS: Final[tuple[str, ...]] = tuple(sorted(w for w in VOCABULARY if len(w) >= 5))


def _distance(a: str, b: str, limit: int) -> int:
    """Edit distance with adjacent transpositions, giving up (limit + 1) once past `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


@lru_cache(maxsize=2048)
def correct_typo(word: str) -> str:
    """The one vocabulary word within a small edit distance of `word` (same first letter), else `word`.

    Exports misspell headings (`gaurdian_LN`, `pref_frist_name`, `immunizaton_dpt`); one or two
    slips are tolerated, never a change of first letter, and never when two words are equally near.
    """
    if word in VOCABULARY or len(word) < 5 or not word.isalpha():
        return word
    limit = 1 if len(word) < 8 else 2
    best: list[str] = []
    best_distance = limit + 1
    for target in _TARGETS:
        if target[0] != word[0] or abs(len(target) - len(word)) > limit:
            continue
        d = _distance(word, target, limit)
        if d < best_distance:
            best, best_distance = [target], d
        elif d == best_distance and d <= limit:
            best.append(target)
    return best[0] if len(best) == 1 else word


def _strip_accents(text: str) -> str:
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _tokens(raw: str) -> list[str]:
    text = _BRACKET_PREFIX.sub("", raw)
    text = _NUMBER_PREFIX.sub("", text)
    text = _SHORT_CONTACT.sub(lambda m: "guardian" if m.group(1) in "Gg" else "emergency", text)
    text = _POSSESSIVE.sub("", text)
    text = _NUMBER_SIGN.sub(" number ", text).replace("%", " percent ").replace("&", " and ")
    text = _CAMEL.sub(" ", _strip_accents(text)).lower()
    words = [w for w in _SPLIT.split(text) if w]
    out: list[str] = []
    for i, word in enumerate(words):
        if word == "e" and i + 1 < len(words) and words[i + 1] in ("mail", "mails"):
            continue
        if word in ("mail", "mails") and i > 0 and words[i - 1] == "e":
            out.append("email")
            continue
        out.extend(ABBREVIATIONS.get(correct_typo(word), correct_typo(word)).split())
    return out


def normalise(raw: str) -> tuple[str, bool]:
    """Plain words of a heading, and whether it was written as a yes/no flag ("is_504", "lep_tf")."""
    words = _tokens(raw)
    if len(words) > 1:
        joined = f" {' '.join(words)} "
        for phrase, meaning in PHRASES.items():
            joined = joined.replace(f" {phrase} ", f" {meaning} ")
        words = joined.split()
    flag = False
    while len(words) > 1 and words[0] in ("is", "has"):
        words, flag = words[1:], True
    while len(words) > 1 and words[-1] in FLAG_WORDS:
        words, flag = words[:-1], True
    return " ".join(words), flag


def split_subject(words: str) -> tuple[Subject | None, str]:
    """Whose column the heading names ("guardian 1 first name" -> guardian) and the words left over."""
    tokens = words.split()
    found: Subject | None = None
    kept: list[str] = []
    i = 0
    while i < len(tokens):
        for phrase, subject in _SUBJECT_PHRASES:
            if tuple(tokens[i : i + len(phrase)]) == phrase:
                if found is None or _SUBJECT_RANK[subject] < _SUBJECT_RANK[found]:
                    found = subject
                i += len(phrase)
                break
        else:
            if tokens[i] not in FILLER_WORDS:
                kept.append(tokens[i])
            i += 1
    return found, " ".join(kept)


def _match(words: str, flag: bool) -> HeadingMatch | None:
    subject, core = split_subject(words)
    for c in _COMPILED:
        rule = c.rule
        if rule.requires is not None and rule.requires != subject:
            continue
        if c.unless is not None and c.unless.search(words):
            continue
        hit = c.anywhere is not None and c.anywhere.search(words) is not None
        if not hit and c.core is not None and (core or subject is not None):
            hit = c.core.fullmatch(core) is not None
        if hit:
            return HeadingMatch(rule, subject or rule.subject, flag)
    return None


@lru_cache(maxsize=4096)
def classify_heading(raw: str) -> HeadingMatch | None:
    """The first rule the heading matches, or None when the heading says nothing we know.

    A two-letter state prefix ("CA_", "TX-") is set aside only when the heading means nothing with
    it, so a heading that *is* a state code ("ID") keeps its meaning.
    """
    words, flag = normalise(raw)
    if not words:
        return None
    found = _match(words, flag)
    tokens = words.split()
    if found is None and len(tokens) > 1 and tokens[0] in STATE_CODES:
        found = _match(" ".join(tokens[1:]), flag)
    return found
