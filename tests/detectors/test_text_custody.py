"""Custody and court-order restrictions tied to a named student are records; the words alone are not."""

from __future__ import annotations

import pytest

from backend.detectors.content.text import analyze_text
from backend.policy import load_demo_policy

POLICY = load_demo_policy()

SHOULD_FLAG = [
    "Ava Okafor - do not release to father, court order on file",
    "Liam Novak: restraining order against his mother. Only grandmother may pick up.",
    "Please note Maya Chen's custody arrangement: mother only on weekdays.",
    "Noah Reyes - court order on file, call the office before release",
    "Student\tPickup restriction\nZoe Lindqvist\tcourt order on file\nOwen Marsh\tdo not release to Tom Marsh",
]
SHOULD_NOT_FLAG = [
    "Reminder: custody papers and any court orders must be on file with the office before field day.",
    "Families with a custody order should bring a copy to the front office.",
    "Join Dana Whitfield for a workshop on custody and court orders for school staff.",
    "Our custodian, Ray Castellano, will open the gym at 7.",
    "Custody forms: ________  Court order on file? Y / N",
    "If your child has a restraining order in place, please let us know.",
]


def test_tables_are_balanced() -> None:
    assert len(SHOULD_NOT_FLAG) >= len(SHOULD_FLAG)


@pytest.mark.parametrize("text", SHOULD_FLAG)
def test_named_restriction_is_custody(text: str) -> None:
    evidence = analyze_text(text, POLICY)
    assert "custody" in evidence.data and evidence.people >= 1


@pytest.mark.parametrize("text", SHOULD_NOT_FLAG)
def test_restriction_words_alone_are_not(text: str) -> None:
    assert "custody" not in analyze_text(text, POLICY).data
