"""The standards' vocabulary: headings, descriptor values and role columns, as should/should-not tables."""

from __future__ import annotations

import pytest

from backend.detectors.content.column_headings import classify_heading
from backend.detectors.content.table_columns import kind_by_values
from backend.detectors.content.tables import analyze_table
from backend.models import Cell, Table
from backend.policy import load_demo_policy

POLICY = load_demo_policy()

HEADINGS_THAT_NAME = [
    ("password", "credentials"),
    ("Password", "credentials"),
    ("initialPassword", "credentials"),
    ("Do Not Release To", "custody"),
    ("Custody Notes", "custody"),
    ("Restraining Order", "custody"),
    ("ImmunizationType", "health"),
    ("SchoolFoodServiceProgramService", "lunch"),
    ("americanIndianOrAlaskaNative", "demographics"),
    ("hispanicOrLatinoEthnicity", "demographics"),
    ("StudentUniqueId", "student_id"),
    ("metadata.stateId", "student_id"),
]
HEADINGS_THAT_DO_NOT = [
    "Password Last Changed",
    "passwordResetRequired",
    "White Board",
    "cityOfBirth",
    "BirthCity",
    "Race Time",
    "Custodian",
    "Night Custodian Shift",
    "Bus Number",
    "Program Start Date",
    "School Food Service Manager",
    "Role",
]


@pytest.mark.parametrize(("heading", "kind"), HEADINGS_THAT_NAME)
def test_heading_names_kind(heading: str, kind: str) -> None:
    match = classify_heading(heading)
    assert match is not None and match.rule.kind == kind


@pytest.mark.parametrize("heading", HEADINGS_THAT_DO_NOT)
def test_heading_names_no_kind(heading: str) -> None:
    match = classify_heading(heading)
    assert match is None or match.rule.kind is None, match


def test_vocabulary_tables_are_balanced() -> None:
    assert len(HEADINGS_THAT_DO_NOT) >= len(HEADINGS_THAT_NAME)
    assert len(VALUES_THAT_DO_NOT) >= len(VALUES_THAT_NAME)
    assert len(ROLE_NOT_STUDENTS) >= len(ROLE_STUDENTS)


VALUES_THAT_NAME = [
    (["Section 504 Placement"] * 3, "special_education"),
    (["Free Lunch", "Reduced Price Lunch", "Full Price Lunch"], "lunch"),
    (["Homeless", "Migrant Education", "Gifted and Talented"], "demographics"),
    (["MMR", "DTaP", "Varicella"], "health"),
    (["Eligible - Disability", "Eligible - Distance", "Eligible - Distance"], "special_education"),
    (["In-School Suspension", "Detention"], "discipline"),
    (["Court order on file", "", "Do not release to father"], "custody"),
]
VALUES_THAT_DO_NOT = [
    ["Gifted and Talented", "Title I Part A"],
    ["Full Price Lunch"] * 5,
    ["Eligible - Distance"] * 4,
    ["Free", "Paid", "Free"],
    ["Reduced", "Full", "Reduced"],
    ["Lead", "Chorus", "Narrator"],
    ["Instructional day", "Holiday"],
    ["101", "504", "210", "318"],
    ["Limited", "Open", "Limited"],
]


@pytest.mark.parametrize(("values", "kind"), VALUES_THAT_NAME)
def test_values_name_kind(values: list[str], kind: str) -> None:
    found = kind_by_values(values)
    assert found is not None and found[0] == kind


@pytest.mark.parametrize("values", VALUES_THAT_DO_NOT)
def test_values_name_no_kind(values: list[str]) -> None:
    assert kind_by_values(values) is None


FIRST = ("Ava", "Liam", "Maya", "Noah", "Zoe", "Owen", "Ines", "Theo")
LAST = ("Okafor", "Novak", "Chen", "Reyes", "Lindqvist", "Marsh", "Bui", "Moreau")


def people_table(roles: list[str], *, grade: bool = False) -> Table:
    header = ("sourcedId", "givenName", "familyName", "role") + (("grades",) if grade else ())
    rows: list[tuple[Cell, ...]] = []
    for i, role in enumerate(roles):
        row: tuple[Cell, ...] = (f"{1000 + i}", FIRST[i % 8], f"{LAST[i // 8 % 8]}{'' if i < 64 else i}", role)
        rows.append(row + (("05",) if grade else ()))
    return Table("users", header, tuple(rows))


# (roles, students counted): the role column keeps the student rows.
ROLE_STUDENTS = [
    (["student"] * 20 + ["teacher"] * 5 + ["administrator"] * 2, 20),
    (["Student"] * 3 + ["guardian"] * 6, 3),
    (["student"] * 12, 12),
]
# (roles, whom the table is about): no student among the roles.
ROLE_NOT_STUDENTS = [
    (["teacher"] * 10 + ["aide"] * 4, "staff"),
    (["districtAdministrator", "principal", "counselor", "teacher"] * 3, "staff"),
    (["parent"] * 8 + ["guardian"] * 4, "families"),
    (["Teacher"] * 6 + ["Other"] * 2, "staff"),
]


@pytest.mark.parametrize(("roles", "students"), ROLE_STUDENTS)
def test_role_column_counts_students_only(roles: list[str], students: int) -> None:
    evidence = analyze_table(people_table(roles), POLICY)
    assert (evidence.subjects, evidence.people) == ("students", students)


@pytest.mark.parametrize(("roles", "subjects"), ROLE_NOT_STUDENTS)
def test_role_column_without_students_is_not_about_students(roles: list[str], subjects: str) -> None:
    assert analyze_table(people_table(roles), POLICY).subjects == subjects


def test_a_role_column_that_is_not_about_people_decides_nothing() -> None:
    cast = people_table(["Lead", "Chorus", "Narrator", "Chorus"] * 3, grade=True)  # a class play's cast list
    evidence = analyze_table(cast, POLICY)
    assert (evidence.subjects, evidence.people) == ("students", 12)
