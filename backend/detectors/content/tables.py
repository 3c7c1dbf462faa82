"""The table analyser: whose records a grid of cells holds, how many people, and which kinds of data.

Three questions, in order, because each answer needs the one before:

1. What is each column? Its heading, read the way exports spell it (`columns`, `column_headings`),
   confirmed by a sample of its values (`column_values`); a column whose heading says nothing may
   still be classified by unmistakable values (SSNs, emails, phone numbers, birth dates).
2. Whom is the table about? Students (student names or IDs, or people alongside grade levels,
   homerooms, 504 flags...), families (guardian names and contacts with no student), staff (names
   beside positions, rooms, extensions) or nobody (a game schedule, a budget, an inventory).
3. How many distinct people? Counted by student ID, else by name (`table_people`), never by rows.

Data kinds are reported only for tables that describe people, and staff data is not student data:
a staff phone list exposes staff, not "parent phone numbers". Only headings, counts and masked
samples leave this module.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from backend.datakinds import FRAGMENT_KINDS, ORDER, STAFF_KINDS, marking
from backend.detectors.base import Evidence, Subjects
from backend.detectors.content.columns import Role
from backend.detectors.content.table_columns import (
    VALUE_ROLES,
    ColumnFinding,
    guess_column,
    read_column,
    sample_rows,
)
from backend.detectors.content.table_grid import grid_of
from backend.detectors.content.table_masking import mask
from backend.detectors.content.table_people import (
    NOBODY,
    People,
    RawName,
    count_by_ids,
    count_by_names,
    count_by_values,
    raw_names,
)
from backend.detectors.content.table_roles import split_by_role
from backend.models import Cell, Grid, Table
from backend.policy import Policy

NAME_ROLES: Final[frozenset[Role]] = frozenset({"first_name", "last_name", "full_name"})
# Columns that identify a person, whatever else the table holds.
IDENTITY_ROLES: Final[frozenset[Role]] = NAME_ROLES | {"student_id", "person_id", "generic_id", "ssn", "teacher"}
# Beside people, these say the people are students: only students have a grade level or a 504 plan.
STUDENT_ROLES: Final[frozenset[Role]] = marking("students") | {"grade_level", "homeroom", "bus_route"}
# These say so too, unless the table looks like a staff list (staff have birth dates and allergies).
LIKELY_STUDENT_ROLES: Final[frozenset[Role]] = marking("likely") | {"teacher", "gender"}
MAX_SAMPLES: Final = 3


def _columns(table: Table, grid: Grid) -> list[ColumnFinding]:
    sample = sample_rows(grid)
    width = grid.width
    headings = [table.header[i] if i < len(table.header) else "" for i in range(width)]
    columns = [read_column(i, str(headings[i] or ""), grid, sample) for i in range(width)]
    live = [c for c in columns if c.has_data]
    student_context = any(c.role in STUDENT_ROLES | LIKELY_STUDENT_ROLES or c.subject == "student" for c in live)
    return [guess_column(c, student_context=student_context) if c.role in VALUE_ROLES else c for c in columns]


def staff_context_of(columns: Sequence[ColumnFinding]) -> bool:
    return any(c.role == "staff_context" and c.has_data for c in columns)


def staff_addresses(columns: Sequence[ColumnFinding], policy: Policy) -> bool:
    """True when the rows' own email column holds district staff addresses: the people are staff.

    Only where the district gives students their own mail domain; otherwise a staff domain says
    nothing about whose address it is."""
    district = policy.district
    if not district.student_domains:
        return False
    staff = tuple(d.lower() for d in district.domains)
    students = tuple(d.lower() for d in district.student_domains)

    def at(domain: str, domains: tuple[str, ...]) -> bool:
        return any(domain == d or domain.endswith("." + d) for d in domains)

    for c in columns:
        if c.role != "email" or c.subject not in (None, "staff") or not c.has_data:
            continue
        domains = [t.rpartition("@")[2].strip().lower() for t in c.texts if "@" in t]
        on_staff = sum(at(d, staff) and not at(d, students) for d in domains)
        if domains and on_staff * 5 >= len(domains) * 4:
            return True
    return False


def subjects_of(columns: Sequence[ColumnFinding], *, staff_mail: bool = False) -> tuple[Subjects, str]:
    """Whom the table is about, and why. `staff_mail`: the rows' own addresses are district staff's."""
    live = [c for c in columns if c.has_data]
    if not any(c.role in IDENTITY_ROLES - {"teacher"} or c.subject == "guardian" for c in live) and not (
        staff_context_of(live)
    ):
        return "none", "no column names or identifies a person"
    roles = {c.role for c in live if c.subject != "staff"}
    student_named = any(c.subject == "student" and c.role in IDENTITY_ROLES for c in live)
    plain_names = any(c.role in NAME_ROLES and c.subject is None for c in live)
    plain_ids = any(c.role in ("generic_id", "person_id") and c.subject is None for c in live)
    guardians = any(c.subject == "guardian" and c.role in NAME_ROLES | {"email", "phone"} for c in live)
    staff_context = any(c.role == "staff_context" for c in live)
    # "Teacher Name" lists staff; a bare "Teacher" beside courses and marks is only whose class it is.
    staff_names = any(
        c.subject == "staff" and (c.role in NAME_ROLES or (c.role == "teacher" and staff_context)) for c in live
    )
    if student_named:
        return "students", "a student name or ID column"
    if staff_mail and (plain_names or plain_ids or staff_names):
        return "staff", "district staff addresses in the email column"
    if plain_names or plain_ids:
        if roles & STUDENT_ROLES:
            return "students", "people beside student-only columns (grade level, 504, lunch, bus...)"
        if staff_context:
            return "staff", "names beside staff columns (position, room, extension...)"
        if roles & LIKELY_STUDENT_ROLES:
            return "students", "people beside student columns (health, birth date, teacher...)"
        if guardians:
            return "students", "names beside guardian columns"
        if plain_names and roles & {"phone", "email", "address"}:
            return "families", "names with contact details and nothing about students"
        return "none", "names without any column that says whose"
    if guardians:
        return "families", "guardian names or contacts and no student"
    if staff_names:
        return "staff", "teacher or staff names and no student"
    return "none", "no column names a person"


def _pick(
    columns: Sequence[ColumnFinding], roles: frozenset[Role], subjects: tuple[object, ...]
) -> ColumnFinding | None:
    for subject in subjects:
        for c in columns:
            if c.has_data and c.role in roles and c.subject == subject:
                return c
    return None


def _values(rows: Grid, column: ColumnFinding | None) -> Sequence[Cell] | None:
    return None if column is None else rows.column(column.index)


def count_people(columns: Sequence[ColumnFinding], rows: Grid, subjects: Subjects) -> People:
    """Distinct people of the table's subject: by ID, else by name, else by SSN or email."""
    whose: tuple[object, ...] = {
        "students": ("student", None),
        "families": ("guardian", None),
        "staff": ("staff", None),
        "none": (None,),
    }[subjects]
    first = _pick(columns, frozenset({"first_name"}), whose)
    last = _pick(columns, frozenset({"last_name"}), whose)
    full = _pick(columns, frozenset({"full_name", "teacher"} if subjects == "staff" else {"full_name"}), whose)

    def names() -> Sequence[RawName] | None:
        return raw_names(_values(rows, first), _values(rows, last), _values(rows, full))

    if subjects == "students":
        ident = (
            _pick(columns, frozenset({"student_id"}), ("student", None))
            or _pick(columns, frozenset({"person_id"}), (None, "student"))
            or _pick(columns, frozenset({"generic_id"}), (None, "student"))
        )
        ids = _values(rows, ident)
        if ids is not None:
            return count_by_ids(ids, names)
    if (named := names()) is not None:
        return count_by_names(named)
    ssn = _values(rows, _pick(columns, frozenset({"ssn"}), whose))
    if ssn is not None:
        return count_by_values(ssn, "ssn")
    if subjects == "families":
        emails = _values(rows, _pick(columns, frozenset({"email"}), whose))
        if emails is not None:
            return count_by_values(emails, "email")
    return NOBODY


def _counts(column: ColumnFinding, subjects: Subjects, people: int) -> bool:
    """Does this column's kind count toward the table's data?"""
    if not column.has_data or column.kind is None:
        return False
    if not people:
        # A table that names no one may hold part of a record whose owner another table or the text
        # names (a report's "Allergy | Medication" table under its "Student | Grade" table).
        return subjects == "none" and column.kind in FRAGMENT_KINDS and column.subject != "staff"
    if subjects == "staff":
        return column.kind in STAFF_KINDS
    if column.subject == "staff":
        return False  # a teacher's phone in a class list is not a family's contact
    if column.role == "email" and column.subject == "student":
        return False  # student accounts are directory information
    if column.kind == "names":
        return column.subject in ("student", None) if subjects == "students" else True
    return True


def _samples(columns: Sequence[ColumnFinding]) -> tuple[str, ...]:
    """Masked samples: a name first (what a sender recognises), then the most sensitive kinds."""
    rank = {kind: i for i, kind in enumerate(ORDER)}
    names = [c for c in columns if c.kind == "names"][:1]
    others = sorted((c for c in columns if c.kind != "names"), key=lambda c: rank.get(c.kind or "", len(rank)))
    out: list[str] = []
    for c in names + others:
        example = c.example()
        if example is not None and c.role is not None:
            out.append(mask(c.role, example))
        if len(out) == MAX_SAMPLES:
            break
    return tuple(out)


def analyze_table(table: Table, policy: Policy) -> Evidence:
    """Evidence of whose records `table` holds. Source fields are left for the caller to fill."""
    # Thresholds apply later, to the evidence; of the policy, only the district's domains matter here.
    rows = grid_of(table)
    columns = _columns(table, rows)
    split = split_by_role(columns, rows)
    if split.subjects is not None:
        rows, subjects, why = split.rows, split.subjects, split.why
    else:
        subjects, why = subjects_of(columns, staff_mail=staff_addresses(columns, policy))
    people = count_people(columns, rows, subjects)
    counted = [c for c in columns if _counts(c, subjects, people.count)]
    reasons = [c.reason for c in columns if c.role is not None]
    reasons.append(f"about {subjects}: {why}")
    reasons.append(f"{people.count} people by {people.how}" if people.count else "no people counted")
    return Evidence(
        source="",
        source_kind="attachment",
        people=people.count,
        person_keys=people.keys,
        key_aliases=people.aliases,
        data=frozenset(c.kind for c in counted if c.kind is not None),
        columns=tuple(dict.fromkeys(c.heading for c in counted)),
        samples=_samples(counted),
        subjects=subjects,
        rows=rows.filled_rows(),
        reasons=tuple(reasons),
    )
