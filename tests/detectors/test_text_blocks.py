"""A document that lists each student once counts each once: an ID far below its student's name heading
belongs to that student, and a name over a list of IDs owns at most one of them."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from backend.detectors.content.text import analyze_text
from backend.extract import ReadContext, read_bytes
from backend.policy import load_demo_policy
from tests.fakedata import documents
from tests.fakedata.students import generate

POLICY = load_demo_policy()
SENIORS = tuple(generate(60, 12, grades=(12,)))


def people_in(pdf: bytes) -> int:
    (doc,) = read_bytes(pdf, "audit.pdf", "", ReadContext(POLICY.limits, time.monotonic() + 5))
    return analyze_text(doc.text, POLICY).people


# (layout, pdf, distinct students it names)
CASES: list[tuple[str, Callable[[], bytes], int]] = [
    ("ID five course lines below the name", lambda: documents.senior_audit_pdf(SENIORS), 60),
    ("ID ten course lines below the name", lambda: documents.senior_audit_pdf(SENIORS, 10), 60),
    ("ID right under the name", lambda: documents.senior_audit_pdf(SENIORS, 0), 60),
    ("one student's block", lambda: documents.senior_audit_pdf(SENIORS[:1], 8), 1),
    ("IDs under a teacher's name are other students", lambda: documents.id_list_under_teacher_pdf(
        SENIORS[:30], "Okafor, Maria"), 30),
    ("IDs alone", lambda: documents.id_list_under_teacher_pdf(SENIORS[:12], "Credit recovery list"), 12),
]


@pytest.mark.parametrize(("layout", "make", "expected"), CASES, ids=[c[0] for c in CASES])
def test_each_student_counts_once(layout: str, make: Callable[[], bytes], expected: int) -> None:
    assert people_in(make()) == expected
