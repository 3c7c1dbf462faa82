"""text_ssn: dashed SSNs alone, other forms only beside an SSN word; never phones, dates, zips, orders."""

from __future__ import annotations

import pytest

from backend.detectors.content import text_ssn

CASES = [
    # should flag
    ("Her SSN is 412-58-3390.", 1),
    ("SS# 412 58 3390 on the enrollment form", 1),
    ("Social Security number: 412583390", 1),
    ("412-58-3390", 1),
    ("SSN: 412.58.3390", 1),
    ("Maya 412-58-3390, Leo 523-71-0284", 2),
    ("social security 412 58 3390 and 523 71 0284", 2),
    # should not flag
    ("Call the office at 425-555-0142.", 0),
    ("Call (425) 555-0142 or 425.555.0142", 0),
    ("The trip is on 10-14-2025 and forms are due 10/01/2025.", 0),
    ("Mail it to Springfield, IL 62704-1234.", 0),
    ("Order #412-58-3390 has shipped.", 0),
    ("Your confirmation number is 412583390.", 0),
    ("SSN: 123-45-6789 (example only)", 0),
    ("SSN: 078-05-1120", 0),
    ("SSN 000-12-3456", 0),
    ("SSN 666-12-3456", 0),
    ("SSN 912-12-3456", 0),
    ("SSN 412-00-3456", 0),
    ("SSN 412-58-0000", 0),
    ("Invoice 1-412-58-3390-7", 0),
    ("Room 412, 58 chairs, 3390 sheets of paper", 0),
    ("Tracking 412583390", 0),
    ("the number 412583390 without any label", 0),
]


@pytest.mark.parametrize(("text", "count"), CASES)
def test_ssn(text: str, count: int) -> None:
    assert len(text_ssn.recognize(text)) == count


@pytest.mark.parametrize(
    ("parts", "ok"),
    [
        (("412", "58", "3390"), True),
        (("000", "58", "3390"), False),
        (("666", "58", "3390"), False),
        (("999", "58", "3390"), False),
        (("412", "00", "3390"), False),
        (("412", "58", "0000"), False),
        (("123", "45", "6789"), False),
    ],
)
def test_validate_gives_a_reason(parts: tuple[str, str, str], ok: bool) -> None:
    check = text_ssn.validate(*parts)
    assert check.ok is ok
    assert check.reason
    assert "".join(parts) not in check.reason and "-".join(parts) not in check.reason


def test_sample_masked_and_reason_has_no_value() -> None:
    (hit,) = text_ssn.recognize("SSN: 412-58-3390")
    assert hit.sample == "***-**-3390"
    assert "412" not in hit.reason and "3390" not in hit.reason
    assert "412583390" not in repr(hit)
