"""text_names: lists of student names (three or more lines), not greetings, signatures or prose."""

from __future__ import annotations

import pytest

from backend.detectors.content import text_names
from backend.detectors.content.text_base import Layout


def listed(text: str) -> int:
    layout = Layout(text)
    return len({h.person for h in text_names.recognize(layout, text_names.furniture_lines(layout))})


CASES = [
    # should flag: distinct people listed
    ("Maya Chen\nLeo Marsh\nNia Osei", 3),
    ("Chen, Maya\nMarsh, Leo\nOsei, Nia\nWhitlock, Ezra", 4),
    ("1. Maya Chen\n2. Leo Marsh\n3. Nia Osei\n4. Maya Chen", 3),
    ("- Maya Chen - peanut allergy\n- Leo Marsh - asthma\n- Nia Osei - bee stings", 3),
    ("CHEN, MAYA\nMARSH, LEO\nOSEI, NIA", 3),
    ("Maya J. Chen\t4\nLeo Marsh\t5\nNia Osei\t4", 3),
    # should not flag
    ("Dear Ms. Patel,\nThanks for the update on the reading group.\nThanks,\nKiran", 0),
    ("Hi Maya,\nSee you tomorrow.\nBest,\nKiran Patel\nPrincipal\nLincoln Elementary", 0),
    ("Maya Chen and Leo Marsh did a great job presenting today. Nia Osei helped too.", 0),
    ("Maya Chen\nLeo Marsh", 0),
    ("Field Trip\nPermission Slip\nBus Schedule\nLunch Menu", 0),
    ("Route 12 - Maple St - 7:15 AM\nRoute 14 - Oak Ave - 7:25 AM\nRoute 16 - Elm Rd - 7:35 AM", 0),
    ("Agenda:\n1. Welcome\n2. IEP Training\n3. Budget Update\n4. Questions", 0),
    ("Lincoln Elementary\nRoosevelt Middle School\nJefferson High School", 0),
]


@pytest.mark.parametrize(("text", "people"), CASES)
def test_name_lists(text: str, people: int) -> None:
    assert listed(text) == people


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Yesterday Maya had a seizure.", 1),
        ("Maya Chen's inhaler is in the office.", 1),
        ("Please ask Ms. Patel.", 0),
        ("Lincoln Elementary is closed.", 0),
        ("Please send it Monday.", 0),
        ("Allergy season is here.", 0),
    ],
)
def test_find_names(text: str, names: int) -> None:
    assert len(text_names.find_names(text, 0, len(text))) == names


def test_same_person_in_either_order_has_one_key() -> None:
    assert listed("Chen, Maya\nMaya Chen\nLeo Marsh\nNia Osei") == 3
