"""The standards' own formats: Ed-Fi XML and JSON, OneRoster bundles, School Data Sync files.

Districts export these to vendors and, by mistake, to personal accounts. They are records, not
text: each must be counted by the students it holds, and only students are students.
"""

from __future__ import annotations

from tests.corpus import data
from tests.corpus.message import FRONT_OFFICE, KIRAN, SPED_DIRECTOR, Json, attachment, recipient, request
from tests.corpus.registry import Case, Verdict, case, private
from tests.fakedata import standards
from tests.fakedata.students import Student

XML_TYPE = "application/xml"
JSON_TYPE = "application/json"
CSV_TYPE = "text/csv"
ZIP_TYPE = "application/zip"
PERSONAL = recipient("kiran.patel.home@gmail.com", "Kiran Patel")


def _file_case(description: str, students: tuple[Student, ...], name: str, content: bytes, content_type: str,
               to: str | Json, verdict: Verdict = "block", people: int | None = None) -> Case:
    """One standards' file from Kiran to one outside address: blocked, counted by its students."""
    return Case(
        description,
        request(sender=KIRAN, subject="files", to=[to], text="", attachments=[attachment(name, content, content_type)]),
        verdict, len(students) if people is None else people, private=private(students),
    )


@case
def std_edfi_program_xml_545_to_personal_gmail() -> Case:
    kids = data.population(545, 7301)
    return Case(
        "an Ed-Fi StudentProgram interchange of 545 students on 504 plans, to the sender's personal Gmail",
        request(sender=KIRAN, subject="program file", to=[PERSONAL], text="for home",
                attachments=[attachment("InterchangeStudentProgram.xml", standards.edfi_program_xml(kids), XML_TYPE)]),
        "block", 545, private=private(kids), codes=("roster_attached",),
    )


@case
def std_edfi_students_xml_960_to_personal_gmail() -> Case:
    kids = data.population(960, 7302)
    return Case(
        "an Ed-Fi InterchangeStudent file of 960 students (names, birth dates, race), to a personal Gmail",
        request(sender=KIRAN, subject="students", to=[PERSONAL], text="",
                attachments=[attachment("InterchangeStudent.xml", standards.edfi_students_xml(kids), XML_TYPE)]),
        "block", 960, private=private(kids), codes=("roster_attached",),
    )


@case
def std_edfi_health_xml_immunizations() -> Case:
    kids = data.population(120, 7303)
    return _file_case("Ed-Fi StudentHealth immunization records of 120 students to an outside address", kids,
                      "StudentHealth.xml", standards.edfi_health_xml(kids), XML_TYPE, "records@clinic-partner.example")

@case
def std_edfi_students_json_api_answer() -> Case:
    kids = data.population(300, 7304)
    return _file_case("an Ed-Fi API /students answer saved as JSON, to a personal address", kids,
                      "students.json", standards.edfi_students_json(kids), JSON_TYPE, PERSONAL)

@case
def std_oneroster_bundle_zip_with_passwords() -> Case:
    kids = data.population(400, 7305)
    return Case(
        "a OneRoster 1.1 bundle (users with passwords, demographics, enrollments) zipped to a vendor's Gmail",
        request(sender=KIRAN, subject="rostering files", to=["edtech.vendor.support@gmail.com"], text="here you go",
                attachments=[attachment("oneroster.zip", standards.oneroster_bundle_zip(kids, 25, passwords=True),
                                        ZIP_TYPE)]),
        "block", 400, private=private(kids), codes=("roster_attached",),
    )


@case
def std_sds_users_mixed_roles_counts_students_only() -> Case:
    kids = data.population(350, 7306)
    return _file_case("an SDS users.csv of 350 students and 90 staff, with passwords, to an outside address",
                      kids, "users.csv", standards.sds_users(kids, 90), CSV_TYPE, "admin@sync-helper.example")

@case
def std_sds_demographics_ids_only() -> Case:
    kids = data.population(250, 7307)
    return _file_case("an SDS demographics.csv: IDs, birth dates, race and birth city, no names, to a personal address",
                      kids, "demographics.csv", standards.sds_demographics(kids), CSV_TYPE, PERSONAL)

@case
def ok_std_sds_staff_roles_file() -> Case:
    return _file_case("a users.csv of 120 staff accounts (teachers, administrators, aides) to the sync vendor", (),
                      "users.csv", standards.sds_users((), 120), CSV_TYPE, "admin@sync-helper.example", "allow")

@case
def ok_std_sds_v1_teacher_file() -> Case:
    return _file_case("an SDS v1 Teacher.csv of 60 teachers to the sync vendor", (), "Teacher.csv",
                      standards.sds_v1_teachers(60), CSV_TYPE, "admin@sync-helper.example", "allow")

@case
def ok_std_edfi_calendar_xml() -> Case:
    return Case(
        "an Ed-Fi calendar interchange (school days, no people) to 200 families",
        request(sender=FRONT_OFFICE, subject="calendar", bcc=data.families(200, 7308), text="The calendar.",
                attachments=[attachment("Calendar.xml", standards.edfi_school_calendar_xml(180), XML_TYPE)]),
        "allow", 0,
    )


@case
def ok_std_edfi_one_students_program_to_parent() -> Case:
    kid = data.population(1, 7309)
    parent = kid[0].guardians[0].email
    return Case(
        "one student's Ed-Fi program record to that student's parent",
        request(sender=SPED_DIRECTOR, subject="program record", to=[parent], text="As requested.",
                attachments=[attachment("program.xml", standards.edfi_program_xml(kid), XML_TYPE)]),
        "allow", 1, private=private(kid),
    )


CUSTODY_NOTE = """Hi volunteers,

Before Friday's field day, please note these pickup restrictions:

{lines}

Thanks,
Angela"""


@case
def std_custody_restrictions_to_volunteers() -> Case:
    kids = data.population(4, 7310)
    lines = [
        f"{kids[0].first} {kids[0].last} - do not release to father, court order on file",
        f"{kids[1].first} {kids[1].last} - restraining order against mother; grandmother picks up",
        f"{kids[2].first} {kids[2].last} - custody order: mother only",
        f"{kids[3].first} {kids[3].last} - court order on file, call the office before release",
    ]
    return Case(
        "custody and court-order restrictions of 4 students in a message to 12 volunteers",
        request(sender=FRONT_OFFICE, subject="Field day pickup", to=[f"volunteer{i}@gmail.com" for i in range(12)],
                text=CUSTODY_NOTE.format(lines="\n".join(lines))),
        "block", 4, private=private(kids), codes=("records_in_body",),
    )


@case
def ok_std_custody_forms_reminder() -> Case:
    return Case(
        "a reminder that custody papers and court orders must be on file: names no student",
        request(sender=FRONT_OFFICE, subject="Field day", to=[f"volunteer{i}@gmail.com" for i in range(12)],
                text="Reminder: custody papers and any court orders must be on file with the office before "
                     "field day. Thank you for volunteering!"),
        "allow", 0,
    )
