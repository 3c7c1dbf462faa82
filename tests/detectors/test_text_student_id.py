"""text_student_id: 5-10 digits right after a student-ID word; never a bare number."""

from __future__ import annotations

import pytest

from backend.detectors.content import text_student_id

CASES = [
    # should flag
    ("Student ID: 20481937", 1),
    ("Her SSID is 4829103746.", 1),
    ("SASID 1029384756 for the transfer", 1),
    ("MOSIS # 2233445566", 1),
    ("NYSSIS ID: 0192837465", 1),
    ("EDUID 58203941", 1),
    ("student number 0273966", 1),
    ("Maya Chen, ID# 55123", 1),
    ("Student IDs: 20481937, 20481938 and 20481939", 3),
    ("State ID\n4829103746", 1),
    # should not flag
    ("Room 20481 is on the second floor.", 0),
    ("Call 4255550142 with questions.", 0),
    ("The fundraiser raised $12500 this year.", 0),
    ("Zoom meeting ID 85512345678, passcode 123456", 0),
    ("Student ID: 1234567", 0),
    ("Student ID: 00000", 0),
    ("Student ID: 1234", 0),
    ("Student ID: 12345678901", 0),
    ("Please bring your student ID card to the library.", 0),
    ("Springfield, IL 62704", 0),
    ("The 20481937 copies were printed.", 0),
]


@pytest.mark.parametrize(("text", "count"), CASES)
def test_student_id(text: str, count: int) -> None:
    assert len(text_student_id.recognize(text)) == count


def test_distinct_ids_are_distinct_identities_and_masked() -> None:
    hits = text_student_id.recognize("Student IDs: 20481937, 20481938, 20481937")
    assert len({h.identity for h in hits}) == 2
    assert all(h.sample.endswith(("937", "938")) and "2048" not in h.sample for h in hits)
    assert all("2048" not in h.reason for h in hits)
