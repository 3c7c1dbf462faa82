"""Column layouts of real exports: the headings spelled as each vendor's file spells them.

A `Layout` turns a student into one row. The spellings come from vendor documentation and public
export scripts (PowerSchool, Infinite Campus, Aeries, Versatrans and the like); the nurse's and the
after-school program's sheets are the hand-made kind every school has.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from tests.fakedata.students import Student

Cell = str | int | float | dt.date | None
Row = tuple[Cell, ...]


@dataclass(frozen=True)
class Layout:
    name: str
    header: tuple[str, ...]
    row: Callable[[Student], Row]

    def rows(self, students: Sequence[Student]) -> list[Row]:
        return [self.row(s) for s in students]


def _g(s: Student, i: int) -> str:
    return s.guardians[i].full_name if len(s.guardians) > i else ""


def _us_date(d: dt.date) -> str:
    return d.strftime("%m/%d/%Y")


def _yn(flag: bool) -> str:
    return "Y" if flag else "N"


POWERSCHOOL = Layout(
    "PowerSchool student export",
    (
        "Student_Number", "State_StudentNumber", "LastFirst", "Grade_Level", "DOB", "Gender", "Street",
        "City", "State", "Zip", "Home_Phone", "Mother", "Father", "GuardianEmail", "Bus_Route", "Bus_Stop",
        "SchoolID",
    ),
    lambda s: (
        int(s.local_id), int(s.state_id), s.last_first, s.grade, s.dob, s.gender, s.street, s.city, s.state,
        s.zip, s.home_phone, _g(s, 0), _g(s, 1), s.guardians[0].email, s.route, s.am_stop, s.school_number,
    ),
)

INFINITE_CAMPUS = Layout(
    "Infinite Campus extract",
    (
        "Student Number", "State ID", "Last Name", "First Name", "Middle Name", "Grade", "Birth Date",
        "Gender", "Address", "City", "State", "Zip", "Guardian 1 Name", "Relationship of Guardian 1",
        "Guardian 1 Cell", "Guardian Email", "Household Phone", "School Name",
    ),
    lambda s: (
        s.local_id, s.state_id, s.last, s.first, s.middle, s.grade_code, _us_date(s.dob), s.gender, s.street,
        s.city, s.state, s.zip, f"{s.guardians[0].last}, {s.guardians[0].first}", s.guardians[0].relationship,
        s.guardians[0].cell, s.guardians[0].email, s.home_phone, s.school,
    ),
)

AERIES = Layout(
    "Aeries query export",
    (
        "StudentID", "CID", "LastName", "FirstName", "Grade", "Birthdate", "Address", "City", "State",
        "Zip", "Primary Phone", "Parent/Guardian", "Teacher", "LunchStatus",
    ),
    lambda s: (
        int(s.local_id), s.state_id, s.last, s.first, s.grade, s.dob.isoformat(), s.street, s.city, s.state,
        s.zip, s.home_phone, _g(s, 0), s.teacher, s.lunch,
    ),
)

TRANSPORT = Layout(
    "transportation export",
    (
        "Stu_ID", "Last Name", "First Name", "Grade", "School", "Address", "City", "Zip", "AM Stop",
        "AM Time", "PM Stop", "PM Time", "Route",
    ),
    lambda s: (
        s.local_id, s.last, s.first, s.grade_code, s.school, s.street, s.city, s.zip, s.am_stop, s.am_time,
        s.pm_stop, s.pm_time, s.route,
    ),
)

VERSATRANS = Layout(
    "Versatrans import (tab-delimited)",
    (
        "Student ID", "Active", "Family ID", "Last Name", "FirstName", "MiddleName", "Grade", "School",
        "HomeStreetAddress", "HomeCity", "HomeState", "HomeZip", "Home Phone", "AM or PM",
        "Pickup Street Address", "Dropoff Street Address", "Route",
    ),
    lambda s: (
        s.local_id, "Y", f"F{s.local_id[2:]}", s.last, s.first, s.middle, s.grade_code, s.school_number,
        s.street, s.city, s.state, s.zip, s.home_phone, "AM + PM", s.am_stop, s.pm_stop, s.route,
    ),
)

ROUTE_WITH_MEDICAL = Layout(
    "route roster with medical alerts",
    (
        "Stu_ID", "Last Name", "First Name", "Grade", "Address", "AM Stop", "PM Stop", "Route",
        "Medical Alert",
    ),
    lambda s: (
        s.local_id, s.last, s.first, s.grade_code, s.street, s.am_stop, s.pm_stop, s.route, s.med_alert,
    ),
)

MED_ALERT = Layout(
    "nurse's Med Alert sheet",
    (
        "Student Name", "DOB", "Grade", "Teacher", "Med Alert", "Allergies", "Medications", "Condition",
        "EpiPen", "Parent/Guardian", "Parent Phone",
    ),
    lambda s: (
        s.full_name, _us_date(s.dob), s.grade_code, s.teacher, _yn(bool(s.allergies or s.conditions)),
        ", ".join(s.allergies), ", ".join(s.medications), ", ".join(s.conditions),
        _yn("EpiPen 0.3 mg" in s.medications), _g(s, 0), s.guardians[0].cell,
    ),
)

PERSONAL_COPY = Layout(
    "PowerSchool export with medical alerts",
    (
        "State_StudentNumber", "LastFirst", "DOB", "Street", "City", "Zip", "Alert_Medical", "Mother",
        "Home_Phone",
    ),
    lambda s: (
        s.state_id, s.last_first, _us_date(s.dob), s.street, s.city, s.zip, s.med_alert, _g(s, 0),
        s.home_phone,
    ),
)

IDENTITY_ONLY = Layout(
    "PowerSchool identity export",
    (
        "State_StudentNumber", "Student_Number", "LastFirst", "DOB", "Street", "City", "Zip", "Grade_Level",
    ),
    lambda s: (s.state_id, s.local_id, s.last_first, s.dob, s.street, s.city, s.zip, s.grade),
)

SECTION_504 = Layout(
    "504 plan roster",
    (
        "Student Name", "Student ID", "Grade", "School", "Case Manager", "504 Plan", "Disability",
        "Accommodations", "Annual Review",
    ),
    lambda s: (
        s.full_name, s.local_id, s.grade_code, s.school, f"Ms. {s.teacher}", _yn(s.section_504), s.disability,
        "; ".join(s.accommodations), _us_date(dt.date(2025, 1 + s.dob.month % 6, s.dob.day % 28 + 1)),
    ),
)

WELCOME_ROSTER = Layout(
    "after-school program enrollment",
    (
        "Student Last Name", "Student First Name", "Grade", "Site", "Allergies", "Medications",
        "Medical Conditions", "Parent/Guardian Name", "Parent Phone", "Parent Email", "Fees Paid",
        "Balance Due",
    ),
    lambda s: (
        s.last, s.first, s.grade_code, s.school.split()[0] + " site", ", ".join(s.allergies),
        ", ".join(s.medications), ", ".join(s.conditions), _g(s, 0), s.guardians[0].cell,
        s.guardians[0].email, "Yes" if s.fees_paid else "No", s.fee_balance,
    ),
)

CLASS_LIST = Layout(
    "class list",
    (
        "Student_Number", "LastFirst", "Grade_Level",
    ),
    lambda s: (s.local_id, s.last_first, s.grade),
)

CLASS_ALLERGIES = Layout(
    "class list with allergies (for a substitute)",
    (
        "Student", "Student ID", "Allergies", "Medications", "Notes",
    ),
    lambda s: (s.full_name, s.local_id, ", ".join(s.allergies) or "None", ", ".join(s.medications),
               ", ".join(s.conditions)),
)

LUNCH = Layout(
    "lunch status export",
    (
        "Student_Number", "LastFirst", "Grade_Level", "LunchStatus", "Balance1",
    ),
    lambda s: (s.local_id, s.last_first, s.grade, s.lunch, s.fee_balance),
)

BIRTHDAYS = Layout(
    "class birthdays",
    (
        "Student", "Birth Date",
    ),
    lambda s: (s.full_name, _us_date(s.dob)),
)

ALL_LAYOUTS: tuple[Layout, ...] = (
    POWERSCHOOL, INFINITE_CAMPUS, AERIES, TRANSPORT, VERSATRANS, ROUTE_WITH_MEDICAL, MED_ALERT, PERSONAL_COPY,
    IDENTITY_ONLY, SECTION_504, WELCOME_ROSTER, CLASS_LIST, CLASS_ALLERGIES, LUNCH, BIRTHDAYS,
)


def _score(s: Student, salt: int) -> int:
    return 62 + (int(s.local_id) * 7919 + salt * 104729) % 38


def _letter(score: int) -> str:
    return "A" if score >= 90 else "B" if score >= 80 else "C" if score >= 70 else "D"


GRADEBOOK = Layout(
    "gradebook export",
    ("Student", "Student ID", "Q1 %", "Q2 %", "Unit 3 Test", "Final Grade"),
    lambda s: (
        s.last_first, s.local_id, _score(s, 1), _score(s, 2), _score(s, 3), _letter(_score(s, 4)),
    ),
)

_INCIDENTS = (
    ("Disruption", "Lunch detention", 1), ("Fighting", "Out-of-school suspension", 3),
    ("Defiance", "Parent conference", 0), ("Vaping on campus", "In-school suspension", 2),
    ("Harassment", "Out-of-school suspension", 5), ("Truancy", "Saturday school", 1),
)

DISCIPLINE = Layout(
    "discipline log",
    (
        "Student_Number", "LastFirst", "Discipline_IncidentDate", "Discipline_IncidentType",
        "Discipline_ActionTaken", "Discipline_DurationAssigned",
    ),
    lambda s: (
        s.local_id, s.last_first, f"10/{1 + int(s.local_id) % 28:02d}/2024",
        *_INCIDENTS[int(s.local_id) % len(_INCIDENTS)],
    ),
)
