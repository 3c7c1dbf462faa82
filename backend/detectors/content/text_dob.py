"""Dates of birth in text.

School mail is full of dates (trips, deadlines, conferences); a date is a birth date only when it
follows a word that says so ("DOB", "date of birth", "born on", "birthdate"), with nothing but a
separator between them, so "send the form with your child's DOB by 10/01/2025" does not match.
Formats are those SIS exports use: MM/DD/YYYY, M/D/YY, YYYY-MM-DD, MMDDYYYY, YYYYMMDD, "March 14, 2012".
"""

from __future__ import annotations

import re
from datetime import date
from typing import Final

from backend.detectors.content.keys import person_key
from backend.detectors.content.text_base import Check, Hit, Pattern, lowered, skip, stem_positions, words_regex

RECOGNIZER: Final = "text_dob"
KIND: Final = "birth_date"

_MONTHS: Final = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH: Final = r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"  # noqa: E501

PATTERNS: Final = (
    Pattern("mdy", re.compile(r"(?P<m>\d{1,2})(?P<s>[/.-])(?P<d>\d{1,2})(?P=s)(?P<y>\d{4}|\d{2})(?![\d/.-]\d)")),
    Pattern("ymd", re.compile(r"(?P<y>\d{4})(?P<s>[/.-])(?P<m>\d{1,2})(?P=s)(?P<d>\d{1,2})(?![\d/.-]\d)")),
    Pattern("digits8", re.compile(r"(?P<n>\d{8})(?!\d)")),
    Pattern(
        "month_day_year",
        re.compile(_MONTH + r"[ \t]+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?[ \t]+(?P<y>\d{4})", re.I),
    ),
    Pattern("day_month_year", re.compile(r"(?P<d>\d{1,2})[ \t]+" + _MONTH + r",?[ \t]+(?P<y>\d{4})", re.I)),
)
CONTEXT: Final = (
    "dob",
    "d.o.b",
    "date of birth",
    "birth date",
    "birthdate",
    "born",
    "born on",
    "b-day",
    "bday",
)
_CONTEXT: Final = words_regex(CONTEXT)
STEMS: Final = ("dob", "d.o.b", "date", "birth", "born", "b-day", "bday")
_GAP: Final = re.compile(r"(?:[ \t]*(?:[.:#=\-–—(]|\bis\b|\bwas\b|\bon\b))*[ \t]*")

FIRST_YEAR: Final = 1900
LAST_YEAR: Final = 2100


def _year(y: str) -> int:
    value = int(y)
    if len(y) == 2:
        return 2000 + value if value <= 30 else 1900 + value
    return value


def validate(year: int, month: int, day: int) -> Check:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return Check(False, "year outside the range of birth dates")
    if not 1 <= month <= 12:
        return Check(False, "no such month")
    try:
        date(year, month, day)
    except ValueError:
        return Check(False, "no such day in that month")
    return Check(True, "a calendar date after a birth-date word")


def _digits8(n: str) -> tuple[int, int, int] | None:
    """MMDDYYYY first (US SIS exports), then YYYYMMDD."""
    mdy = (int(n[4:]), int(n[:2]), int(n[2:4]))
    if validate(*mdy).ok:
        return mdy
    ymd = (int(n[:4]), int(n[4:6]), int(n[6:]))
    return ymd if validate(*ymd).ok else None


def _parse(m: re.Match[str]) -> tuple[int, int, int] | None:
    found = m.groupdict()
    if found.get("n"):
        return _digits8(found["n"])
    month = found.get("mon")
    month_number = _MONTHS.index(month[:3].lower()) + 1 if month else int(found["m"])
    return _year(found["y"]), month_number, int(found["d"])


def parse_date(value: str) -> tuple[int, int, int] | None:
    """A whole cell or value as a valid date (year, month, day), in any supported format."""
    for pattern in PATTERNS:
        m = pattern.regex.fullmatch(value.strip())
        if m is not None:
            ymd = _parse(m)
            if ymd is not None and validate(*ymd).ok:
                return ymd
    return None


def recognize(text: str) -> list[Hit]:
    hits: list[Hit] = []
    for start in stem_positions(lowered(text), STEMS):
        c = _CONTEXT.match(text, start)
        if c is None:
            continue
        pos = skip(_GAP, text, c.end())
        for pattern in PATTERNS:
            m = pattern.regex.match(text, pos)
            if m is None:
                continue
            ymd = _parse(m)
            if ymd is None or not validate(*ymd).ok:
                break
            context = " ".join(c.group(0).lower().split())
            hits.append(
                Hit(
                    recognizer=RECOGNIZER,
                    kind=KIND,
                    start=m.start(),
                    end=m.end(),
                    reason=f"{RECOGNIZER}: pattern {pattern.name}, context '{context}'",
                    sample=f"**/**/{ymd[0]}",
                    identity=person_key(f"dob:{ymd[0]:04d}-{ymd[1]:02d}-{ymd[2]:02d}"),
                )
            )
            break
    return hits
