"""Blank forms name health words but no student; lists of district staff are not students."""

from __future__ import annotations

import pytest

from backend.detectors.content import analyze
from backend.detectors.content.tables import analyze_table
from backend.models import Document, Table
from tests.detectors.helpers import POLICY, STAFF

FORM_LINES = (
    "Student Name: ______________________   Date of Birth: ____________   Grade: _____",
    "Medication: ______________________   Dosage: ________   Time to be given: ________",
    "Diagnosis / condition: ______________________________",
    "Allergies: ______________________________",
    "Physician name: ______________________   Physician phone: ________________",
    "Parent/Guardian signature: ______________________   Date: __________",
)
FILLED_LINES = (
    "Student Name: Maya Chen   Date of Birth: 03/14/2014   Grade: 4",
    "Medication: Albuterol inhaler   Dosage: 2 puffs   Time to be given: before recess",
    "Diagnosis / condition: asthma",
    "Allergies: peanuts",
)


def _form(title: str, lines: tuple[str, ...] = FORM_LINES) -> str:
    return "\n".join((title, *lines))


FORMS = [
    # (description, text, holds one student's medical information)
    ("a district's form titled with USD", _form("Maple Valley USD - Authorization for Medication at School"), False),
    ("titled with ISD", _form("Cedar Falls ISD Medication Authorization"), False),
    ("titled with Unified", _form("Riverside Unified School District: Medication at School"), False),
    ("titled with a school", _form("Lincoln Elementary School - Medication Authorization Form"), False),
    ("labels with colons only", _form("Authorization for Medication", tuple(
        line.split(":")[0] + ":" for line in FORM_LINES)), False),
    ("the form in a letter", "Dear families,\n\nPlease complete the Maple Valley USD medication form below.\n\n"
     + _form("Medication Authorization"), False),
    ("the filled-in form", _form("Maple Valley USD - Authorization for Medication at School", FILLED_LINES), True),
    ("a nurse's note naming the student",
     "Maya Chen in Room 12 takes an albuterol inhaler before recess for her asthma.", True),
    ("a filled form under a school title", _form("Lincoln Elementary School - Medication Form", FILLED_LINES), True),
]


@pytest.mark.parametrize(("description", "text", "flag"), FORMS, ids=[f[0] for f in FORMS])
def test_blank_forms_name_no_student(description: str, text: str, flag: bool) -> None:
    evidence = analyze(Document(name="form.docx", source="attachment", text=text), POLICY)
    assert ("health" in evidence.data and evidence.people == 1) is flag, evidence.reasons


FIRST = ("Maria", "Ben", "Jae", "Lucia", "Minh", "Owen", "Ruth", "Anton", "Gwen", "Ines")
LAST = ("Okafor", "Lindgren", "Yoon", "Ferreira", "Bui", "Brandt", "Moreau", "Sorensen", "Haugen", "Castellano")
ROLES = ("Teacher", "Paraeducator", "Custodian", "Bus Driver", "Counselor", "Nurse")


def _people(domain: str, count: int = 60) -> list[tuple[str, str, str, str]]:
    out = []
    for i in range(count):
        first, last = FIRST[i % 10], LAST[(i // 10 + i) % 10] + ("s" * (i // 50))
        out.append((first, last, f"{first[0]}{last}@{domain}".lower(), ROLES[i % len(ROLES)]))
    return out


def _table(header: tuple[str, ...], domain: str, extra: tuple[str, ...] = ()) -> Table:
    rows = [(*p, *extra) for p in _people(domain)]
    return Table("Sheet1", header + tuple(f"Extra {i}" for i in range(len(extra)))[: len(rows[0])], tuple(rows))


TABLES = [
    # (description, table, about students)
    ("new staff with district emails and roles",
     _table(("First Name", "Last Name", "Email", "Role"), STAFF), False),
    ("new staff, 'District Email' and 'Job Title'",
     _table(("First Name", "Last Name", "District Email", "Job Title"), STAFF), False),
    ("staff of a school on a district subdomain",
     _table(("First Name", "Last Name", "Email", "Position"), f"lincoln.{STAFF}"), False),
    ("students with their student-domain emails",
     _table(("First Name", "Last Name", "Email", "Homeroom"), f"students.{STAFF}"), True),
    ("students with a grade level and student emails",
     Table("s", ("Student Name", "Grade", "Email"),
           tuple((f"{f} {la}", 4, f"{f}.{la}@students.{STAFF}") for f, la, *_ in _people(STAFF))), True),
    ("a student roster with the teacher's district email",
     Table("s", ("Student First Name", "Student Last Name", "Teacher Email"),
           tuple((f, la, f"mokafor@{STAFF}") for f, la, *_ in _people(STAFF))), True),
]


@pytest.mark.parametrize(("description", "table", "students"), TABLES, ids=[t[0] for t in TABLES])
def test_district_staff_addresses_say_staff(description: str, table: Table, students: bool) -> None:
    evidence = analyze_table(table, POLICY)
    assert (evidence.subjects == "students") is students, evidence.reasons
    if not students:
        assert evidence.subjects == "staff" and evidence.data == frozenset()


def test_tables_have_at_least_as_many_should_not_rows() -> None:
    assert sum(not f for *_, f in FORMS) >= sum(f for *_, f in FORMS)
    assert sum(not s for *_, s in TABLES) >= sum(s for *_, s in TABLES)
