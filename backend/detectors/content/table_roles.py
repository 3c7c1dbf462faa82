"""Whose row it is, when a column says so: OneRoster's and School Data Sync's `role`, a user or person type.

A roster bundle's users.csv lists students, teachers, parents and administrators together: counting
every row says "1,240 students" of a file that holds 1,000 students and 240 adults. When a column's
values are person roles, its student rows are the table's students and the others are left out; a
table with roles but no student among them is about staff or families, never "students". A column
whose values are not person roles (a play's cast list: "Lead", "Chorus") decides nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from backend.detectors.base import Subjects
from backend.detectors.content.column_values import text_of
from backend.detectors.content.table_columns import ColumnFinding
from backend.models import Grid

STUDENT: Final[frozenset[str]] = frozenset({"student", "students", "learner", "pupil", "stu"})
GUARDIAN: Final[frozenset[str]] = frozenset(
    {"parent", "guardian", "relative", "mother", "father", "family", "contact", "emergency contact", "agent"}
)
# Staff roles of OneRoster 1.1/1.2, School Data Sync v1/v2.1 and common SIS person types.
STAFF: Final[frozenset[str]] = frozenset(
    {
        "teacher", "administrator", "aide", "proctor", "staff", "principal", "counselor", "districtadministrator",
        "siteadministrator", "systemadministrator", "sysadmin", "itadmin", "officestaff", "faculty", "instructor",
        "substitute", "coach", "nurse", "advisor", "paraprofessional", "teacherassistant", "assistant", "chair",
        "professor", "lecturer", "specialservices", "occupationaltherapist", "physicaltherapist", "speechtherapist",
        "visiontherapist", "employee", "doctor", "volunteer", "other", "researcher", "adjunct", "affiliate",
    }
)
KNOWN_SHARE: Final = 0.8  # of a column's values that must be person roles for it to decide


@dataclass(frozen=True)
class RoleSplit:
    """The rows that are the table's subjects, and who they are (None: the column decides nothing)."""

    rows: Grid
    subjects: Subjects | None
    why: str = ""


def _role(value: str) -> str:
    return value.strip().lower().replace(" ", "").replace("_", "").replace("-", "")


def split_by_role(columns: Sequence[ColumnFinding], rows: Grid) -> RoleSplit:
    column = next((c for c in columns if c.role == "person_role" and c.has_data), None)
    if column is None:
        return RoleSplit(rows, None)
    sampled = [_role(t) for t in column.texts if t.strip()]
    known = [r for r in sampled if r in STUDENT or r in GUARDIAN or r in STAFF]
    if not sampled or len(known) < KNOWN_SHARE * len(sampled):
        return RoleSplit(rows, None)
    roles = [_role(text_of(v)) for v in rows.column(column.index)]
    keep = [role in STUDENT for role in roles]
    if any(keep):
        students = rows.where(keep)
        why = f"a role column: {students.height} of {rows.height} rows are students"
        return RoleSplit(students, "students", why)
    if all(r in GUARDIAN for r in roles if r):
        return RoleSplit(rows, "families", "a role column: parents and guardians, no student")
    return RoleSplit(rows, "staff", "a role column: staff, no student")
