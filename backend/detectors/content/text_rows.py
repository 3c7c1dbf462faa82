"""Tables pasted into a body as lines: a heading line, then one row per student.

"Name<TAB>Grade<TAB>504" followed by thirty rows puts each student's status under a heading, away
from the words a sentence-level recognizer looks for. Cells are split on tabs, pipes, commas or
runs of spaces; a row counts for a kind when its cell under that heading holds a real value (not
blank, "No", "None", "N/A"), and for IDs, SSNs and dates only when the value has their shape.
"""

from __future__ import annotations

import re
from typing import Final

from backend.datakinds import KINDS
from backend.detectors.content.keys import person_key
from backend.detectors.content.text_base import Hit, Layout, mask_digits, mask_name
from backend.detectors.content.text_dob import parse_date
from backend.detectors.content.text_names import FIRST_LAST, LAST_FIRST, line_name
from backend.detectors.content.text_ssn import validate as validate_ssn
from backend.detectors.content.text_student_id import validate as validate_id

RECOGNIZER: Final = "text_rows"
MIN_CELLS: Final = 2
HEADING_CHARS: Final = 32

# Kinds whose values this module checks by shape; their headings are the most specific ("Student ID"
# before "Lunch"), so they are tried first.
SHAPED: Final = ("ssn", "student_id", "birth_date")
# Headings: the kinds' own (`DataKind.row_heading`), shaped first, then in order of sensitivity, then
# those of names. The first that matches a heading wins.
_ROW_KINDS: Final = sorted((k for k in KINDS if k.row_heading), key=lambda k: k.name not in SHAPED)
SENSITIVE: Final = tuple(k.name for k in _ROW_KINDS)
HEADINGS: Final[tuple[tuple[str, str], ...]] = (
    *((k.name, k.row_heading) for k in _ROW_KINDS),
    ("first", r"^(?:student\s*|legal\s*|preferred\s*)?first(?:\s*name)?$|^given"),
    ("last", r"^(?:student\s*|legal\s*)?(?:last(?:\s*name)?|surname|family\s*name)$"),
    (
        "name",
        r"^(?:student(?:'s)?\s*)?(?:full\s*)?name$|^student$|^lastfirst$|^(?:last|first)\s*,\s*(?:first|last)$",
    ),
)
_HEADINGS: Final = tuple((kind, re.compile(rx, re.IGNORECASE)) for kind, rx in HEADINGS)

_SPLIT: Final = {
    "\t": re.compile(r"\t"),
    "|": re.compile(r"\s*\|\s*"),
    ",": re.compile(r"\s*,\s*"),
    "  ": re.compile(r"\s{2,}"),
}
# Values that say "not this": nothing to expose. Lunch "Paid" means not free or reduced.
_NEGATIVE_FOR: Final[dict[str, frozenset[str]]] = {"lunch": frozenset({"paid", "p", "full", "full price"})}
_NAME_CELL: Final = re.compile(rf"{LAST_FIRST}|{FIRST_LAST}")
_NEGATIVE: Final = frozenset(
    {
        "",
        "-",
        "—",
        "–",
        "n/a",
        "na",
        "none",
        "no",
        "n",
        "false",
        "0",
        "nil",
        "unknown",
        "nka",
        "nkda",
        "x",
        "?",
    }
)


def delimiter(line: str) -> str | None:
    for d in ("\t", "|"):
        if d in line:
            return d
    if "  " in line.strip():
        return "  "
    if line.count(",") >= 2:
        return ","
    return None


def cells(line: str, delim: str) -> list[str]:
    return [c.strip() for c in _SPLIT[delim].split(line.strip().strip("|"))]


def is_heading_row(header: list[str]) -> bool:
    """Headings are short: a sentence with commas in it is not a heading row."""
    return len(header) >= MIN_CELLS and all(len(c) <= HEADING_CHARS and len(c.split()) <= 4 for c in header)


def heading_kinds(header: list[str]) -> dict[int, str]:
    """Column index -> kind, for the headings this module knows."""
    kinds: dict[int, str] = {}
    if not is_heading_row(header):
        return kinds
    for i, cell in enumerate(header):
        for kind, rx in _HEADINGS:
            if rx.search(cell):
                kinds[i] = kind
                break
    return kinds


def is_affirmative(value: str) -> bool:
    """'Yes', 'peanuts', 'Y': a value. 'No', 'None', 'N/A', blank: nothing to expose."""
    return value.strip().strip("_. ").lower() not in _NEGATIVE


def _shape_ok(kind: str, value: str) -> bool:
    digits = re.sub(r"[\s-]", "", value)
    if kind == "ssn":
        return len(digits) == 9 and digits.isdigit() and validate_ssn(digits[:3], digits[3:5], digits[5:]).ok
    if kind == "student_id":
        return digits.isdigit() and validate_id(digits).ok
    if kind == "birth_date":
        return parse_date(value) is not None
    return is_affirmative(value) and value.strip().lower() not in _NEGATIVE_FOR.get(kind, frozenset())


def _sample(kind: str, value: str, name_sample: str) -> str:
    if kind == "ssn":
        return "***-**-" + re.sub(r"\D", "", value)[-4:]
    if kind == "student_id":
        return mask_digits(value, 3)
    if kind == "birth_date":
        ymd = parse_date(value)
        return f"**/**/{ymd[0]}" if ymd else ""
    return name_sample


def _name(row: list[str], kinds: dict[int, str]) -> tuple[str, ...] | None:
    by_kind = {kind: row[i] for i, kind in kinds.items() if i < len(row)}
    if by_kind.get("first") and by_kind.get("last"):
        return by_kind["first"], by_kind["last"]
    for value in [by_kind["name"]] if "name" in by_kind else row:
        m = _NAME_CELL.fullmatch(value)
        name = line_name(m) if m else None
        if name is not None:
            return name
    return None


def _row_hits(row: list[str], kinds: dict[int, str], start: int, end: int) -> list[Hit]:
    name = _name(row, kinds)
    person = person_key(*name) if name else None
    if person is None:
        ids = [row[i] for i, k in kinds.items() if k in ("student_id", "ssn") and i < len(row) and _shape_ok(k, row[i])]
        person = person_key(f"id:{re.sub(r'[^0-9]', '', ids[0])}") if ids else None
    if person is None:
        return []
    name_sample = mask_name(*name) if name else ""
    hits = []
    for i, kind in kinds.items():
        if kind in SENSITIVE and i < len(row) and _shape_ok(kind, row[i]):
            hits.append(
                Hit(
                    RECOGNIZER,
                    kind,
                    start,
                    end,
                    f"{RECOGNIZER}: a pasted table row under a {kind} heading",
                    _sample(kind, row[i], name_sample),
                    person=person,
                )
            )
    if name and not hits:
        hits.append(
            Hit(
                RECOGNIZER,
                "names",
                start,
                end,
                f"{RECOGNIZER}: a pasted table row with a name",
                name_sample,
                person=person,
            )
        )
    return hits


def recognize(layout: Layout, furniture: frozenset[int]) -> list[Hit]:
    hits: list[Hit] = []
    i, total = 0, len(layout)
    while i < total:
        line = layout.line(i)
        delim = delimiter(line) if i not in furniture else None
        kinds = heading_kinds(cells(line, delim)) if delim else {}
        if delim is None or not any(k in SENSITIVE for k in kinds.values()):
            i += 1
            continue
        j = i + 1
        while j < total and not layout.is_blank(j) and delimiter(layout.line(j)) == delim:
            row = cells(layout.line(j), delim)
            hits.extend(_row_hits(row, kinds, layout.starts[j], layout.ends[j]))
            j += 1
        i = j
    return hits
