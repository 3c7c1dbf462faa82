"""What an import reads, before hashing: students, their guardians' addresses, staff addresses.

Plain values live here only in memory, for the length of one import; `importer` hashes them and
drops them. A `Refusal` names a file, a row number (the header is row 1) and a reason, never a value.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass
class StudentRecord:
    sourced_id: str
    ids: set[str] = field(default_factory=set)
    names: set[tuple[str, str]] = field(default_factory=set)  # (first, last)
    emails: set[str] = field(default_factory=set)  # the student's own addresses
    guardian_emails: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Refusal:
    file: str
    row: int  # 0: the file as a whole
    reason: str

    def __str__(self) -> str:
        return f"{self.file}: {self.reason}" if self.row == 0 else f"{self.file} row {self.row}: {self.reason}"


@dataclass
class Roster:
    """One source read: the students, staff addresses, rows read per file, and what was refused.

    `broken` refusals (a missing file, a bad header, a row that does not parse) refuse the whole
    import; `skipped` ones (a student without a name, a link to nobody) refuse only their row."""

    source: str
    students: dict[str, StudentRecord] = field(default_factory=dict)
    staff_emails: set[str] = field(default_factory=set)
    guardians: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    broken: list[Refusal] = field(default_factory=list)
    skipped: list[Refusal] = field(default_factory=list)


class BrokenFile(Exception):
    def __init__(self, refusal: Refusal) -> None:
        super().__init__(str(refusal))
        self.refusal = refusal


def decode(name: str, raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BrokenFile(Refusal(name, 0, "is not UTF-8 text")) from None


def read_rows(name: str, text: str, required: tuple[str, ...], roster: Roster,
              delimiter: str = ",") -> Iterator[tuple[int, dict[str, str]]]:
    """(row number, row by heading) for each data row; a short or long row is broken, not guessed at.

    Headings are matched case-insensitively; a missing required heading refuses the file."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise BrokenFile(Refusal(name, 0, "is empty")) from None
    except csv.Error:
        raise BrokenFile(Refusal(name, 1, "the header row does not parse")) from None
    headings = [h.strip() for h in header]
    by_lower = {h.lower(): h for h in headings}
    missing = [r for r in required if r.lower() not in by_lower]
    if missing:
        raise BrokenFile(Refusal(name, 1, f"the header has no {', '.join(missing)} column"))
    rows = 0
    number = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error:
            roster.broken.append(Refusal(name, number + 1, "does not parse as CSV"))
            break
        number = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        rows += 1
        if len(cells) != len(headings):
            roster.broken.append(Refusal(name, number, f"has {len(cells)} fields, the header {len(headings)}"))
            continue
        yield number, {h.lower(): c.strip() for h, c in zip(headings, cells, strict=True)}
    roster.rows[name] = rows
