"""text_rows: tables pasted into a body as lines; a row counts under a sensitive heading with a real value."""

from __future__ import annotations

import pytest

from backend.detectors.content import text_rows
from backend.detectors.content.text_base import Layout

NAMES = ["Maya Chen", "Leo Marsh", "Nia Osei", "Ezra Whitlock"]


def people(text: str, kind: str) -> int:
    return len({h.person for h in text_rows.recognize(Layout(text), frozenset()) if h.kind == kind})


def table(header: str, rows: list[str], sep: str = "\t") -> str:
    return "\n".join([header.replace("\t", sep), *(r.replace("\t", sep) for r in rows)])


CASES = [
    # should flag: (text, kind, people)
    (table("Name\tGrade\t504", [f"{n}\t4\tYes" for n in NAMES]), "special_education", 4),
    (table("Student\tAllergies", [f"{n}\tpeanuts" for n in NAMES]), "health", 4),
    (table("Name | DOB", [f"{n} | 03/14/2012" for n in NAMES], " | "), "birth_date", 4),
    (table("LastFirst\tStudent_Number", ["Chen, Maya\t0273966", "Marsh, Leo\t0273969"]), "student_id", 2),
    (table("Name,Grade,Lunch", [f"{n},4,Free" for n in NAMES], ","), "lunch", 4),
    (table("SSN\tGrade", ["412-58-3390\t4", "523-71-0284\t5"]), "ssn", 2),
    # should not flag
    (table("Name\tGrade\t504", [f"{n}\t4\tNo" for n in NAMES]), "special_education", 0),
    (table("Student\tAllergies", [f"{n}\tNone" for n in NAMES]), "health", 0),
    (table("Name,Grade,Lunch", [f"{n},4,Paid" for n in NAMES], ","), "lunch", 0),
    (table("Name | DOB", [f"{n} | TBD" for n in NAMES], " | "), "birth_date", 0),
    (table("Route\tStop\tTime", ["12\tMaple St\t7:15", "14\tOak Ave\t7:25"]), "names", 0),
    (table("Game\tOpponent\tTime", ["Home\tRiverside\t4:00", "Away\tLakeview\t5:30"]), "names", 0),
    ("Maya, Leo, and Nia have allergies, so we will skip the bake sale.\nThanks, all, for helping.", "health", 0),
]


@pytest.mark.parametrize(("text", "kind", "count"), CASES)
def test_pasted_rows(text: str, kind: str, count: int) -> None:
    assert people(text, kind) == count


def test_samples_are_masked() -> None:
    text = table("Name\tSSN", ["Maya Chen\t412-58-3390"])
    (hit,) = text_rows.recognize(Layout(text), frozenset())
    assert hit.sample == "***-**-3390"
    assert "Maya" not in hit.reason and "412" not in hit.reason
