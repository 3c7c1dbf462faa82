"""analyze_text: realistic school mail in, Evidence of people and kinds out, and nothing raw in it."""

from __future__ import annotations

import dataclasses

import pytest

from backend.detectors.content.text import analyze_text
from backend.policy import load_demo_policy

POLICY = load_demo_policy()

NURSE_NOTE = """Hi Nurse Okafor,

Just a heads-up that Maya Chen (Room 12) has a severe peanut allergy. Her EpiPen is in the front pocket
of her backpack and her mom has the second one.

Thanks,
Kiran"""

FIELD_TRIP = """Dear Families,

Our field trip to the science museum is on Thursday, 05/15/2025. Buses leave at 8:45 AM and return by
2:30 PM. Please return the permission slip by 05/09/2025. If your child needs an inhaler or an EpiPen,
please send it in a labelled bag and let the nurse know.

Thank you,
Ms. Rivera"""

PTA_NEWSLETTER = """PTA News - May

Spring Allergy Season Is Here
Pollen counts are high. Talk to your doctor about allergy medications.

Volunteer Spotlight
Thank you to Carmen Ruiz and Jonah Price for running the book fair!

Upcoming: Teacher Appreciation Week, Field Day, and the Spring Concert."""

BUS_SCHEDULE = """Bus schedule changes starting Monday:
Route 12 - Maple St & Oak Ave - 7:15 AM
Route 14 - Elm Rd & 5th St - 7:25 AM
Route 16 - Cedar Ln - 7:35 AM
Questions? Call transportation at 425-555-0142."""

HOMEWORK = """Hi class,
Tonight's homework: read chapter 4 and answer questions 1-10 on page 112. The quiz is Friday 10/17.
Order #20481937 for the class novels has shipped.
Mr. Grant"""

STAFF_AGENDA = """Staff meeting agenda - Tuesday
1. Welcome and announcements
2. IEP and 504 plan training (Special Education dept.)
3. Behavior plan procedures
4. Fire drill schedule
Please bring your laptops."""

TRANSCRIPT_REQUEST = """To whom it may concern,
Please send an official transcript for my daughter, who graduated in 2021, to the address below.
Thank you,
Wei Chen"""

SSN_NOTE = "Registrar: for the transfer, Leo Marsh's SSN is 523-71-0284 and DOB 04/02/2013."

ROSTER_504 = "Name\tGrade\t504 Status\n" + "\n".join(
    f"{first} {last}\t{grade}\tActive 504 plan"
    for first in ["Maya", "Leo", "Nia", "Ezra", "Wren", "Dario"]
    for last, grade in [("Chen", 3), ("Marsh", 4), ("Osei", 5), ("Whitlock", 4), ("Holloway", 3)]
)

SCENARIOS = [
    # should flag: (text, people, kinds that must be present)
    (NURSE_NOTE, 1, {"health"}),
    (ROSTER_504, 30, {"special_education", "names"}),
    (SSN_NOTE, 1, {"ssn", "birth_date"}),
    (
        "Student: Ezra Whitlock\nStudent ID: 20481937\nDOB: 03/14/2012\nAllergies: latex",
        1,
        {"student_id", "birth_date", "health"},
    ),
    # should not flag
    (FIELD_TRIP, 0, set()),
    (PTA_NEWSLETTER, 0, set()),
    (BUS_SCHEDULE, 0, set()),
    (HOMEWORK, 0, set()),
    (STAFF_AGENDA, 0, set()),
    (TRANSCRIPT_REQUEST, 0, set()),
    ("", 0, set()),
]


@pytest.mark.parametrize(("text", "people", "kinds"), SCENARIOS)
def test_school_mail(text: str, people: int, kinds: set[str]) -> None:
    evidence = analyze_text(text, POLICY)
    assert evidence.people == people
    assert len(evidence.person_keys) == people
    assert kinds <= evidence.data
    assert evidence.subjects == ("students" if people else "none")
    if not people:
        assert not evidence.data


CANARIES = ("Zephyrine", "Quillsworth", "412-58-3390", "412583390", "3390", "20481937", "03/14/2012", "peanut")


def test_evidence_holds_no_raw_values() -> None:
    text = (
        "Zephyrine Quillsworth has a peanut allergy. SSN: 412-58-3390. Student ID: 20481937. "
        "DOB: 03/14/2012.\nName\tSSN\nZephyrine Quillsworth\t412583390"
    )
    evidence = analyze_text(text, POLICY)
    assert evidence.people == 1
    assert {"health", "ssn", "student_id", "birth_date"} <= evidence.data
    shown = repr(evidence) + repr(dataclasses.asdict(evidence))
    leaked = [c for c in CANARIES if c in shown and not (c == "3390" and "***-**-3390" in shown)]
    assert leaked == []
    assert len(evidence.samples) <= 3
    assert all("*" in s for s in evidence.samples)
    assert evidence.reasons and not any(c in r for c in CANARIES for r in evidence.reasons)


def test_stops_reading_at_the_text_limit() -> None:
    policy = dataclasses.replace(POLICY, limits=dataclasses.replace(POLICY.limits, text_chars=100))
    text = "x" * 100 + " SSN: 412-58-3390"
    assert analyze_text(text, policy).people == 0
    assert analyze_text(text, POLICY).people == 1


def test_same_student_in_list_and_note_counted_once() -> None:
    text = "Maya Chen - peanut allergy\nLeo Marsh - asthma\nNia Osei - diabetes\n\nMaya Chen's EpiPen is in the office."
    assert analyze_text(text, POLICY).people == 3
