"""A plain SIS export (CSV or tab-separated) read through a small TOML mapping of its columns.

Exports differ by vendor (PowerSchool `Student_Number`/`LastFirst`, Infinite Campus `studentNumber`,
CALPADS `Guardian1Email`...), so the district names its columns once:

    [columns]
    student_id = ["Student_Number", "State_StudentNumber"]   # one or more ID columns
    first_name = "First_Name"                                 # with last_name, or:
    last_name = "Last_Name"
    last_first = "LastFirst"                                  # "Last, First Middle"
    student_email = "Student_Email"                           # optional
    guardian_emails = ["Mother_Email", "Father_Email"]        # optional, one or more
    [file]
    delimiter = ","                                           # "\t" for a tab-separated export

Each row is one student; a student ID repeated on a later row adds that row's guardians to the same
student (exports with one row per contact).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from backend.roster.records import BrokenFile, Refusal, Roster, StudentRecord, decode, read_rows

KEYS: Final = ("student_id", "first_name", "last_name", "last_first", "student_email", "guardian_emails")


class MappingError(ValueError):
    """A mapping file that cannot be used, naming the key."""


@dataclass(frozen=True)
class Mapping:
    student_id: tuple[str, ...]
    first_name: str = ""
    last_name: str = ""
    last_first: str = ""
    student_email: tuple[str, ...] = ()
    guardian_emails: tuple[str, ...] = ()
    delimiter: str = ","

    def required(self) -> tuple[str, ...]:
        named = (*self.student_id, self.first_name, self.last_name, self.last_first,
                 *self.student_email, *self.guardian_emails)
        return tuple(c for c in named if c)


def _columns(value: Any, key: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,) if value.strip() else ()
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(v for v in value if v.strip())
    raise MappingError(f"columns.{key} must be a column heading or a list of them")


def load_mapping(path: Path) -> Mapping:
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise MappingError(f"{path.name}: cannot be read as TOML ({type(exc).__name__})") from None
    columns = data.get("columns")
    if not isinstance(columns, dict):
        raise MappingError("the mapping has no [columns] table")
    unknown = sorted(set(columns) - set(KEYS))
    if unknown:
        raise MappingError(f"columns.{unknown[0]} is not a known key (known: {', '.join(KEYS)})")
    got = {k: _columns(v, k) for k, v in columns.items()}
    if not got.get("student_id"):
        raise MappingError("columns.student_id is required")
    single = {k: (got.get(k) or ("",))[0] for k in ("first_name", "last_name", "last_first")}
    if not (single["last_first"] or (single["first_name"] and single["last_name"])):
        raise MappingError("columns needs first_name and last_name, or last_first")
    delimiter = data.get("file", {}).get("delimiter", ",")
    if not (isinstance(delimiter, str) and len(delimiter) == 1):
        raise MappingError("file.delimiter must be one character")
    return Mapping(got["student_id"], single["first_name"], single["last_name"], single["last_first"],
                   got.get("student_email", ()), got.get("guardian_emails", ()), delimiter)


def split_last_first(value: str) -> tuple[str, str]:
    """"Chen, Maya Li" -> ("Maya", "Chen"); "Maya Chen" (no comma) -> ("Maya", "Chen")."""
    if "," in value:
        last, _, rest = value.partition(",")
        first = rest.split()[0] if rest.split() else ""
        return first, last.strip()
    parts = value.split()
    return (parts[0], parts[-1]) if len(parts) >= 2 else ("", "")


def read_export(path: Path, mapping: Mapping) -> Roster:
    roster = Roster(source="sis")
    name = path.name
    try:
        text = decode(name, path.read_bytes())
    except OSError:
        roster.broken.append(Refusal(name, 0, "cannot be read"))
        return roster
    except BrokenFile as exc:
        roster.broken.append(exc.refusal)
        return roster
    guardians: set[str] = set()
    try:
        for number, row in read_rows(name, text, mapping.required(), roster, mapping.delimiter):
            ids = [row[c.lower()] for c in mapping.student_id if row[c.lower()]]
            if mapping.first_name:
                first, last = row[mapping.first_name.lower()], row[mapping.last_name.lower()]
            else:
                first, last = split_last_first(row[mapping.last_first.lower()])
            if not ids or not (first and last):
                roster.skipped.append(Refusal(name, number, "has no student ID or no first and last name"))
                continue
            student = roster.students.setdefault(ids[0], StudentRecord(ids[0]))
            student.ids.update(ids)
            student.names.add((first, last))
            student.emails.update(row[c.lower()] for c in mapping.student_email if row[c.lower()])
            found = {row[c.lower()] for c in mapping.guardian_emails if "@" in row[c.lower()]}
            student.guardian_emails |= found
            guardians |= {g.lower() for g in found}
    except BrokenFile as exc:
        roster.broken.append(exc.refusal)
    roster.guardians = len(guardians)
    return roster
