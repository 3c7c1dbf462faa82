"""Lists no lookup resolved, and the false alarms of blank forms, staff lists and shared surnames."""

from __future__ import annotations

from tests.corpus import data
from tests.corpus.incidents import BUS_BODY, BUS_FILE
from tests.corpus.message import (
    DISTRICT,
    KIRAN,
    MAIL_MERGE,
    NURSE,
    STAFF_LIST,
    TRANSPORT,
    attachment,
    recipient,
    request,
    staff,
)
from tests.corpus.registry import Case, case, private
from tests.fakedata import documents, word, xlsx
from tests.fakedata.pdf import PDF_TYPE
from tests.fakedata.word import DOCX_TYPE
from tests.fakedata.xlsx import XLSX_TYPE

HR = staff("Janet Moss", "jmoss")


@case
def block_bus_roster_to_transportation_families_list() -> Case:
    """The list's members are not known without a lookup: it is not one staff member."""
    return Case(
        "the 18,000-student bus roster to transportation-families@ (a district list, not looked up)",
        request(
            sender=MAIL_MERGE, subject="Bus information for 2024-25", app="api",
            to=[recipient(f"transportation-families@{DISTRICT}", app="api")], text=BUS_BODY,
            attachments=[attachment(BUS_FILE, data.bus_roster_xlsx(), XLSX_TYPE)],
        ),
        "block", 18_000, private=private(data.district_roster()), codes=("roster_attached",),
    )


@case
def block_bus_roster_to_outlook_distribution_list() -> Case:
    return Case(
        "the bus roster to a list Outlook marks as a distribution list, with a neutral name",
        request(
            sender=TRANSPORT, subject="Bus information", to=[recipient(f"ms-riders@{DISTRICT}", kind="list")],
            text=BUS_BODY, attachments=[attachment(BUS_FILE, data.bus_roster_xlsx(), XLSX_TYPE)],
        ),
        "block", 18_000, private=private(data.district_roster()), codes=("roster_attached",),
    )


@case
def ok_bus_notice_without_records_to_families_list() -> Case:
    return Case(
        "a bus notice with no records to parents-grade5@: ordinary mail to a family list",
        request(
            sender=TRANSPORT, subject="Late start Friday", to=[recipient(f"parents-grade5@{DISTRICT}")],
            text="Buses will run two hours late on Friday because of the staff training day.",
        ),
        "allow", 0,
    )


@case
def ok_progress_report_to_parent_sharing_counselors_surname() -> Case:
    """kpatel23@outlook.com is Kevin Patel, a parent: not the sender Kiran Patel's own account."""
    s = data.population(1, 61, (7,))[0]
    return Case(
        "the counselor Kiran Patel sends one student's report to the parent Kevin Patel (kpatel23@outlook.com)",
        request(
            sender=KIRAN, subject="Counseling check-in", to=[recipient("kpatel23@outlook.com", "Kevin Patel")],
            text="Hi Mr. Patel, here is the report we talked about. Let me know if you have questions.",
            attachments=[attachment("Progress Report.pdf", documents.progress_report_pdf(s), PDF_TYPE)],
        ),
        "allow", 1, private=private([s]),
    )


def _medication_form() -> bytes:
    fields = (
        "Student Name: ______________________   Date of Birth: ____________   Grade: _____",
        "Medication: ______________________   Dosage: ________   Time to be given: ________",
        "Diagnosis / condition: ______________________________",
        "Allergies: ______________________________",
        "Physician name: ______________________   Physician phone: ________________",
        "Parent/Guardian signature: ______________________   Date: __________",
    )
    return word.document(word.Doc("Maple Valley USD - Authorization for Medication at School", fields))


@case
def ok_blank_medication_form_docx_to_300_parents_bcc() -> Case:
    return Case(
        "the nurse sends the blank medication authorization (labels, empty fields) to 300 parents in Bcc",
        request(
            sender=NURSE, subject="Medication at school", to=[NURSE.email], bcc=data.families(300, 62),
            text="If your student needs medication at school, please complete the attached form with your "
            "doctor and return it to the health room.",
            attachments=[attachment("Medication Authorization.docx", _medication_form(), DOCX_TYPE)],
        ),
        "allow", 0,
    )


@case
def ok_new_staff_list_to_training_vendor() -> Case:
    """Names, district emails and roles: staff, not students, whoever receives the list."""
    roles = ("Teacher", "Paraeducator", "Counselor", "Bus Driver", "Custodian", "Nurse")
    people = [(p.name.split()[0], p.name.split()[-1], p.email, roles[i % len(roles)], "2024-08-19")
              for i, p in enumerate(STAFF_LIST)]
    sheet = xlsx.Sheet("New hires", ("First Name", "Last Name", "Email", "Role", "Start Date"), people)
    return Case(
        "HR sends the list of new staff (names, district emails, roles) to the training vendor",
        request(
            sender=HR, subject="New staff for the August training", to=["enrollments@safeschools-training.example"],
            text="Hello, please enroll our new staff in the onboarding courses. The list is attached.",
            attachments=[attachment("New staff August.xlsx", xlsx.workbook(sheet), XLSX_TYPE)],
        ),
        "allow", 0,
    )
