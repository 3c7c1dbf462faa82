"""What a column's values look like: the second opinion after its heading.

A heading says what a column is meant to hold; its values say whether it holds it. A "Student ID"
column must look like IDs, a "DOB" column like dates, and an "Allergies" column must hold real text,
not the "None" and "N/A" of a blank form. Each predicate is small and named (`is_ssn`, `is_date`...)
so a reason can say which one decided. Checks see at most a few hundred sampled values.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Final

from backend.datakinds import Shape
from backend.detectors.content.columns import NULL_VALUES
from backend.models import Cell

THIS_YEAR: Final = dt.date.today().year

_SSN: Final = re.compile(r"(?!000|666|9\d\d)\d{3}([- ]?)(?!00)\d{2}\1(?!0000)\d{4}")
_SSN_DASHED: Final = re.compile(r"(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}")
_ID: Final = re.compile(r"[A-Za-z]{0,3}[-]?\d{3,12}[A-Za-z]?|(?=[A-Za-z]*\d)[A-Za-z0-9]{4,14}")
_PHONE: Final = re.compile(
    r"(?:\+?1[\s.\-]?)?\(?[2-9]\d{2}\)?[\s.\-]?\d{3}[\s.\-]?\d{4}(?:\s*(?:x|ext\.?|extension)\s*\d{1,6})?"
    r"|\d{3}[\s.\-]\d{4}"
)
_PHONE_FORMATTED: Final = re.compile(
    r"(?:\+?1[\s.\-]?)?(?:\([2-9]\d{2}\)\s?|[2-9]\d{2}[\s.\-])\d{3}[\s.\-]\d{4}(?:\s*(?:x|ext\.?)\s*\d{1,6})?"
)
_EMAIL: Final = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}")
_ADDRESS: Final = re.compile(
    r"\d+[A-Za-z]?(?:[-/]\d+)?\s+(?:[NSEW]\.?\s+)?[^\W\d_][\w.'’\-]*(?:\s+\S+)*"
    r"|(?:p\.?\s?o\.?\s*box|post office box|rr|rural route)\s*\d+.*",
    re.IGNORECASE,
)
_NAME: Final = re.compile(r"[^\W\d_]+(?:[ ,'’.\-]+[^\W\d_]+){0,5}\.?")
_ISO: Final = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
)
_US: Final = re.compile(r"(\d{1,2})[/\-.](\d{1,2})[/\-.](\d{4}|\d{2})(?: \d{1,2}:\d{2}(?::\d{2})?(?: ?[AP]M)?)?")
_COMPACT: Final = re.compile(r"\d{8}")
_MONTHS: Final = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_WORDY: Final = re.compile(
    r"(?:(\d{1,2})[ \-])?(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?[ \-](?:(\d{1,2}),? )?(\d{4})",
    re.IGNORECASE,
)

_LEVEL_WORDS: Final[frozenset[str]] = frozenset(
    {
        "pk", "pk3", "pk4", "tk", "k", "kg", "kn", "ps", "pr", "it", "ug", "xg", "os", "pre-k", "prek", "pre k",
        "kindergarten", "prekindergarten", "pre-kindergarten", "infanttoddler", "preschool", "ungraded",
        "transitional kindergarten", "first grade", "second grade", "third grade", "fourth grade",
        "fifth grade", "sixth grade", "seventh grade", "eighth grade", "ninth grade", "tenth grade",
        "eleventh grade", "twelfth grade", "freshman", "sophomore", "junior", "senior",
    }
    | {str(i) for i in range(-3, 14)}
    | {f"{i:02d}" for i in range(0, 14)}
)
_LEVEL: Final = re.compile(
    r"(?:grade )?(?:\d{1,2}(?:st|nd|rd|th)?|k|pk|tk)(?: grade)?"
    r"|(?:k|pk|tk|\d{1,2})\s*(?:-|–|to)\s*\d{1,2}"
    r"|(?:\d{1,2}(?:st|nd|rd|th)?,\s*)+\d{1,2}(?:st|nd|rd|th)?"
)
_MARK: Final = re.compile(r"[a-f][+\-]?|pass|fail|inc|np|\d{1,3}(?:\.\d+)?\s*%?|\d\.\d+")

TRUE_FLAGS: Final[frozenset[str]] = frozenset({"y", "yes", "1", "true", "t", "x", "✓", "✔", "on"})


def text_of(cell: Cell) -> str:
    """A cell as comparable text: trimmed, 12345.0 as "12345", booleans as "true"/"false"."""
    if cell is None:
        return ""
    if isinstance(cell, str):
        return cell.strip()
    if isinstance(cell, bool):
        return "true" if cell else "false"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat() if cell.time() == dt.time() else cell.isoformat()
    if isinstance(cell, dt.date | dt.time):
        return cell.isoformat()
    return str(cell)


def is_null(text: str) -> bool:
    """Blank, or a placeholder that holds nothing: "None", "N/A", "NKA", "-"."""
    return not text or text.lower() in NULL_VALUES


def is_ssn(text: str) -> bool:
    return _SSN.fullmatch(text) is not None


def is_ssn_dashed(text: str) -> bool:
    return _SSN_DASHED.fullmatch(text) is not None


def is_id(text: str) -> bool:
    return _ID.fullmatch(text) is not None


def is_phone(text: str) -> bool:
    return _PHONE.fullmatch(text) is not None


def is_phone_formatted(text: str) -> bool:
    return _PHONE_FORMATTED.fullmatch(text) is not None


def is_email(text: str) -> bool:
    return _EMAIL.fullmatch(text) is not None


def is_address(text: str) -> bool:
    return _ADDRESS.fullmatch(text) is not None


def is_name(text: str) -> bool:
    return len(text) <= 60 and _NAME.fullmatch(text) is not None


def _valid(year: int, month: int, day: int) -> int | None:
    if 1 <= month <= 12 and 1 <= day <= 31 and 1900 <= year <= THIS_YEAR + 1:
        return year
    return None


def date_year(text: str, *, serials: bool = False) -> int | None:
    """The year of a date written as readers and exports write them, or None when it is not a date.

    ISO (2012-05-14, with or without a time), US (5/14/2012, 05-14-12), compact (20120514 or
    05142012) and worded (May 14, 2012). With `serials`, a bare Excel day number counts too.
    """
    if m := _ISO.fullmatch(text):
        return _valid(int(m[1]), int(m[2]), int(m[3]))
    if m := _US.fullmatch(text):
        year = int(m[3])
        if year < 100:
            year += 2000 if year <= THIS_YEAR % 100 else 1900
        return _valid(year, int(m[1]), int(m[2]))
    if _COMPACT.fullmatch(text):
        return _valid(int(text[:4]), int(text[4:6]), int(text[6:])) or _valid(
            int(text[4:]), int(text[:2]), int(text[2:4])
        )
    if m := _WORDY.fullmatch(text):
        day = int(m[1] or m[3] or 1)
        return _valid(int(m[4]), _MONTHS.index(m[2].lower()[:3]) + 1, day)
    if serials and text.isdigit() and 10_000 <= int(text) <= 60_000:
        return 1900 + int(text) // 365
    return None


def is_grade_level(text: str) -> bool:
    low = text.lower()
    return low in _LEVEL_WORDS or _LEVEL.fullmatch(low) is not None


def is_mark(text: str) -> bool:
    return _MARK.fullmatch(text.lower()) is not None


@dataclass(frozen=True)
class ValueCheck:
    """Whether sampled values confirm a heading, and why (a value shape, never a value)."""

    ok: bool
    why: str


def _share(texts: Sequence[str], test: Callable[[str], bool]) -> float:
    return sum(1 for t in texts if test(t)) / len(texts) if texts else 0.0


def check(shape: Shape, texts: Sequence[str], nothing: frozenset[str] = frozenset()) -> ValueCheck:
    """Do these non-blank sampled values hold what the heading promised?

    `nothing` lists values that expose nothing for this column (the "N" of a yes/no flag).
    """
    real = [t for t in texts if not is_null(t)]
    if not real:
        return ValueCheck(False, "every value is blank or a placeholder such as None or N/A")
    if shape == "none":
        return ValueCheck(True, "values present")
    if shape in ("flag_or_text", "any"):
        if nothing and all(t.lower() in nothing for t in real):
            return ValueCheck(False, "every value is a no (such as N, No, 0)")
        flags = sum(1 for t in real if t.lower() in TRUE_FLAGS or t.lower() in nothing)
        return ValueCheck(True, "yes/no flags with at least one yes" if flags == len(real) else "values present")
    if shape == "id":
        if _share(real, is_id) < 0.8:
            return ValueCheck(False, "values do not look like ID numbers")
        if len(real) >= 20 and len(set(real)) == 1:
            return ValueCheck(False, "the same value on every row: a code, not IDs")
        return ValueCheck(True, "values look like ID numbers")
    if shape == "ssn":
        ok = _share(real, is_ssn) >= 0.8
        return ValueCheck(ok, "values look like SSNs" if ok else "values do not look like SSNs")
    if shape == "date":
        ok = _share(real, lambda t: date_year(t, serials=True) is not None) >= 0.8
        return ValueCheck(ok, "values look like dates" if ok else "values do not look like dates")
    if shape == "phone":
        ok = _share(real, is_phone) >= 0.7
        return ValueCheck(ok, "values look like phone numbers" if ok else "values do not look like phone numbers")
    if shape == "email":
        ok = _share(real, is_email) >= 0.7
        return ValueCheck(ok, "values look like email addresses" if ok else "values are not email addresses")
    if shape == "address":
        if _share(real, is_address) < 0.5:
            return ValueCheck(False, "values do not look like street addresses")
        if len(real) >= 20 and len(set(real)) == 1:
            return ValueCheck(False, "one address on every row: a school or office, not homes")
        return ValueCheck(True, "values look like street addresses")
    if shape == "name":
        ok = _share(real, is_name) >= 0.8
        return ValueCheck(ok, "values look like names" if ok else "values do not look like names")
    if shape == "grade":
        return ValueCheck(True, "grade values")
    return ValueCheck(True, "values present")


def grade_meaning(texts: Sequence[str]) -> str | None:
    """"grade_level" when a "Grade" column holds levels (K, 3, 10), "grades" when it holds marks."""
    real = [t for t in texts if not is_null(t)]
    if not real:
        return None
    if _share(real, is_grade_level) >= 0.8:
        return "grade_level"
    if _share(real, is_mark) >= 0.8:
        return "grades"
    return None


def guess(texts: Sequence[str], *, student_context: bool) -> tuple[str, str] | None:
    """A role for a column whose heading says nothing, from its values alone, or None.

    Conservative: only shapes that cannot be much else (dashed SSNs, emails, formatted phone
    numbers) and, in a table about students, dates whose years fit a student's birth.
    """
    real = [t for t in texts if not is_null(t)]
    if len(real) < 3:
        return None
    if _share(real, is_ssn_dashed) >= 0.9:
        return "ssn", "values shaped like SSNs (123-45-6789)"
    if _share(real, is_email) >= 0.9:
        return "email", "values shaped like email addresses"
    if _share(real, is_phone_formatted) >= 0.9:
        return "phone", "values shaped like phone numbers"
    if student_context:
        years = [date_year(t) for t in real]
        births = sum(1 for y in years if y is not None and THIS_YEAR - 22 <= y <= THIS_YEAR - 2)
        if births >= 0.9 * len(real):
            return "birth_date", "dates whose years fit students' birth years"
    return None
