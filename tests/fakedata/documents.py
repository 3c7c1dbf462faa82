"""The ordinary paperwork of a school day, as files: one student's report, blank forms, schedules, flyers.

These are what must pass: rows that are not people (a game schedule), health words that are not health
data (a blank medication form), one student's record for that student's family.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

from tests.fakedata import pdf, word, xlsx
from tests.fakedata.students import Student

COURSES = (
    ("Language Arts 7", "Okafor"),
    ("Math 7 Accelerated", "Lindgren"),
    ("Life Science", "Bui"),
    ("Washington State History", "Castellano"),
    ("Spanish I", "Ferreira"),
    ("Physical Education", "Haugen"),
    ("Band", "Sorensen"),
)
LETTERS = ("A", "A-", "B+", "B", "B-", "C+", "C")


def progress_report_docx(s: Student, seed: int = 7) -> bytes:
    rng = random.Random(seed)
    rows = [
        (
            c,
            f"{t}",
            rng.choice(LETTERS),
            rng.choice(LETTERS),
            rng.choice(
                ("Working hard", "Missing 2 assignments", "Great participation", "Ask for help sooner")
            ),
        )
        for c, t in COURSES
    ]
    return word.document(
        word.Doc(
            "Quarter 2 Progress Report",
            (
                word.Table(
                    ("Student", "Student ID", "Grade", "School"),
                    [(s.full_name, s.local_id, s.grade_code, s.school)],
                ),
                "Marking period: November 4, 2024 to January 24, 2025",
                word.Table(("Course", "Teacher", "Q1", "Q2", "Comment"), rows),
                "Days absent: 3. Days tardy: 1.",
                "Please contact your student's teachers with any questions. Conferences are March 12 and 13.",
            ),
        )
    )


def progress_report_pdf(s: Student, seed: int = 8) -> bytes:
    rng = random.Random(seed)
    lines = [
        "Maple Valley Unified School District - Progress Report",
        f"Student: {s.full_name}    Student ID: {s.local_id}    Grade: {s.grade_code}",
        f"School: {s.school}    Homeroom: {s.teacher}",
        "",
        "Course                          Teacher        Q1    Q2",
    ]
    lines += [f"{c:<32}{t:<15}{rng.choice(LETTERS):<6}{rng.choice(LETTERS)}" for c, t in COURSES]
    lines += [
        "",
        "Attendance: 2 absences, 0 tardies.",
        "Teacher comment: Consistent effort; keep reading at home.",
    ]
    return pdf.document(lines, title="Progress Report")


def transcript_pdf(s: Student, seed: int = 9) -> bytes:
    rng = random.Random(seed)
    lines = [
        "Maple Valley High School - Official Transcript",
        f"Name: {s.last_first}    Student ID: {s.local_id}    State ID: {s.state_id}",
        f"Date of Birth: {s.dob:%m/%d/%Y}    Graduation Year: 2025",
        f"Address: {s.street}, {s.city}, {s.state} {s.zip}",
        "",
        "Year     Course                              Grade   Credit",
    ]
    courses = (
        "English 9",
        "Algebra I",
        "Biology",
        "World History",
        "English 10",
        "Geometry",
        "Chemistry",
        "US History",
        "English 11",
        "Algebra II",
        "Physics",
        "AP Psychology",
        "English 12",
        "Precalculus",
        "AP Environmental Science",
        "Civics",
    )
    for i, course in enumerate(courses):
        lines.append(f"{2021 + i // 4}-{22 + i // 4}  {course:<36}{rng.choice(LETTERS):<8}1.0")
    lines += ["", "Cumulative GPA: 3.62 (unweighted)    Credits earned: 24.0", "Class rank: not ranked"]
    return pdf.document(lines, title="Transcript")


def permission_slip_docx() -> bytes:
    return word.document(
        word.Doc(
            "Field Trip Permission Slip: Museum of Flight, Friday, October 25",
            (
                "Students will travel by district bus, leaving at 8:45 AM and returning by 2:30 PM. "
                "Please pack a lunch. Cost: $12 (scholarships available; ask the office).",
                "Student name: ______________________________   Teacher: ______________",
                "Allergies or medications the chaperones should know about: ______________________________",
                "Emergency contact phone: ______________________",
                "I give permission for my child to attend.  Parent/guardian signature: ________________",
            ),
        )
    )


def blank_medication_form_xlsx() -> bytes:
    header = (
        "Student Name",
        "Date of Birth",
        "Grade",
        "Allergies",
        "Medication",
        "Dosage",
        "Time to Give",
        "Prescribing Physician",
        "Physician Phone",
        "Parent/Guardian Signature",
    )
    blank = [tuple("" for _ in header) for _ in range(25)]
    return xlsx.workbook(
        xlsx.Sheet(
            "Medication Authorization",
            header,
            blank,
            preamble=("Maple Valley USD - Authorization for Medication at School (one form per medication)",),
        )
    )


def game_schedule_xlsx() -> bytes:
    rng = random.Random(11)
    opponents = (
        "Tahoma",
        "Kentlake",
        "Kentwood",
        "Auburn Mountainview",
        "Enumclaw",
        "Hazen",
        "Mount Si",
        "Liberty",
        "Kennedy Catholic",
        "Thomas Jefferson",
        "Decatur",
        "Federal Way",
    )
    start = dt.date(2024, 9, 6)
    rows = []
    for i, opponent in enumerate(opponents):
        day = start + dt.timedelta(days=7 * i)
        home = i % 2 == 0
        rows.append(
            (
                day,
                opponent,
                "Home" if home else "Away",
                "Maple Valley Stadium" if home else f"{opponent} HS",
                "7:00 PM",
                "" if home else f"{rng.choice(('3:45', '4:00', '4:15'))} PM",
                "JV 5:00 PM",
            )
        )
    header = ("Date", "Opponent", "Home/Away", "Location", "Kickoff", "Bus Departs", "JV Game")
    return xlsx.workbook(xlsx.Sheet("Varsity Football 2024", header, rows))


def homework_docx() -> bytes:
    return word.document(
        word.Doc(
            "Algebra I, Period 3: Homework 4.2",
            (
                "Due Thursday. Show your work.",
                word.Table(
                    ("#", "Problem"),
                    [(i, f"Solve for x: {i + 2}x - {3 * i} = {5 + i}") for i in range(1, 11)],
                ),
                "Challenge: a bus leaves at 7:10 AM and travels 18 miles at 30 mph. When does it arrive?",
            ),
        )
    )


def iep_meeting_invite_docx(s: Student) -> bytes:
    return word.document(
        word.Doc(
            "Notice of IEP Meeting",
            (
                word.Table(
                    ("Student", "Student ID", "Grade", "Case Manager"),
                    [(s.full_name, s.local_id, s.grade_code, "Ms. Delacroix")],
                ),
                "An annual review of the Individualized Education Program is scheduled for Tuesday, "
                "November 19 at "
                "3:30 PM in the Summit Trail conference room.",
                "Invited: parent/guardian, case manager, general education teacher, school psychologist, "
                "speech-language pathologist.",
                "Please reply to confirm or to ask for another time. An interpreter is available on request.",
            ),
        )
    )


def allergy_action_plan_docx(s: Student) -> bytes:
    return word.document(
        word.Doc(
            "Food Allergy Action Plan",
            (
                word.Table(
                    ("Student", "Date of Birth", "Grade", "Teacher"),
                    [(s.full_name, f"{s.dob:%m/%d/%Y}", s.grade_code, s.teacher)],
                ),
                word.Table(
                    ("Allergy", "Severity", "Medication", "Where kept"),
                    [("Peanuts", "Severe (anaphylaxis)", "EpiPen 0.3 mg", "Nurse office and backpack")],
                ),
                "If exposed: give epinephrine immediately, call 911, then call parent.",
            ),
        )
    )


def lunch_menu_pdf() -> bytes:
    lines = ["Maple Valley USD Elementary Lunch Menu - November", ""]
    meals = (
        "Chicken teriyaki bowl",
        "Cheese pizza",
        "Bean and cheese burrito",
        "Turkey sandwich",
        "Pasta marinara",
        "Fish tacos",
        "Veggie burger",
        "Breakfast for lunch",
    )
    for day in range(1, 21):
        lines.append(f"Nov {day + 3:>2}: {meals[day % len(meals)]}, fruit, milk")
    lines += [
        "",
        "Free and reduced-price meal applications are available at the office or online.",
        "Menu items may contain allergens; ask the nutrition office for ingredient lists.",
    ]
    return pdf.document(lines, title="Lunch Menu")


def book_fair_flyer_pdf() -> bytes:
    lines = [
        "Fall Book Fair!",
        "Cedar Creek Elementary Library",
        "Monday, November 18 - Friday, November 22",
        "Open 8:00 AM - 3:30 PM, and family night Thursday until 7:00 PM",
        "",
        "Every purchase helps our library buy new books.",
        "Volunteers needed: sign up at the front office.",
        "eWallet available: add funds online so your child can shop without cash.",
    ]
    return pdf.document(lines, title="Book Fair")


def conference_schedule_corrupt() -> bytes:
    """A damaged workbook: a zip header followed by noise (a failed download, a bad sync)."""
    rng = random.Random(13)
    return b"PK\x03\x04\x14\x00\x06\x00" + bytes(rng.randrange(256) for _ in range(6000))


def senior_audit_pdf(students: Sequence[Student], course_lines: int = 5) -> bytes:
    """A graduation audit: each student's block headed by their name, courses, then their ID further down."""
    lines = ["Maple Valley High School - Senior Graduation Audit 2024-25", ""]
    for s in students:
        lines.append(f"{s.last}, {s.first} {s.middle}")
        lines += [f"  Course {k + 1}: English {9 + k % 4}   A-   1.0" for k in range(course_lines)]
        lines.append(f"  Student ID: {s.local_id}   Credits earned: 21.5   Status: on track")
    return pdf.document(lines, title="Senior audit")


def id_list_under_teacher_pdf(students: Sequence[Student], teacher: str) -> bytes:
    """A class list of IDs only, under the teacher's name: the IDs are different students."""
    lines = ["Period 3 - credit recovery", "", teacher, ""]
    lines += [f"  Student ID: {s.local_id}   Credits: 20" for s in students]
    return pdf.document(lines, title="Period 3")
