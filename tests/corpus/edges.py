"""Between the incidents and the ordinary day: what the policy's numbers decide.

- grades are warn-at-2, block-at-10: three students' grades to three parents warns, a class of 26 blocks;
- one student's medical plan beyond the family (more than 4 outside recipients) warns;
- two students' addresses to one parent warns;
- sensitive kinds block at two students; partners may not receive medical data;
- 40 parents visible in To warn and suggest Bcc; an unreadable attachment warns a person, blocks an automation.
"""

from __future__ import annotations

from tests.corpus import data
from tests.corpus.message import (
    ASSISTANT_PRINCIPAL,
    CONTRACTOR,
    FRONT_OFFICE,
    NURSE,
    TEACHER,
    TRANSPORT,
    attachment,
    recipient,
    request,
)
from tests.corpus.registry import Case, case, private
from tests.fakedata import documents, html, layouts, xlsx
from tests.fakedata.word import DOCX_TYPE
from tests.fakedata.xlsx import XLSX_TYPE

ROOM_PARENTS = ("room.parent.lopez@gmail.com", "thenguyenfamily@outlook.com", "j.abbott.home@yahoo.com")


@case
def warn_three_students_grades_to_three_parents() -> Case:
    students = data.population(3, 81, (8,))
    table = html.table(layouts.GRADEBOOK.header, layouts.GRADEBOOK.rows(students))
    return Case(
        "a lab group's grades (3 students, IDs and scores) to the 3 students' parents: grades warn at 2",
        request(
            sender=TEACHER, subject="Group project grades", to=list(ROOM_PARENTS),
            html=html.page("Hello families,", "Here are the grades for the rocket project group:", table_html=table),
        ),
        "warn", 3, private=private(students),
    )


@case
def block_class_gradebook_to_three_parents() -> Case:
    students = data.population(26, 82, (8,))
    return Case(
        "a whole class's gradebook (26 students) to 3 room parents: grades block at 10",
        request(
            sender=TEACHER, subject="Grades for conferences", to=list(ROOM_PARENTS),
            text="Attached are the current grades so you can help plan conference times.",
            attachments=[attachment("Period 5 grades.xlsx", xlsx.roster(layouts.GRADEBOOK, students), XLSX_TYPE)],
        ),
        "block", 26, private=private(students),
    )


@case
def warn_40_parents_visible_in_to() -> Case:
    return Case(
        "an announcement to 40 parents all in To, who can see each other's addresses: suggest Bcc",
        request(
            sender=TEACHER, subject="Class party Friday", to=data.families(40, 83),
            text="Our class party is Friday at 2:00. Please sign up to bring napkins, plates or fruit.",
        ),
        "warn", 0, codes=("visible_recipients",),
    )


@case
def warn_corrupt_attachment_to_parents() -> Case:
    return Case(
        "a damaged spreadsheet that cannot be read, to 24 parents: unknown is not safe, a person is warned",
        request(
            sender=FRONT_OFFICE, subject="Conference schedule", to=[FRONT_OFFICE.email], bcc=data.families(24, 84),
            text="The conference schedule is attached.",
            attachments=[attachment("Conference schedule.xlsx", documents.conference_schedule_corrupt(), XLSX_TYPE)],
        ),
        "warn", 0, codes=("unreadable_attachment",),
    )


@case
def block_corrupt_attachment_from_automation() -> Case:
    return Case(
        "the same damaged spreadsheet sent by an automation to a parent: held",
        request(
            sender=FRONT_OFFICE, subject="Conference schedule", app="api", to=[data.families(1, 85)[0]],
            text="The conference schedule is attached.",
            attachments=[attachment("Conference schedule.xlsx", documents.conference_schedule_corrupt(), XLSX_TYPE)],
        ),
        "block", 0, codes=("unreadable_attachment",),
    )


@case
def warn_carpool_two_addresses_to_parent() -> Case:
    students = data.population(2, 86, (4,))
    table = html.table(("Student", "Address", "Parent phone"),
                       [(s.full_name, f"{s.street}, {s.city}", s.guardians[0].cell) for s in students])
    return Case(
        "two students' home addresses and parent phones to one parent organising a carpool: address warns at 2",
        request(
            sender=TEACHER, subject="Carpool", to=[data.families(1, 87)[0]],
            html=html.page("Hi! Here are the other two families near you for the carpool:", table_html=table),
        ),
        "warn", 2, private=private(students),
    )


@case
def warn_one_students_allergy_plan_to_class_parents() -> Case:
    s = data.population(1, 88, (2,))[0]
    return Case(
        "one student's allergy action plan to 22 class parents in Bcc: medical, one student, beyond the family",
        request(
            sender=NURSE, subject="Nut-free classroom", to=[NURSE.email], bcc=data.families(22, 89),
            text="Our class has a student with a severe peanut allergy. Please send only nut-free snacks. The plan "
            "is attached so you know what to watch for.",
            attachments=[attachment("Allergy Action Plan.docx", documents.allergy_action_plan_docx(s), DOCX_TYPE)],
        ),
        "warn", 1, private=private([s]),
    )


@case
def block_route_roster_with_medical_alerts_to_contractor() -> Case:
    students = data.on_routes(data.population(48, 90), ("031", "032"))
    return Case(
        "route rosters with a Medical Alert column to the bus contractor: partners may not receive medical data",
        request(
            sender=TRANSPORT, subject="Routes 31-32", to=[recipient(f"dispatch@{CONTRACTOR}", "Dispatch")],
            text="Rosters for the new routes.",
            attachments=[attachment(
                "Routes 31-32.xlsx", xlsx.roster(layouts.ROUTE_WITH_MEDICAL, students), XLSX_TYPE,
            )],
        ),
        "block", 48, private=private(students),
    )


@case
def block_discipline_log_to_one_parent() -> Case:
    students = data.population(12, 91, (10,))
    return Case(
        "the assistant principal sends a parent the whole discipline log (12 students) instead of one incident",
        request(
            sender=ASSISTANT_PRINCIPAL, subject="Incident follow-up", to=[students[0].guardians[0].email],
            text="Following up on our call, attached is the incident report.",
            attachments=[attachment("Discipline log Oct.xlsx", xlsx.roster(layouts.DISCIPLINE, students), XLSX_TYPE)],
        ),
        "block", 12, private=private(students),
    )


@case
def block_lunch_status_to_pta_president() -> Case:
    students = data.population(31, 92, (5,))
    return Case(
        "a class's free/reduced lunch status (31 students) to the PTA president's Gmail, to plan a fundraiser",
        request(
            sender=FRONT_OFFICE, subject="List for the fundraiser", to=["pta.president.mv@gmail.com"],
            text="So you know which families not to ask.",
            attachments=[attachment("Room 8 lunch.xlsx", xlsx.roster(layouts.LUNCH, students), XLSX_TYPE)],
        ),
        "block", 31, private=private(students),
    )


@case
def block_class_birthdays_to_parents() -> Case:
    students = data.population(26, 93, (1,))
    return Case(
        "a class list of birth dates (26 students) to the class parents, for planning birthday treats",
        request(
            sender=TEACHER, subject="Birthday treats calendar", to=[TEACHER.email], bcc=data.families(26, 94),
            text="Here's the birthday list so you can sign up for treat days.",
            attachments=[attachment("Class birthdays.xlsx", xlsx.roster(layouts.BIRTHDAYS, students), XLSX_TYPE)],
        ),
        "block", 26, private=private(students),
    )
