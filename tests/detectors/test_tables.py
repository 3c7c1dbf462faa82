"""The table analyser over vendor-shaped tables and the tables schools send every day.

Every table is built inline from invented names. A row of `CASES` says what the analyser must
conclude; `should_flag` marks tables that expose students' records, and there are at least as many
tables that must not.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pytest

from backend.detectors.base import Evidence
from backend.detectors.content.keys import person_key
from backend.detectors.content.tables import analyze_table
from backend.models import Cell, Table
from backend.policy import load_demo_policy

POLICY = load_demo_policy()

FIRST = ("Ana", "Maya", "Liam", "Noor", "Emeka", "Sofia", "Kai", "Ivy", "Mateo", "Zara", "Eli", "Nora")
LAST = ("Lopez", "Chen", "Okafor", "Novak", "Rivera", "Haddad", "Berg", "Tanaka", "Silva", "Moreau")


def first(i: int) -> str:
    return FIRST[i % len(FIRST)]


def last(i: int) -> str:
    return f"{LAST[i % len(LAST)]}{'' if i < len(LAST) else chr(97 + i // len(LAST) % 26)}"


def sid(i: int) -> int:
    return 100200 + i


def dob(i: int) -> str:
    return f"{2012 + i % 6}-{1 + i % 12:02d}-{1 + i % 28:02d}"


def phone(i: int) -> str:
    return f"555-{200 + i % 700:03d}-{1000 + i:04d}"


def street(i: int) -> str:
    return f"{10 + i} {('Oak', 'Maple', 'Cedar', 'Birch')[i % 4]} St"


def build(header: Sequence[str], row: Callable[[int], Sequence[Cell]], n: int) -> Table:
    return Table("Sheet1", tuple(header), tuple(tuple(row(i)) for i in range(n)))


def analyze(table: Table) -> Evidence:
    return analyze_table(table, POLICY)


@dataclass(frozen=True)
class Case:
    name: str
    table: Table
    subjects: str
    people: int
    data: frozenset[str]
    should_flag: bool


def case(name: str, table: Table, subjects: str, people: int, *data: str) -> Case:
    flag = subjects == "students" and people > 0 and bool(set(data) - {"names"})
    return Case(name, table, subjects, people, frozenset(data), flag)


CASES = [
    # --- vendor exports that expose students ---------------------------------------------------
    case(
        "PowerSchool roster with health and 504",
        build(
            ["Student_Number", "State_StudentNumber", "LastFirst", "Grade_Level", "DOB", "Allergies", "504",
             "Home_Phone", "Mailing_Street"],
            lambda i: [sid(i), f"{7000000000 + i}", f"{last(i)}, {first(i)}", i % 12, dob(i),
                       "Peanuts" if i % 5 == 0 else "", "Y" if i % 9 == 0 else "N", phone(i), street(i)],
            40,
        ),
        "students", 40, "student_id", "names", "birth_date", "health", "special_education", "contact", "address",
    ),
    case(
        "Infinite Campus extract",
        build(
            ["studentNumber", "stateID", "lastName", "firstName", "grade", "birthdate", "Ell_status", "FRed"],
            lambda i: [str(sid(i)), str(8000000000 + i), last(i), first(i), ("KG", "01", "02")[i % 3], dob(i),
                       "Y" if i % 4 == 0 else "N", ("F", "R", "P")[i % 3]],
            30,
        ),
        "students", 30, "student_id", "names", "birth_date", "demographics", "lunch",
    ),
    case(
        "Aeries codes",
        build(
            ["STU.ID", "STU.LN", "STU.FN", "STU.GR", "STU.BD", "STU.AD", "STU.TL"],
            lambda i: [sid(i), last(i), first(i), 3 + i % 3, dob(i), street(i), phone(i)],
            25,
        ),
        "students", 25, "student_id", "names", "birth_date", "address", "contact",
    ),
    case(
        "Skyward student file",
        build(
            ["NameID", "LastName", "FirstName", "StudentGrade", "LEPStatus", "HomelessStatus", "SPEDDisStateCode"],
            lambda i: [sid(i), last(i), first(i), 7, ("Yes", "No")[i % 2], "No", "210" if i % 6 == 0 else ""],
            20,
        ),
        "students", 20, "student_id", "names", "demographics", "special_education",
    ),
    case(
        "Synergy export",
        build(
            ["SIS_NUMBER", "LAST_NAME", "FIRST_NAME", "GRADE", "Indicator504", "FosterHome"],
            lambda i: [sid(i), last(i), first(i), "09", "Y" if i == 3 else "N", "N"],
            15,
        ),
        "students", 15, "student_id", "names", "special_education",
    ),
    case(
        "Clever students.csv",
        build(
            ["Student_id", "Student_number", "State_id", "Last_name", "First_name", "Grade", "DOB", "Race",
             "Hispanic_Latino", "Ell_status", "Frl_status", "IEP_status", "Student_email", "Contact_name",
             "Contact_phone", "Contact_email", "Contact_relationship"],
            lambda i: [f"c{9000 + i}", sid(i), 6000000000 + i, last(i), first(i), "Kindergarten", dob(i),
                       ("White", "Asian", "Black")[i % 3], "N", "N", ("F", "R", "N")[i % 3], "N",
                       f"s{i}@students.example.org", f"Pat {last(i)}", phone(i), f"pat{i}@example.com",
                       "Mother"],
            12,
        ),
        "students", 12, "student_id", "names", "birth_date", "demographics", "lunch", "contact",
    ),
    case(
        "OneRoster users with grade levels",
        build(
            ["sourcedId", "givenName", "familyName", "grades", "role"],
            lambda i: [f"u{500 + i}", first(i), last(i), "05", "student"],
            18,
        ),
        "students", 18, "names",
    ),
    case(
        "CALPADS direct certification",
        build(
            ["SSID", "Local Student ID", "Student Legal First Name", "Student Legal Last Name", "Certification Status"],
            lambda i: [4000000000 + i, sid(i), first(i), last(i), "Certified"],
            22,
        ),
        "students", 22, "student_id", "names",
    ),
    case(
        "Versatrans transport import",
        build(
            ["Student ID", "Family ID", "Last Name", "FirstName", "Grade", "School", "HomeStreetAddress", "HomeCity",
             "AM or PM", "Pickup Street Address", "Medical Alert", "504 Information",
             "Emergency Contact #1 Name", "Emergency Contact #1 Phone Number"],
            lambda i: [sid(i), 300 + i // 2, last(i), first(i), 2, "Maple Elementary", street(i), "Springfield",
                       "AM", street(i + 1), "Asthma - inhaler" if i == 2 else "", "", f"Lee {last(i)}", phone(i)],
            50,
        ),
        "students", 50, "student_id", "names", "address", "transport", "health", "contact",
    ),
    case(
        "allergy list pasted in an email",
        build(["Student", "Teacher", "Allergy"], lambda i: [f"{first(i)} {last(i)}", "Ms. Park", "Tree nuts"], 9),
        "students", 9, "names", "health",
    ),
    case(
        "table without headings: SSNs beside names",
        Table("Sheet1", (), tuple((f"{first(i)} {last(i)}", f"{100 + i}-45-{6000 + i}") for i in range(8))),
        "none", 8, "ssn",
    ),
    # --- counting people, not rows ----------------------------------------------------------------
    case(
        "same students on several rows (one per course)",
        build(["Student_Number", "LastFirst", "Course", "Final Grade"],
              lambda i: [sid(i % 7), f"{last(i % 7)}, {first(i % 7)}", f"C{i}", "B+"], 35),
        "students", 7, "student_id", "names", "grades",
    ),
    case(
        "IDs as floats and zero-padded strings are one student",
        build(["Student ID", "Allergies"],
              lambda i: [(float(sid(i % 5)), f"00{sid(i % 5)}", str(sid(i % 5)))[i % 3], "Latex"], 15),
        "students", 5, "student_id", "health",
    ),
    case(
        "combined Last, First names, duplicated",
        build(["Student Name", "Grade", "Med Alert"],
              lambda i: [f"{last(i % 4)}, {first(i % 4)}", 4, "Epi-pen"], 12),
        "students", 4, "names", "health",
    ),
    case(
        "first and last columns, duplicated, odd case and spaces",
        build(["First_Name", "Last_Name", "Grade_Level", "IEP"],
              lambda i: [first(i % 3).upper() if i % 2 else first(i % 3), f" {last(i % 3)} ", 5, "Y"], 9),
        "students", 3, "names", "special_education",
    ),
    # --- tables that must not flag -------------------------------------------------------------
    case(
        "game schedule",
        build(["Date", "Opponent", "Location", "Time"],
              lambda i: [f"2025-{9 + i % 3:02d}-{1 + i % 28:02d}", ("Central", "North")[i % 2], "Home", "7:00 PM"],
              120),
        "none", 0,
    ),
    case(
        "staff phone list",
        build(["Name", "Position", "Room", "Extension"],
              lambda i: [f"{first(i)} {last(i)}", ("Teacher", "Counselor", "Nurse")[i % 3], 100 + i, 2200 + i], 30),
        "staff", 30,
    ),
    case(
        "staff directory with emails and cell phones",
        build(["Teacher Name", "Department", "Email", "Cell"],
              lambda i: [f"{first(i)} {last(i)}", "Science", f"t{i}@district.example.org", phone(i)], 14),
        "staff", 14,
    ),
    case(
        "blank medication form",
        build(["Student Name", "Allergies", "Medication", "Dosage", "Time", "Parent Signature"],
              lambda i: ["", "", "", "", "", ""], 25),
        "none", 0,
    ),
    case(
        "medication form filled with None and N/A",
        build(["Student Name", "Allergies", "Medication"],
              lambda i: [f"{first(i)} {last(i)}", ("None", "N/A", "none")[i % 3], ("N/A", "", "NKA")[i % 3]], 6),
        "students", 6, "names",
    ),
    case(
        "504 column where nobody has a plan",
        build(["Student Name", "504"], lambda i: [f"{first(i)} {last(i)}", "N"], 10),
        "students", 10, "names",
    ),
    case(
        "budget sheet with a balance",
        build(["Account", "Description", "Budget", "Spent", "Balance"],
              lambda i: [f"10-{i:03d}", "Supplies", 5000, 1200 + i, 3800 - i], 40),
        "none", 0,
    ),
    case(
        "course catalog where Grade is a grade level",
        build(["Course Number", "Course Name", "Grade", "Credits"],
              lambda i: [f"MA{100 + i}", "Algebra", ("9-12", "10", "11-12")[i % 3], 1.0], 30),
        "none", 0,
    ),
    case(
        "inventory with ID asset tags",
        build(["ID", "Item", "Location", "Purchase Date", "Cost"],
              lambda i: [f"CHR-{i:05d}", "Chromebook", "Library", "2023-08-15", 249.0], 60),
        "none", 0,
    ),
    case(
        "sign-up sheet of parent volunteers",
        build(["Parent Name", "Email", "Phone", "Shift"],
              lambda i: [f"{first(i)} {last(i)}", f"p{i}@example.com", phone(i), ("AM", "PM")[i % 2]], 16),
        "families", 16, "names", "contact",
    ),
    case(
        "parent names and emails only",
        build(["Guardian", "Guardian Email"], lambda i: [f"{first(i)} {last(i)}", f"g{i}@example.com"], 11),
        "families", 11, "names", "contact",
    ),
    case(
        "class list of names only",
        build(["Student Name"], lambda i: [f"{first(i)} {last(i)}"], 24),
        "students", 24, "names",
    ),
    case(
        "class list with grade levels and homerooms",
        build(["LastFirst", "Grade_Level", "Homeroom"], lambda i: [f"{last(i)}, {first(i)}", 3, "Room 12"], 26),
        "students", 26, "names",
    ),
    case(
        "bus schedule without students",
        build(["Bus Route", "AM Stop", "Time"], lambda i: [f"Route {i % 9}", f"Oak & {i}th", "7:1{i % 10}"], 45),
        "none", 0,
    ),
    case(
        "room booking sheet with teacher names",
        build(["Teacher", "Room", "Date", "Period"],
              lambda i: [f"Ms. {last(i % 5)}", 100 + i % 9, "2025-10-02", 1 + i % 7], 20),
        "staff", 5,
    ),
    case(
        "report card's course table: teachers beside marks are not people",
        build(["Course", "Teacher", "Q1", "Q2", "Comment"],
              lambda i: [f"Course {i}", f"Mr. {last(i)}", "B", "A-", "Steady work"], 7),
        "none", 0,
    ),
    case(
        "allergy plan's second table names no one but holds health data for the document",
        build(["Allergy", "Severity", "Medication", "Where kept"],
              lambda i: ["Peanuts", "Severe", "Epi-pen", "Office"], 1),
        "none", 0, "health",
    ),
    case(
        "field-trip groups: a bus number is not where a child lives",
        build(["Student", "Chaperone", "Bus"], lambda i: [f"{first(i)} {last(i)}", "Mr. Hale", 1 + i % 2], 20),
        "students", 20, "names",
    ),
    case(
        "transport export: AM and PM stops are",
        build(["Stu_ID", "Last Name", "First Name", "AM Stop", "PM Stop", "Route"],
              lambda i: [100 + i, last(i), first(i), f"Oak & {i}th", f"Elm & {i}th", f"R{i % 4}"], 30),
        "students", 30, "names", "student_id", "transport",
    ),
    case(
        "meeting attendance without any person column",
        build(["Meeting", "Date", "Attendees"], lambda i: [f"PLC {i}", "2025-10-02", 6], 10),
        "none", 0,
    ),
]


@pytest.mark.parametrize("c", CASES, ids=[c.name for c in CASES])
def test_table(c: Case) -> None:
    ev = analyze(c.table)
    assert (ev.subjects, ev.people, ev.data) == (c.subjects, c.people, c.data), ev.reasons
    assert ev.people == len(ev.person_keys)
    assert len(ev.samples) <= 3


def test_cases_hold_as_many_negatives_as_positives() -> None:
    positives = sum(c.should_flag for c in CASES)
    assert positives >= 8
    assert len(CASES) - positives >= positives


def test_student_data_kinds_never_come_from_staff_tables() -> None:
    for c in CASES:
        ev = analyze(c.table)
        if ev.subjects == "staff":
            assert ev.data <= {"ssn"}


# --- what leaves the analyser --------------------------------------------------------------------

SECRET_TABLE = build(
    ["Student_Number", "LastFirst", "DOB", "SSN", "Allergies", "Guardian Cell", "Mailing_Street"],
    lambda i: [sid(i), f"{last(i)}, {first(i)}", dob(i), f"{200 + i}-45-{6100 + i}", "Bee stings", phone(i), street(i)],
    12,
)


def test_no_value_leaves_except_masked_samples() -> None:
    ev = analyze(SECRET_TABLE)
    raw = {str(cell) for row in SECRET_TABLE.rows for cell in row}
    raw |= {part for row in SECRET_TABLE.rows for cell in row for part in str(cell).replace(",", " ").split()
            if len(part) > 3}
    visible = " ".join((*ev.reasons, *ev.columns, *ev.samples))
    leaked = {r for r in raw if r in visible and r not in SECRET_TABLE.header}
    assert not leaked
    assert ev.samples[0] == "L***, A***"
    assert any(s.endswith("6100") and s.startswith("***-**-") for s in ev.samples)


def test_columns_are_headings_that_showed_data() -> None:
    ev = analyze(SECRET_TABLE)
    assert set(ev.columns) <= set(SECRET_TABLE.header)
    assert "SSN" in ev.columns and "Allergies" in ev.columns


def test_reasons_say_which_heading_matched() -> None:
    ev = analyze(SECRET_TABLE)
    assert any("'Allergies'" in r and "health" in r for r in ev.reasons)
    assert any("distinct student IDs" in r for r in ev.reasons)


def test_keys_match_the_text_analysers_convention() -> None:
    ev = analyze(build(["First Name", "Last Name", "Allergies"], lambda i: ["Maya", "Chen", "Peanuts"], 3))
    assert ev.person_keys == {person_key("Maya", "Chen")}
    ev = analyze(build(["Student ID", "Allergies"], lambda i: ["012345", "Peanuts"], 1))
    assert ev.person_keys == {person_key("id:12345")}


def test_two_students_with_one_name_are_two_people() -> None:
    ev = analyze(build(["Student ID", "First Name", "Last Name", "504"], lambda i: [sid(i), "Maya", "Chen", "Y"], 2))
    assert ev.people == 2


def test_a_flag_beyond_the_sample_is_found() -> None:
    ev = analyze(build(["Student_Number", "504"], lambda i: [sid(i), "Y" if i == 4321 else "N"], 6000))
    assert "special_education" in ev.data and ev.people == 6000


def test_a_large_table_with_ids_and_names_counts_every_student() -> None:
    ev = analyze(build(["Student ID", "First Name", "Last Name", "IEP"],
                       lambda i: [sid(i % 7000), first(i), f"X{i % 7000}", "Y"], 9000))
    assert ev.people == len(ev.person_keys) == 7000


def test_yes_no_flags_make_no_samples() -> None:
    ev = analyze(build(["Student_Number", "504"], lambda i: [sid(i), "Y"], 3))
    assert all("Y" not in s for s in ev.samples)


def test_sparse_health_notes_in_a_long_table_are_found() -> None:
    ev = analyze(build(["Student_Number", "Allergies"], lambda i: [sid(i), "Peanuts" if i % 997 == 5 else None], 5000))
    assert "health" in ev.data


def test_ragged_rows_and_empty_tables() -> None:
    ragged = Table("t", ("Student ID", "Last Name", "Allergies"), ((sid(1), "Chen"), (sid(2), "Lopez", "Dust", "x")))
    assert analyze(ragged).people == 2
    assert analyze(Table("t", (), ())).people == 0
    assert analyze(Table("t", ("Student ID",), ())).subjects == "none"


def test_rows_count_data_rows() -> None:
    table = Table("t", ("Student Name",), (("Ana Lopez",), (None,), ("",), ("Maya Chen",)))
    assert analyze(table).rows == 2


def test_whole_number_float_ids_are_spelled_as_one_at_a_time() -> None:
    """The array spelling of a big column of float IDs is `canonical_id`'s, sign, zero and size alike;
    a column with anything else in it is spelled one value at a time."""
    import random

    from backend.detectors.content.table_people import canonical_id, canonical_ids

    rng = random.Random(5)
    floats: set[object] = {float(rng.randint(-10**9, 10**15)) for _ in range(3000)} | {-0.0, 2.0**52}
    assert canonical_ids(floats) == set(map(canonical_id, floats))  # type: ignore[arg-type]
    for odd in (1.5, float("nan"), float("inf"), 2.0**60, "00123", 77):
        mixed = floats | {odd}
        assert canonical_ids(mixed) == set(map(canonical_id, mixed))  # type: ignore[arg-type]
