"""State and local student ID numbers in text.

Five to ten digits are everywhere in school mail (room numbers, phone numbers, meeting IDs, zip
codes, amounts), so a digit run counts only right after a word that names a student ID: "Student
ID: 1234567", "SASID 1029384756", "MOSIS #, 2233445566", or a list after one such word.
"""

from __future__ import annotations

import re
from itertools import pairwise
from typing import Final

from backend.detectors.content.keys import person_key
from backend.detectors.content.text_base import (
    Check,
    Hit,
    Pattern,
    lowered,
    mask_digits,
    skip,
    stem_positions,
    words_regex,
)

RECOGNIZER: Final = "text_student_id"
KIND: Final = "student_id"

PATTERNS: Final = (Pattern("id_digits", re.compile(r"(?<![\d$.,-])\d{5,10}(?![\d-]|[.,]\d)")),)
CONTEXT: Final = (
    "student id",
    "student ids",
    "student identifier",
    "student #",
    "student number",
    "student no",
    "stu id",
    "ssid",
    "sasid",
    "lasid",
    "state id",
    "state student id",
    "state student number",
    "state number",
    "mosis",
    "mosis id",
    "nyssis",
    "nyssis id",
    "eduid",
    "id#",
    "id #",
    "id no",
    "id number",
    "local id",
    "permanent id",
    "perm id",
    "stn",
    "fleid",
    "tsds id",
    "unique id",
    "pupil number",
    "pupil id",
)
MIN_DIGITS: Final = 5
MAX_DIGITS: Final = 10
_CONTEXT: Final = words_regex(CONTEXT)
STEMS: Final = tuple(sorted({w.split()[0].rstrip("#") for w in CONTEXT}))
# Between the word and the number: "Student ID: ", "ID # ", "SSID is ", "state ID number - ".
_GAP: Final = re.compile(r"(?:[ \t]*(?:[:#=.\-–—(]|\bis\b|\bnumbers?\b|\bnos?\b|\bnum\b|\(s\)))*[ \t]*(?:\r?\n[ \t]*)?")
# After one number, more of them: "1234567, 2345678 and 3456789".
_NEXT: Final = re.compile(r"[ \t]*(?:,|;|/|&|\band\b)[ \t]*")


def is_placeholder(digits: str) -> bool:
    """'00000', '1234567', '9876543': filler typed into a form, not an issued ID."""
    if len(set(digits)) == 1:
        return True
    steps = {int(b) - int(a) for a, b in pairwise(digits)}
    return steps == {1} or steps == {-1}


def validate(digits: str) -> Check:
    if len(digits) < MIN_DIGITS:
        return Check(False, "too short for a student ID")
    if len(digits) > MAX_DIGITS:
        return Check(False, "too long for a student ID")
    if is_placeholder(digits):
        return Check(False, "a placeholder such as 1234567 or 00000")
    return Check(True, "5 to 10 digits after a student-ID word")


def _hit(m: re.Match[str], context: str) -> Hit:
    digits = m.group(0)
    return Hit(
        recognizer=RECOGNIZER,
        kind=KIND,
        start=m.start(),
        end=m.end(),
        reason=f"{RECOGNIZER}: pattern {PATTERNS[0].name}, context '{context}'",
        sample=mask_digits(digits, 3),
        identity=person_key(f"id:{digits}"),
    )


def recognize(text: str) -> list[Hit]:
    hits: list[Hit] = []
    digits_re = PATTERNS[0].regex
    for start in stem_positions(lowered(text), STEMS):
        c = _CONTEXT.match(text, start)
        if c is None:
            continue
        context = " ".join(c.group(0).lower().split())
        pos = skip(_GAP, text, c.end())
        while (m := digits_re.match(text, pos)) is not None:
            if validate(m.group(0)).ok:
                hits.append(_hit(m, context))
            nxt = _NEXT.match(text, m.end())
            if nxt is None:
                break
            pos = nxt.end()
    return hits
