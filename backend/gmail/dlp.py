"""Gmail DLP detectors for the admin to paste, generated from the data kinds' own vocabularies.

The Gmail add-on sees who a message goes to, never what it carries; that is checked as the message
leaves, by the outbound gateway and by the district's Gmail data protection (DLP) rules. Those rules
use custom content detectors of two types, a word list and a regular expression in RE2 syntax
(Admin console: Security > Access and data control > Data protection > Manage detectors; Google's
help "Create DLP rules and custom content detectors", support.google.com/a/answer/9655387, and
"Guidelines for using regular expressions", support.google.com/a/answer/1346938, which names RE2).

Each kind that has words tied to a person (`DataKind.text_terms`, the words the text detector reads)
gives one detector of each type: a word list of the terms that are plain words or phrases, expanded
from their patterns ("epi-?pens?" gives "epipen", "epi-pen", "epipens", "epi-pens"), and one
case-insensitive RE2 pattern of all of them between word boundaries. The kinds are declared once
(`backend.datakinds`), so a word added there reaches the DLP rules by running the command again.
Nothing here reads a message; the output is vocabulary, never data.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import product
from typing import Any

from backend.datakinds import KINDS, DataKind

try:  # Python 3.11+: the parser moved; both names are the standard library's own
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    import sre_parse

MAX_VARIANTS = 16  # expansions of one term; more means the term is a pattern, not a word
MAX_WORDS = 200  # per word list: a detector stays readable for the admin who pastes it
MAX_PATTERN = 2_000  # characters of one RE2 pattern: a budget of ours (no limit found in Google's help)
RE2_REFUSES = (  # Python constructs RE2 does not have: a pattern using one would not save
    "ASSERT", "ASSERT_NOT", "GROUPREF", "GROUPREF_EXISTS", "ATOMIC_GROUP", "POSSESSIVE_REPEAT",
)


@dataclass(frozen=True)
class Detector:
    """One kind's detectors: the words and the pattern, named so the admin can tell them apart."""

    kind: str
    name: str
    words: tuple[str, ...]
    pattern: str


def detectors(kinds: tuple[DataKind, ...] = KINDS) -> list[Detector]:
    out = []
    for kind in kinds:
        if not kind.text_terms:
            continue
        terms = [t for t in kind.text_terms if not is_bare_number(t)]
        words: dict[str, None] = {}
        for term in terms:
            for word in expand(term) or ():
                words.setdefault(word, None)
        pattern = "(?i)\\b(?:" + "|".join(terms) + ")\\b"
        if len(pattern) > MAX_PATTERN:
            raise ValueError(f"The `{kind.name}` pattern is longer than {MAX_PATTERN} characters.")
        refused = re2_refuses(pattern)
        if refused:
            raise ValueError(f"The `{kind.name}` words use {refused}, which RE2 does not have.")
        if len(words) > MAX_WORDS:
            raise ValueError(f"The `{kind.name}` word list is longer than {MAX_WORDS} words.")
        out.append(Detector(kind.name, f"Crossing Guard: {kind.label}", tuple(words), pattern))
    return out


def is_bare_number(term: str) -> bool:
    """"504" alone: the text detector reads it only after "on a" or "has a"; a DLP rule cannot."""
    return term.isdigit()


def expand(pattern: str) -> list[str] | None:
    """Every text a pattern matches when that is a handful of plain words, else None.

    Literals, optional characters and groups, alternations, small character classes and a run of
    spaces (read as one space) expand; anything open-ended (`\\w*`, `\\d+`) makes the term a pattern only.
    """
    try:
        tree = sre_parse.parse(pattern)
    except re.error:
        return None
    variants = _expand(list(tree))
    if variants is None:
        return None
    words = sorted({" ".join(v.split()) for v in variants if v.strip()})
    return words if 0 < len(words) <= MAX_VARIANTS else None


def _expand(items: list[tuple[Any, Any]]) -> list[str] | None:
    parts: list[list[str]] = []
    for op, arg in items:
        got = _node(str(op), arg)
        if got is None:
            return None
        parts.append(got)
        if _count(parts) > MAX_VARIANTS:
            return None
    return ["".join(p) for p in product(*parts)]


def _count(parts: list[list[str]]) -> int:
    total = 1
    for p in parts:
        total *= len(p)
    return total


def _node(op: str, arg: Any) -> list[str] | None:
    if op == "LITERAL":
        return [chr(arg)]
    if op == "SUBPATTERN":
        return _expand(list(arg[-1]))
    if op == "BRANCH":
        out: list[str] = []
        for branch in arg[1]:
            got = _expand(list(branch))
            if got is None:
                return None
            out += got
        return out
    if op in ("MAX_REPEAT", "MIN_REPEAT"):
        low, high, body = arg
        inner = _expand(list(body))
        if inner is None:
            return None
        if (low, high) == (0, 1):
            return ["", *inner]
        if _is_space(inner) and high > 1:
            return [" "] if low >= 1 else ["", " "]  # \s+ between a phrase's words: one space
        return None
    if op == "IN":
        chars: list[str] = []
        for kind, value in arg:
            if str(kind) == "LITERAL":
                chars.append(chr(value))
            elif str(kind) == "CATEGORY" and str(value) == "CATEGORY_SPACE":
                chars.append(" ")
            else:
                return None
        return sorted(set(chars))
    return None


def _is_space(variants: list[str]) -> bool:
    """A class of white space (and perhaps a hyphen) between words: `\\s`, `[\\s-]`."""
    return " " in variants and all(v.isspace() or v == "-" for v in variants)


def re2_refuses(pattern: str) -> str:
    """The first construct of `pattern` that RE2 lacks, or ""."""
    try:
        tree = sre_parse.parse(pattern)
    except re.error:
        return "invalid syntax"
    return next(iter(_ops(list(tree))), "")


def _ops(items: list[tuple[Any, Any]]) -> Iterator[str]:
    for op, arg in items:
        name = str(op)
        if name in RE2_REFUSES:
            yield name
        for value in arg if isinstance(arg, (tuple, list)) else ():
            if isinstance(value, sre_parse.SubPattern):
                yield from _ops(list(value))
            elif isinstance(value, (tuple, list)):
                for sub in value:
                    if isinstance(sub, sre_parse.SubPattern):
                        yield from _ops(list(sub))


def render(found: list[Detector]) -> str:
    """The detectors as the admin pastes them: a name, the words one a line, the pattern."""
    lines = [
        "Gmail DLP detectors generated from Crossing Guard's data kinds.",
        "Admin console: Security > Access and data control > Data protection > Manage detectors.",
        "Create one Word list and one Regular expression detector per kind, then use them in a rule",
        "for Gmail messages sent outside the district (Warn users, or Quarantine).",
        "",
    ]
    for d in found:
        lines += [f"## {d.name} ({d.kind})", "", "Word list (comma-separated):", ", ".join(d.words) or "(none)", ""]
        lines += ["Regular expression (RE2):", d.pattern, ""]
    return "\n".join(lines)
