"""Column headings as real exports spell them, and the value shapes that confirm them."""

from __future__ import annotations

import pytest

from backend.datakinds import NO
from backend.detectors.content.column_headings import classify_heading, correct_typo, normalise
from backend.detectors.content.column_values import (
    check,
    date_year,
    grade_meaning,
    guess,
    is_address,
    is_phone,
    is_ssn,
)
from backend.detectors.content.columns import RULES
from backend.detectors.content.keys import person_key
from backend.detectors.content.table_keys import id_keys, name_key, name_keys, tagged_key
from backend.detectors.content.table_masking import mask


def role(heading: str) -> str | None:
    match = classify_heading(heading)
    return match.rule.role if match else None


# (vendor, heading, role) as the exports write them.
VENDOR_HEADINGS = [
    # PowerSchool
    ("PowerSchool", "Student_Number", "student_id"),
    ("PowerSchool", "State_StudentNumber", "student_id"),
    ("PowerSchool", "[01]State_StudentNumber", "student_id"),
    ("PowerSchool", "LastFirst", "full_name"),
    ("PowerSchool", "First_Name", "first_name"),
    ("PowerSchool", "Last_Name", "last_name"),
    ("PowerSchool", "Grade_Level", "grade_level"),
    ("PowerSchool", "DOB", "birth_date"),
    ("PowerSchool", "Home_Phone", "phone"),
    ("PowerSchool", "Mailing_Street", "address"),
    ("PowerSchool", "Alert_Medical", "health"),
    ("PowerSchool", "allergies_epi_pen", "health"),
    ("PowerSchool", "immunizaton_dpt", "health"),
    ("PowerSchool", "LunchStatus", "lunch"),
    ("PowerSchool", "Balance3", "fees"),
    ("PowerSchool", "bus_route", "bus_route"),
    ("PowerSchool", "mother_cell", "phone"),
    ("PowerSchool", "emerg_phone_1", "phone"),
    ("PowerSchool", "pid_504_tf", "special_education"),
    ("PowerSchool", "Discipline_IncidentType", "discipline"),
    ("PowerSchool", "homeless_code", "demographics"),
    ("PowerSchool", "CA_ELAStatus", "demographics"),
    ("PowerSchool", "gaurdian_LN", "last_name"),
    ("PowerSchool", "pref_frist_name", "first_name"),
    ("PowerSchool", "01 Student ID", "student_id"),
    # Infinite Campus
    ("Infinite Campus", "studentNumber", "student_id"),
    ("Infinite Campus", "stateID", "student_id"),
    ("Infinite Campus", "lastName", "last_name"),
    ("Infinite Campus", "birthdate", "birth_date"),
    ("Infinite Campus", "specialEdStatus", "special_education"),
    ("Infinite Campus", "FRed", "lunch"),
    ("Infinite Campus", "Guardian 1 Name", "full_name"),
    ("Infinite Campus", "Household Phone", "phone"),
    ("Infinite Campus", "GrdLvl", "grade_level"),
    # Aeries
    ("Aeries", "STU.ID", "student_id"),
    ("Aeries", "STU.LN", "last_name"),
    ("Aeries", "STU.FN", "first_name"),
    ("Aeries", "STU.BD", "birth_date"),
    ("Aeries", "STU.TL", "phone"),
    ("Aeries", "STU.CID", "student_id"),
    # Skyward
    ("Skyward", "NameID", "student_id"),
    ("Skyward", "LEPStatus", "demographics"),
    ("Skyward", "LunchCodeType", "lunch"),
    ("Skyward", "HomelessStatus", "demographics"),
    ("Skyward", "SPEDDisStateCode", "special_education"),
    # Synergy
    ("Synergy", "SIS_NUMBER", "student_id"),
    ("Synergy", "FosterHome", "demographics"),
    ("Synergy", "Indicator504", "special_education"),
    # Clever
    ("Clever", "Student_id", "student_id"),
    ("Clever", "State_id", "student_id"),
    ("Clever", "Frl_status", "lunch"),
    ("Clever", "IEP_status", "special_education"),
    ("Clever", "Ell_status", "demographics"),
    ("Clever", "Hispanic_Latino", "demographics"),
    ("Clever", "Contact_phone", "phone"),
    ("Clever", "Contact_email", "email"),
    ("Clever", "Contact_name", "full_name"),
    ("Clever", "Contact_relationship", "relationship"),
    # OneRoster
    ("OneRoster", "givenName", "first_name"),
    ("OneRoster", "familyName", "last_name"),
    ("OneRoster", "birthDate", "birth_date"),
    ("OneRoster", "sourcedId", "generic_id"),
    # CALPADS and state files
    ("CALPADS", "SSID", "student_id"),
    ("CALPADS", "StudentLegalFirstName", "first_name"),
    ("CALPADS", "Guardian1FirstName", "first_name"),
    ("CALPADS", "PrimaryDisabilityCode", "special_education"),
    ("CALPADS", "AddressLine1", "address"),
    ("Massachusetts", "SASID", "student_id"),
    ("Missouri", "MOSIS ID", "student_id"),
    ("Texas", "TX-UNIQUE-STUDENT-ID", "student_id"),
    ("Texas", "ECONOMIC-DISADVANTAGE-CODE", "lunch"),
    ("Louisiana", "LA_Homeless", "demographics"),
    # Versatrans transport import
    ("Versatrans", "Student ID", "student_id"),
    ("Versatrans", "HomeStreetAddress", "address"),
    ("Versatrans", "AM or PM", "bus_route"),
    ("Versatrans", "Pickup Street Address", "transport"),
    ("Versatrans", "Medical Alert", "health"),
    ("Versatrans", "504 Information", "special_education"),
    ("Versatrans", "Emergency Contact #1 Phone Number", "phone"),
    # Hand-made sheets
    ("sheet", "Med Alert", "health"),
    ("sheet", "F/R Lunch", "lunch"),
    ("sheet", "FRL", "lunch"),
    ("sheet", "Fees Paid", "fees"),
    ("sheet", "AM Stop", "transport"),
    ("sheet", "Guardian Cell", "phone"),
    ("sheet", "GPA", "grades"),
    ("sheet", "Score", "grades"),
    ("sheet", "Incident", "discipline"),
    ("sheet", "SpEd", "special_education"),
    ("sheet", "Stu_ID", "student_id"),
    ("sheet", "Alergies", "health"),
    ("sheet", "Student", "full_name"),
    ("sheet", "Child's Name", "full_name"),
]


@pytest.mark.parametrize(("vendor", "heading", "expected"), VENDOR_HEADINGS)
def test_vendor_heading_classifies(vendor: str, heading: str, expected: str) -> None:
    assert role(heading) == expected, f"{vendor} {heading}"


# Headings that must not be read as sensitive student data (role None or a context role).
NOT_SENSITIVE = [
    ("Grade_Level", "grade_level"),  # a level, not a mark
    ("Next Grade", "grade_level"),
    ("Graduation_year", "grade_level"),
    ("Grade", "grade"),  # decided by its values
    ("Opponent", None),
    ("Location", None),
    ("Date", "date"),
    ("Time", "date"),
    ("Asset ID", None),
    ("Serial Number", None),
    ("Course Name", None),
    ("Course Number", None),
    ("Credits", None),
    ("Account", None),
    ("Description", None),
    ("Budget", None),
    ("Item", None),
    ("Position", "staff_context"),
    ("Room", "staff_context"),
    ("Extension", "staff_context"),
    ("Employee ID", "staff_context"),
    ("TeacherNumber", "staff_context"),
    ("Teacher", "teacher"),
    ("Homeroom Teacher", "homeroom"),
    ("School", "school"),
    ("City", "address_part"),
    ("Zip", "address_part"),
    ("Gender", "gender"),
    ("Parent Signature", None),
    ("Special Instructions", None),
    ("Birth Country", None),
    ("IP Address", None),
    ("Weather Conditions", None),
    ("Family ID", "generic_id"),
    ("ID", "generic_id"),
    ("", None),
    ("12", None),
]


@pytest.mark.parametrize(("heading", "expected"), NOT_SENSITIVE)
def test_heading_is_not_sensitive(heading: str, expected: str | None) -> None:
    match = classify_heading(heading)
    assert (match.rule.role if match else None) == expected
    assert match is None or match.rule.kind in (None, "names")


@pytest.mark.parametrize(
    ("heading", "subject"),
    [
        ("Guardian1FirstName", "guardian"),
        ("mother_cell", "guardian"),
        ("Emergency Contact #1 Name", "guardian"),
        ("Teacher Name", "staff"),
        ("StudentFirstName", "student"),
        ("Stu_ID", "student"),
        ("First_Name", None),
        ("Contact_email", "guardian"),
    ],
)
def test_heading_subject(heading: str, subject: str | None) -> None:
    match = classify_heading(heading)
    assert match is not None and match.subject == subject


@pytest.mark.parametrize(
    ("heading", "words", "flag"),
    [
        ("[01]State_StudentNumber", "state student number", False),
        ("01 Student ID", "student id", False),
        ("10. Allergies", "allergies", False),
        ("504 Information", "504 information", False),  # a number that is the heading, not a prefix
        ("pid_504_tf", "pid 504", True),
        ("is_homeless", "homeless", True),
        ("STU.BD", "student birth date", False),
        ("E-Mail", "email", False),
        ("Guardian1FirstName", "guardian 1 first name", False),
        ("Teléfono", "telefono", False),
    ],
)
def test_normalise(heading: str, words: str, flag: bool) -> None:
    assert normalise(heading) == (words, flag)


@pytest.mark.parametrize(
    ("typo", "word"),
    [("gaurdian", "guardian"), ("frist", "first"), ("alergies", "allergies"), ("medicaton", "medication"),
     ("opponent", "opponent"), ("location", "location"), ("shift", "shift")],
)
def test_typos_are_corrected_only_when_close(typo: str, word: str) -> None:
    assert correct_typo(typo) == word


def test_every_rule_explains_itself() -> None:
    assert all(rule.why for rule in RULES)


# --- value shapes --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("shape", "values", "ok"),
    [
        ("id", ["100234", "100235", "S-20931"], True),
        ("id", ["Ana Lopez", "Bo Chen", "Kai Berg"], False),
        ("id", ["12"] * 25, False),  # a code on every row, not IDs
        ("ssn", ["123-45-6789", "234-56-7890"], True),
        ("ssn", ["REMOVED FOR PRIVACY", ""], False),
        ("date", ["2014-03-09", "3/9/2014", "20140309"], True),
        ("date", ["Central", "North"], False),
        ("phone", ["(555) 201-3344", "555.201.3345", "5552013346"], True),
        ("address", ["12 Oak St", "400 N. Maple Avenue Apt 3", "PO Box 77"], True),
        ("address", ["Springfield", "Shelbyville", "Ogdenville"], False),
        ("name", ["Lopez, Ana", "Chen, Maya"], True),
        ("name", ["2024-09-01", "123"], False),
    ],
)
def test_value_shapes(shape: str, values: list[str], ok: bool) -> None:
    assert check(shape, values).ok is ok  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("values", "ok"),
    [
        (["Peanuts", "", "None"], True),
        (["Y", "N", "N"], True),
        (["", "", ""], False),  # a blank form
        (["None", "N/A", "none", "NKA"], False),  # placeholders hold nothing
        (["N", "N", "No", "0"], False),  # a 504 column where nobody has a plan
    ],
)
def test_flags_and_text_carry_data_only_when_something_is_there(values: list[str], ok: bool) -> None:
    assert check("flag_or_text", values, NO).ok is ok


@pytest.mark.parametrize(
    ("values", "meaning"),
    [
        (["K", "1", "2", "10", "PK"], "grade_level"),
        (["9-12", "10-12", "9"], "grade_level"),
        (["A-", "B+", "C", "A"], "grades"),
        (["93", "87.5", "71"], "grades"),
        (["Algebra", "Biology"], None),
    ],
)
def test_grade_means_level_or_mark_by_values(values: list[str], meaning: str | None) -> None:
    assert grade_meaning(values) == meaning


@pytest.mark.parametrize(
    ("values", "student_context", "expected"),
    [
        (["123-45-6789", "234-56-7890", "345-67-8901"], False, "ssn"),
        (["a@example.org", "b@example.org", "c@example.org"], False, "email"),
        (["(555) 201-3344", "555-201-3345", "555-201-3346"], False, "phone"),
        (["2014-03-09", "2013-11-30", "2015-06-01"], True, "birth_date"),
        (["2014-03-09", "2013-11-30", "2015-06-01"], False, None),  # dates alone are not births
        (["2025-09-05", "2025-09-12", "2025-09-19"], True, None),  # a schedule's dates
        (["5552013344", "5552013345", "5552013346"], False, None),  # bare digits may be IDs
        (["100234", "100235", "100236"], False, None),
        (["Central", "North", "West"], False, None),
    ],
)
def test_unknown_headings_are_guessed_conservatively(
    values: list[str], student_context: bool, expected: str | None
) -> None:
    found = guess(values, student_context=student_context)
    assert (found[0] if found else None) == expected


@pytest.mark.parametrize(
    ("text", "ok"),
    [("123-45-6789", True), ("123456789", True), ("000-12-3456", False), ("666-12-3456", False),
     ("123-00-4567", False), ("12-345-6789", False)],
)
def test_ssn_validation(text: str, ok: bool) -> None:
    assert is_ssn(text) is ok


@pytest.mark.parametrize(
    ("text", "ok"), [("555-201-3344", True), ("(555)201-3344 x12", True), ("2231", False), ("12345", False)]
)
def test_phone_shape(text: str, ok: bool) -> None:
    assert is_phone(text) is ok


@pytest.mark.parametrize(("text", "ok"), [("12 Oak St", True), ("Room 101", False), ("Gym", False)])
def test_address_shape(text: str, ok: bool) -> None:
    assert is_address(text) is ok


@pytest.mark.parametrize(
    ("text", "year"),
    [("2014-03-09", 2014), ("2014-03-09T00:00:00", 2014), ("03/09/2014", 2014), ("03092014", 2014),
     ("20140309", 2014), ("March 9, 2014", 2014), ("13/45/2014", None), ("Room 12", None)],
)
def test_date_year(text: str, year: int | None) -> None:
    assert date_year(text) == year


# --- keys and masks ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "last"),
    [("Ana", "Lopez"), ("ANA ", " lopez"), ("Ana Maria", "De La Cruz"), ("José", "Núñez"), ("", "Chen"),
     ("Maya", ""), ("O'Neil", "Smith-Jones")],
)
def test_fast_name_keys_equal_person_key(first: str, last: str) -> None:
    assert name_key(first, last) == person_key(first, last)


def test_batch_keys_equal_person_key() -> None:
    names = [("Ana", "Lopez"), ("ANA ", " lopez"), ("Ana Maria", "De La Cruz"), ("José", "Núñez"), ("", "Chen"),
             ("Maya", ""), ("O'Neil", "Smith-Jones"), ("Kai", "Berg, Jr")]
    assert name_keys(names) == {person_key(f, la) for f, la in names}
    assert id_keys(["12345", "ab12", "é7"]) == {person_key(f"id:{i}") for i in ("12345", "ab12", "é7")}


@pytest.mark.parametrize(("tag", "value"), [("id", "12345"), ("id", "ab12"), ("id", "AB 12"), ("ssn", "123456789")])
def test_fast_tagged_keys_equal_person_key(tag: str, value: str) -> None:
    assert tagged_key(tag, value) == person_key(f"{tag}:{value}")


@pytest.mark.parametrize(
    ("column_role", "text", "masked"),
    [("full_name", "Ana Lopez", "A*** L***"), ("full_name", "Lopez, Ana", "L***, A***"),
     ("ssn", "123-45-6789", "***-**-6789"), ("phone", "555-201-3344", "***-***-3344"),
     ("email", "ana@example.org", "a***@example.org"), ("birth_date", "2014-03-09", "****-**-**"),
     ("health", "Peanut allergy", "P*** a***")],
)
def test_masks_hide_values(column_role: str, text: str, masked: str) -> None:
    assert mask(column_role, text) == masked  # type: ignore[arg-type]
