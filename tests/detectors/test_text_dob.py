"""text_dob: dates right after a birth-date word, in SIS formats; never trip dates or deadlines."""

from __future__ import annotations

import pytest

from backend.detectors.content import text_dob

CASES = [
    # should flag
    ("DOB: 03/14/2012", 1),
    ("Date of birth 2012-03-14", 1),
    ("Maya was born on March 14, 2012.", 1),
    ("Birthdate: 03142012", 1),
    ("DOB 20120314", 1),
    ("born 3/4/12", 1),
    ("D.O.B. - 14 March 2012", 1),
    # should not flag
    ("The field trip is on 05/12/2025.", 0),
    ("Permission slips are due 10/01/2025.", 0),
    ("Please send the form with your child's DOB by 10/01/2025.", 0),
    ("Birthday party on Saturday 05/10/2025!", 0),
    ("DOB: 13/45/2012", 0),
    ("DOB: 02/30/2012", 0),
    ("DOB: __/__/____", 0),
    ("Conferences run 2025-11-03 through 2025-11-05.", 0),
    ("We were born to learn, and school starts 09/02/2025.", 0),
]


@pytest.mark.parametrize(("text", "count"), CASES)
def test_dob(text: str, count: int) -> None:
    assert len(text_dob.recognize(text)) == count


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("03/14/2012", (2012, 3, 14)),
        ("2012-03-14", (2012, 3, 14)),
        ("03142012", (2012, 3, 14)),
        ("20120314", (2012, 3, 14)),
        ("3/14/12", (2012, 3, 14)),
        ("peanuts", None),
        ("02/30/2012", None),
    ],
)
def test_parse_date(value: str, expected: tuple[int, int, int] | None) -> None:
    assert text_dob.parse_date(value) == expected


def test_sample_keeps_only_the_year() -> None:
    (hit,) = text_dob.recognize("DOB: 03/14/2012")
    assert hit.sample == "**/**/2012"
    assert "03/14" not in hit.reason
