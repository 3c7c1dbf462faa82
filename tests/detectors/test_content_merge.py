"""One document, several tables and its text: counted once, about its main subject."""

from __future__ import annotations

from backend.detectors.base import Evidence
from backend.detectors.content import merge
from backend.models import Document

DOC = Document("packet.docx", "attachment")


def part(subjects: str, keys: set[str], *data: str) -> Evidence:
    return Evidence("", "attachment", people=len(keys), person_keys=frozenset(keys), data=frozenset(data),
                    subjects=subjects)  # type: ignore[arg-type]


def test_staff_beside_a_roster_are_not_students() -> None:
    ev = merge(DOC, [part("students", {"a", "b"}, "health"), part("staff", {"t1", "t2", "t3"}, "contact")])
    assert (ev.people, ev.subjects) == (2, "students")
    assert ev.data == frozenset({"health"})


def test_same_student_in_table_and_text_counts_once() -> None:
    ev = merge(DOC, [part("students", {"a", "b"}, "names"), part("students", {"b", "c"}, "special_education")])
    assert ev.people == 3 and ev.data == frozenset({"names", "special_education"})


def test_health_table_naming_nobody_joins_the_student() -> None:
    ev = merge(DOC, [part("students", {"a"}, "names"), part("none", set(), "health")])
    assert (ev.people, ev.data) == (1, frozenset({"names", "health"}))


def test_only_staff_is_about_staff() -> None:
    ev = merge(DOC, [part("staff", {"t1"}, "contact")])
    assert (ev.people, ev.subjects) == (1, "staff")


def test_nothing_is_nothing() -> None:
    ev = merge(DOC, [])
    assert (ev.people, ev.subjects, ev.data) == (0, "none", frozenset())
