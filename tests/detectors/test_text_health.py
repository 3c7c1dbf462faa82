"""text_health: health, 504/IEP, discipline and lunch words count only when tied to a named person."""

from __future__ import annotations

import pytest

from backend.detectors.content.text import analyze_text
from backend.policy import load_demo_policy

POLICY = load_demo_policy()

CASES = [
    # should flag: (text, people, kind)
    (
        "Hi Nurse Okafor,\nMaya Chen in Room 12 has a severe peanut allergy. Her EpiPen is in her backpack.\n"
        "Thanks,\nKiran",
        1,
        "health",
    ),
    ("Quick note: Jonah takes his ADHD medication at lunch.", 1, "health"),
    (
        "Sub plans attached. Students with 504 accommodations: Ava Okafor (extended time), Liam Novak "
        "(preferential seating), Maya Moreau (breaks).",
        3,
        "special_education",
    ),
    ("Leo Marsh had a seizure during recess today.", 1, "health"),
    ("Reminder that Priya Raman's 504 plan gives her extended time on tests.", 1, "special_education"),
    ("Dario Kessler and Wren Holloway both have IEP meetings on Friday.", 2, "special_education"),
    ("Tobias Grant was suspended for two days after the incident on the bus.", 1, "discipline"),
    ("Amara Bishop qualifies for free/reduced lunch this year.", 1, "lunch"),
    ("- Maya Chen - peanut allergy\n- Leo Marsh - asthma, inhaler in office\n- Nia Osei - diabetes", 3, "health"),
    ("Student: Ezra Whitlock\nGrade: 4\nAllergies: tree nuts, latex\nMedication: EpiPen", 1, "health"),
    # should not flag: health words without anyone's health
    ("Students with IEPs should bring their folders to the meeting. Thanks, Ava Okafor", 0, ""),
    (
        "Child's name: ______________  Allergies: ______________\nMedications: ______________\n"
        "Parent signature: ______________",
        0,
        "",
    ),
    (
        "Allergy season is here! Pollen counts are high this week. Please send an inhaler if your child "
        "needs one, and make sure the nurse has a current medication form.",
        0,
        "",
    ),
    ("Join us Tuesday for 504 plan training with Dana Whitfield from the district office.", 0, ""),
    (
        "Staff meeting agenda:\n1. Welcome\n2. IEP paperwork training\n3. Accommodations refresher\n4. Budget update",
        0,
        "",
    ),
    ("Thanks to Carmen Ruiz for organizing our allergy-friendly bake sale!", 0, ""),
    ("Our school is nut-free. Students with allergies should eat at the peanut-free table.", 0, ""),
    ("Free and reduced lunch applications are available in the office.", 0, ""),
    ("Please contact Ms. Alvarez, our 504 coordinator, with questions.", 0, ""),
    ("Reminder: detention will be held in Room 204 for any student with three tardies.", 0, ""),
    ("Does your child have allergies? Yes / No\nIEP? [ ] Yes [ ] No", 0, ""),
    ("Autism Awareness Month starts Monday; Dr. Patel will speak at the assembly.", 0, ""),
]


@pytest.mark.parametrize(("text", "people", "kind"), CASES)
def test_health_tied_to_names(text: str, people: int, kind: str) -> None:
    evidence = analyze_text(text, POLICY)
    assert evidence.people == people
    if kind:
        assert kind in evidence.data
    else:
        assert not evidence.data & {"health", "special_education", "discipline", "lunch"}


def test_thirty_student_504_list_counts_thirty() -> None:
    first = ["Maya", "Leo", "Nia", "Ezra", "Wren", "Dario"]
    last = ["Chen", "Marsh", "Osei", "Whitlock", "Holloway"]
    lines = [f"{f} {surname} - 504 plan: extended time, preferential seating" for f in first for surname in last]
    evidence = analyze_text("Here is the list you asked for:\n" + "\n".join(lines), POLICY)
    assert evidence.people == 30
    assert "special_education" in evidence.data
