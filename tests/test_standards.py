"""Standards' files through the engine: Ed-Fi XML and JSON, OneRoster bundles, School Data Sync CSVs.

Each row is (file name, bytes, should flag, students counted). Files are written from the fake
population by `tests.fakedata.standards`; at least as many rows must not flag as flag.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from backend.engine import Engine
from backend.models import Attachment, OutgoingMessage, Person, Recipient
from backend.policy import load_demo_policy
from tests.fakedata import standards as st
from tests.fakedata.students import generate

ENGINE = Engine(load_demo_policy())
SENDER = Person("kpatel@maplevalley.k12.example", "Kiran Patel")
KIDS = tuple(generate(545, 11))
FEW = KIDS[:1]

Row = tuple[str, Callable[[], bytes], bool, int]

SHOULD_FLAG: list[Row] = [
    ("InterchangeStudent.xml", lambda: st.edfi_students_xml(KIDS), True, 545),
    ("StudentProgram-504.xml", lambda: st.edfi_program_xml(KIDS), True, 545),
    ("StudentProgram-homeless.xml", lambda: st.edfi_program_xml(KIDS, "Homeless"), True, 545),
    ("FoodService.xml", lambda: st.edfi_food_service_xml(KIDS), True, 545),
    ("StudentHealth.xml", lambda: st.edfi_health_xml(KIDS), True, 545),
    ("Discipline.xml", lambda: st.edfi_discipline_xml(KIDS), True, 545),
    ("Transportation-disability.xml", lambda: st.edfi_transportation_xml(KIDS, disability=True), True, 545),
    ("students.json", lambda: st.edfi_students_json(KIDS), True, 545),
    ("studentEducationOrganizationAssociations.json", lambda: st.edfi_edorg_associations_json(KIDS), True, 545),
    ("studentProgramAssociations.json", lambda: st.edfi_program_json(KIDS, "Special Education"), True, 545),
    ("oneroster.zip", lambda: st.oneroster_bundle_zip(KIDS, 40, passwords=True), True, 545),
    ("users.csv", lambda: st.sds_users(KIDS, 80), True, 545),
    ("demographics.csv", lambda: st.sds_demographics(KIDS), True, 545),
]
SHOULD_NOT_FLAG: list[Row] = [
    ("Calendar.xml", lambda: st.edfi_school_calendar_xml(180), False, 0),
    ("Teacher.csv", lambda: st.sds_v1_teachers(60), False, 0),
    ("staff-users.csv", lambda: st.sds_users([], 80), False, 0),
    ("roles.csv", lambda: st.sds_roles(KIDS, 80), False, 0),  # IDs and roles: no data about anyone, none exposed
    ("StudentProgram-504-one.xml", lambda: st.edfi_program_xml(FEW), False, 1),  # one family's own record
    ("students-one.json", lambda: st.edfi_students_json(FEW), False, 1),
    ("edorg-one.json", lambda: st.edfi_edorg_associations_json(FEW), False, 1),
    ("oneroster-one.zip", lambda: st.oneroster_bundle_zip(FEW, 0, passwords=True), False, 1),
    ("FoodService-one.xml", lambda: st.edfi_food_service_xml(FEW), False, 1),
    ("Transportation-distance-one.xml", lambda: st.edfi_transportation_xml(FEW, disability=False), False, 1),
    ("users-staff-and-one.csv", lambda: st.sds_users(FEW, 80), False, 1),
    ("Student-one.csv", lambda: st.sds_v1_students(FEW), False, 1),
    ("demographics-one.csv", lambda: st.sds_demographics(FEW), False, 1),
    ("Discipline-one.xml", lambda: st.edfi_discipline_xml(FEW), False, 1),
]


def test_the_table_is_balanced() -> None:
    assert len(SHOULD_NOT_FLAG) >= len(SHOULD_FLAG)


@pytest.mark.parametrize(("name", "make", "flag", "people"), SHOULD_FLAG + SHOULD_NOT_FLAG,
                         ids=[r[0] for r in SHOULD_FLAG + SHOULD_NOT_FLAG])
def test_standard_file_to_a_personal_address(name: str, make: Callable[[], bytes], flag: bool, people: int) -> None:
    message = OutgoingMessage(
        sender=SENDER, to=(Recipient("someone.else@gmail.com"),), subject="files",
        attachments=(Attachment(name, content=make()),),
    )
    verdict = ENGINE.check_sync(message)
    assert (verdict.verdict != "allow") is flag, verdict.headline
    assert verdict.exposure.people == people, verdict.headline


def test_roles_count_students_only_and_say_students_only_for_them() -> None:
    mixed = OutgoingMessage(sender=SENDER, to=(Recipient("vendor@gmail.com"),), subject="accounts",
                            attachments=(Attachment("users.csv", content=st.sds_users(KIDS[:30], 200)),))
    verdict = ENGINE.check_sync(mixed)
    assert verdict.exposure.people == 30
    assert "30 students" in verdict.headline and "230" not in verdict.headline
    staff = OutgoingMessage(sender=SENDER, to=(Recipient("vendor@gmail.com"),), subject="accounts",
                            attachments=(Attachment("users.csv", content=st.sds_users([], 200)),))
    verdict = ENGINE.check_sync(staff)
    assert (verdict.verdict, verdict.exposure.people) == ("allow", 0)
    assert not any("student" in f.summary.lower() for f in verdict.findings)


def test_passwords_are_credentials() -> None:
    bundle = st.oneroster_bundle_zip(KIDS, 5, passwords=True)
    message = OutgoingMessage(sender=SENDER, to=(Recipient("vendor@gmail.com"),), subject="accounts",
                              attachments=(Attachment("b.zip", content=bundle),))
    verdict = ENGINE.check_sync(message)
    assert verdict.verdict == "block" and "credentials" in verdict.exposure.data
    without = OutgoingMessage(sender=SENDER, to=(Recipient("vendor@gmail.com"),), subject="accounts",
                              attachments=(Attachment("u.csv", content=st.oneroster_users(KIDS, 5, passwords=False)),))
    assert "credentials" not in ENGINE.check_sync(without).exposure.data
