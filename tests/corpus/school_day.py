"""A school day of ordinary mail. Every one of these must be allowed: a warning here is a false alarm
that teaches people to click through."""

from __future__ import annotations

from tests.corpus import data
from tests.corpus.message import (
    CO_TEACHER,
    COACH,
    CONTRACTOR,
    FRONT_OFFICE,
    KIRAN,
    LIBRARIAN,
    NURSE,
    NUTRITION,
    SECRETARY,
    SPED_DIRECTOR,
    STAFF_LIST,
    STUDENT_DOMAIN,
    SUBSTITUTE,
    TEACHER,
    TRANSPORT,
    attachment,
    recipient,
    request,
)
from tests.corpus.registry import Case, case, private
from tests.fakedata import documents, eml, html, layouts, xlsx
from tests.fakedata.eml import EML_TYPE
from tests.fakedata.pdf import PDF_TYPE
from tests.fakedata.students import Student
from tests.fakedata.word import DOCX_TYPE
from tests.fakedata.xlsx import XLSX_TYPE


def _one(seed: int) -> Student:
    return data.population(1, seed, (7,))[0]


def _guardians(s: Student) -> list[dict[str, object]]:
    return [recipient(g.email, g.full_name) for g in s.guardians]


@case
def ok_progress_report_docx_to_parents() -> Case:
    s = _one(51)
    return Case(
        "one student's Q2 progress report (docx) to that student's two guardians",
        request(
            sender=TEACHER, subject="Q2 progress report", to=_guardians(s),
            text=f"Hello,\n\nAttached is {s.first}'s progress report for the second quarter. {s.first} has made real "
            "progress in writing. Let me know if you would like to meet.\n\nMaria Okafor",
            attachments=[attachment("Q2 progress report.docx", documents.progress_report_docx(s), DOCX_TYPE)],
        ),
        "allow", 1, private=private([s]),
    )


@case
def ok_progress_report_pdf_to_parent() -> Case:
    s = _one(52)
    g = s.guardians[0]
    return Case(
        "one student's progress report as a PDF to one guardian",
        request(
            sender=TEACHER, subject="Progress report", to=[recipient(g.email, g.full_name)],
            text=f"Hi {g.first}, here is the progress report we discussed at conferences.",
            attachments=[attachment("Progress Report.pdf", documents.progress_report_pdf(s), PDF_TYPE)],
        ),
        "allow", 1, private=private([s]),
    )


@case
def ok_field_trip_slip_to_26_parents_bcc() -> Case:
    return Case(
        "a blank field-trip permission slip (asks about allergies) to 26 parents in Bcc",
        request(
            sender=TEACHER, subject="Field trip Friday: permission slip", to=[TEACHER.email],
            bcc=data.families(26, 53),
            text="Hello families,\n\nWe are visiting the Museum of Flight on Friday, October 25. Please sign and "
            "return the attached slip by Wednesday. Let me know about any allergies or medications on the slip.",
            attachments=[attachment("Permission slip.docx", documents.permission_slip_docx(), DOCX_TYPE)],
        ),
        "allow", 0,
    )


@case
def ok_blank_medication_form_to_all_parents_bcc() -> Case:
    return Case(
        "the nurse sends the blank medication authorization form (headings, empty rows) to 540 parents in Bcc",
        request(
            sender=NURSE, subject="Medication at school: form for the new year", to=[NURSE.email],
            bcc=data.families(540, 54),
            text="If your student needs medication at school (including inhalers and EpiPens), please complete the "
            "attached authorization with your doctor and return it to the health room.\n\nDana Whitfield, RN",
            attachments=[attachment(
                "Medication Authorization Form.xlsx", documents.blank_medication_form_xlsx(), XLSX_TYPE,
            )],
        ),
        "allow", 0,
    )


@case
def ok_game_schedule_to_team_families_bcc() -> Case:
    return Case(
        "a football schedule spreadsheet (dates, opponents, bus departure times) to 22 team families in Bcc",
        request(
            sender=COACH, subject="2024 varsity schedule", to=[COACH.email], bcc=data.families(22, 55),
            text="Families, here is the season schedule. Away games: the team bus departs at the time listed. "
            "Go Eagles!",
            attachments=[attachment("Varsity Football 2024.xlsx", documents.game_schedule_xlsx(), XLSX_TYPE)],
        ),
        "allow", 0,
    )


@case
def ok_class_list_to_co_teacher() -> Case:
    students = data.population(28, 56, (7,))
    return Case(
        "a class list (names and student numbers) to a co-teacher at the district domain",
        request(
            sender=TEACHER, subject="Period 3 roster", to=[recipient(CO_TEACHER.email, CO_TEACHER.name)],
            text="Here's the period 3 list for the co-taught section.",
            attachments=[attachment("Period 3 roster.xlsx", xlsx.roster(layouts.CLASS_LIST, students), XLSX_TYPE)],
        ),
        "allow", 28, private=private(students),
    )


@case
def ok_note_to_nurse_about_one_allergy() -> Case:
    s = _one(57)
    return Case(
        "a teacher tells the school nurse (district domain) about one student's peanut allergy",
        request(
            sender=TEACHER, subject="Allergy question", to=[recipient(NURSE.email, NURSE.name)],
            text=f"Hi Dana,\n\n{s.full_name} in my 3rd period mentioned a peanut allergy today and said the EpiPen is "
            "in the backpack. Is that on file with you? Should a second one be kept in the health room?\n\nMaria",
        ),
        "allow", (0, 1), private=private([s]),
    )


@case
def ok_transcript_to_college_admissions() -> Case:
    s = data.population(1, 58, (12,))[0]
    return Case(
        "a counselor sends one senior's transcript (PDF) to a college admissions office",
        request(
            sender=KIRAN, subject="Transcript request", to=["admissions@westbrookcollege.example"],
            text="Please find the requested official transcript attached. The student's FERPA release is on file.",
            attachments=[attachment("Official Transcript.pdf", documents.transcript_pdf(s), PDF_TYPE)],
        ),
        "allow", 1, private=private([s]),
    )


@case
def ok_route_rosters_to_bus_contractor() -> Case:
    students = data.on_routes(data.population(64, 59), ("012", "014", "027"))
    sheets = [
        xlsx.Sheet(f"Route {r}", layouts.TRANSPORT.header,
                   [layouts.TRANSPORT.row(s) for s in students if s.route == r])
        for r in ("012", "014", "027")
    ]
    return Case(
        "route rosters (names, addresses, stops) to the bus contractor's dispatch, a partner under contract",
        request(
            sender=TRANSPORT, subject="Updated rosters: routes 12, 14, 27",
            to=[recipient(f"dispatch@{CONTRACTOR}", "Metro Transit Dispatch")],
            text="Updated rosters for Monday attached, one sheet per route.",
            attachments=[attachment("Routes 12-14-27.xlsx", xlsx.workbook(*sheets), XLSX_TYPE)],
        ),
        "allow", 64, private=private(students),
    )


@case
def ok_homework_to_class_on_student_domain() -> Case:
    students = data.population(28, 60, (9,))
    emails = [f"{s.first[0].lower()}{s.last.lower().replace('-', '')}{s.local_id[-3:]}@{STUDENT_DOMAIN}"
              for s in students]
    return Case(
        "homework (docx) to 28 students' school accounts in Bcc",
        request(
            sender=TEACHER, subject="Homework 4.2", to=[TEACHER.email], bcc=emails,
            text="Homework 4.2 is attached and on Classroom. Due Thursday.",
            attachments=[attachment("Homework 4.2.docx", documents.homework_docx(), DOCX_TYPE)],
        ),
        "allow", 0,
    )


@case
def ok_allergy_season_newsletter() -> Case:
    body = html.page(
        "Health Room News: Allergy Season",
        "Spring pollen counts are rising. Students with seasonal allergies may take cetirizine or loratadine at "
        "home before school. If your student uses an inhaler or needs an EpiPen at school, a medication "
        "authorization form must be on file.",
        "Remember: our schools are nut-aware. Please check with your teacher before sending shared snacks.",
        "Dana Whitfield, RN",
    )
    return Case(
        "the nurse's newsletter about allergy season (health words, no one's health data) to 600 parents",
        request(sender=NURSE, subject="Health Room News", to=[NURSE.email], bcc=data.families(600, 61), html=body),
        "allow", 0,
    )


@case
def ok_iep_training_agenda_to_staff() -> Case:
    return Case(
        "a staff meeting agenda about IEP and 504 training, to 18 staff members",
        request(
            sender=SPED_DIRECTOR, subject="Wednesday PD: IEP and 504 refresher",
            to=[recipient(s.email, s.name) for s in STAFF_LIST],
            text="Agenda, Wednesday 3:15-4:30, library\n\n1. Writing measurable IEP goals\n2. 504 plans vs IEPs: "
            "who qualifies\n3. Accommodations on state tests\n4. Confidentiality: sharing plans only with staff who "
            "need them\n\nPlease bring a laptop.",
        ),
        "allow", 0,
    )


@case
def ok_reply_to_parent_about_pickup() -> Case:
    s = _one(62)
    g = s.guardians[0]
    return Case(
        "a teacher replies to a parent asking about an early pickup (the parent's message quoted)",
        request(
            sender=TEACHER, subject="RE: Early pickup Friday", to=[recipient(g.email, g.full_name)],
            text=f"Hi {g.first}, no problem. I'll have {s.first} ready at the office at 1:45.\n\nMaria\n\n"
            f"-----Original Message-----\nFrom: {g.full_name} <{g.email}>\nSent: Thursday, October 10, 2024\n"
            f"Subject: Early pickup Friday\n\nHi Ms. Okafor, {s.first} has a dentist appointment Friday. Can I "
            "pick up at 1:45? Thanks!",
        ),
        "allow", (0, 1), private=private([s]),
    )


@case
def ok_pta_volunteer_signup() -> Case:
    form = "https://docs.google.com/forms/d/e/1FAIpQLSd8kR2mXv7nQ4pLwZ0tY3bC6hJ9gE5aU1sV/viewform"
    return Case(
        "a PTA volunteer sign-up with a Google Forms link, to 150 parents in Bcc",
        request(
            sender=FRONT_OFFICE, subject="Volunteers needed for the fall carnival", to=[FRONT_OFFICE.email],
            bcc=data.families(150, 63),
            text=f"The PTA needs volunteers for the fall carnival on October 26. Sign up here: {form}\n\nThank you!",
        ),
        "allow", 0,
    )


@case
def ok_lunch_menu_pdf() -> Case:
    return Case(
        "the November lunch menu (mentions free and reduced meals and allergens) as a PDF to 800 parents",
        request(
            sender=NUTRITION, subject="November lunch menu", to=[NUTRITION.email], bcc=data.families(800, 64),
            text="The November menu is attached.",
            attachments=[attachment("November Lunch Menu.pdf", documents.lunch_menu_pdf(), PDF_TYPE)],
        ),
        "allow", 0,
    )


@case
def ok_book_fair_flyer_pdf() -> Case:
    return Case(
        "a book fair flyer (PDF) to 400 parents in Bcc",
        request(
            sender=LIBRARIAN, subject="Book fair next week!", to=[LIBRARIAN.email], bcc=data.families(400, 65),
            text="Our fall book fair is next week. Flyer attached!",
            attachments=[attachment("Book Fair Flyer.pdf", documents.book_fair_flyer_pdf(), PDF_TYPE)],
        ),
        "allow", 0,
    )


@case
def ok_iep_meeting_notice_to_parents() -> Case:
    s = _one(66)
    return Case(
        "a notice of one student's IEP meeting (special education, one student) to that student's guardians",
        request(
            sender=SPED_DIRECTOR, subject="IEP annual review", to=_guardians(s),
            text="Please see the attached meeting notice and let us know if the time works for you.",
            attachments=[attachment("IEP Meeting Notice.docx", documents.iep_meeting_invite_docx(s), DOCX_TYPE)],
        ),
        "allow", 1, private=private([s]),
    )


@case
def ok_allergy_action_plan_to_parent() -> Case:
    s = _one(67)
    g = s.guardians[0]
    return Case(
        "the nurse sends one student's food allergy action plan to that student's guardian to sign",
        request(
            sender=NURSE, subject="Allergy action plan for signature", to=[recipient(g.email, g.full_name)],
            text="Please review, sign and return the attached plan before the first day.",
            attachments=[attachment("Allergy Action Plan.docx", documents.allergy_action_plan_docx(s), DOCX_TYPE)],
        ),
        "allow", 1, private=private([s]),
    )


@case
def ok_class_allergies_to_substitute() -> Case:
    students = data.population(24, 68, (3,))
    return Case(
        "a class list with allergies and medications left for a substitute teacher at the district domain",
        request(
            sender=TEACHER, subject="Sub plans for Thursday", to=[recipient(SUBSTITUTE.email, SUBSTITUTE.name)],
            text="Thanks for covering. Plans are on my desk; the class list with allergies is attached.",
            attachments=[attachment(
                "Room 12 allergies.xlsx", xlsx.roster(layouts.CLASS_ALLERGIES, students), XLSX_TYPE,
            )],
        ),
        "allow", 24, private=private(students),
    )


@case
def ok_forward_parent_email_to_office() -> Case:
    s = _one(69)
    g = s.guardians[0]
    inner = eml.message(
        sender=g.email, to=[TEACHER.email], subject="Absent tomorrow",
        body=f"Hi, {s.first} will be out tomorrow for a family event. Can you send any work home? Thanks, {g.first}",
    )
    return Case(
        "a teacher forwards a parent's absence note (.eml) to the attendance secretary",
        request(
            sender=TEACHER, subject="FW: Absent tomorrow", to=[recipient(SECRETARY.email, SECRETARY.name)],
            text="For attendance. Thanks!",
            attachments=[attachment("Absent tomorrow.eml", inner, EML_TYPE)],
        ),
        "allow", (0, 1), private=private([s]),
    )


@case
def ok_picture_day_schedule_html_table() -> Case:
    rows = [(g, "Tuesday, Oct 15", t) for g, t in (("K", "8:45"), ("1", "9:15"), ("2", "9:45"), ("3", "10:15"),
                                                   ("4", "10:45"), ("5", "11:15"))]
    return Case(
        "a picture-day schedule table (grade, date, time) in the HTML body to 350 parents",
        request(
            sender=FRONT_OFFICE, subject="Picture day schedule", to=[FRONT_OFFICE.email],
            bcc=data.families(350, 70),
            html=html.page("Picture day is coming!", "Retakes are November 12.",
                           table_html=html.table(("Grade", "Date", "Time"), rows)),
        ),
        "allow", 0,
    )


@case
def ok_meet_the_teachers_directory() -> Case:
    rows = [(f"{s.name}", subject, f"Room {100 + i}", s.email, f"(425) 555-01{i:02d}")
            for i, (s, subject) in enumerate(zip(STAFF_LIST[:12], ("Grade K", "Grade 1", "Grade 2", "Grade 3",
                                                                  "Grade 4", "Grade 5", "Music", "PE", "Art",
                                                                  "Library", "Counselor", "Nurse"), strict=True))]
    return Case(
        "a 'meet the teachers' staff directory table (work emails and phones) to 400 parents",
        request(
            sender=FRONT_OFFICE, subject="Meet our teachers", to=[FRONT_OFFICE.email], bcc=data.families(400, 71),
            html=html.page("Welcome back! Here is how to reach our staff.",
                           table_html=html.table(("Teacher", "Grade/Subject", "Room", "Email", "Phone"), rows)),
        ),
        "allow", None,
    )


@case
def ok_lunch_balance_one_student_to_parent() -> Case:
    s = _one(72)
    g = s.guardians[0]
    table = html.table(("Student", "Student ID", "Meal status", "Balance"),
                       [(s.full_name, s.local_id, "Reduced", "-$12.50")])
    return Case(
        "food services tells one family their student's meal status and negative balance",
        request(
            sender=NUTRITION, subject="Lunch account balance", to=[recipient(g.email, g.full_name)],
            html=html.page(f"Dear {g.first},", "Your student's meal account is below zero:", table_html=table),
        ),
        "allow", 1, private=private([s]),
    )


@case
def ok_attendance_question_to_counselor_cc_parent() -> Case:
    s = _one(73)
    return Case(
        "a teacher writes to the counselor about one student's absences, copying both guardians",
        request(
            sender=TEACHER, subject="Checking in", to=[recipient(KIRAN.email, KIRAN.name)], cc=_guardians(s),
            text=f"Hi Kiran, {s.first} has missed four days this month. I've copied {s.first}'s parents so we can "
            "find a time to talk together.",
        ),
        "allow", (0, 1), private=private([s]),
    )


