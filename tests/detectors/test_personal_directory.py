"""The personal-account rule with the directory's record of the sender's personal addresses.

Each row is (recipient, display name, the addresses the directory lists, should flag). A listed
address is the sender's own whatever it is called; an unlisted one falls back to the name rules;
the record never makes someone else's address the sender's.
"""

from __future__ import annotations

import pytest

from backend.detectors import personal_account
from backend.models import Enrichment, Recipient
from tests.detectors.helpers import STAFF, context, roster

HOME = "kp1987@gmail.com"

SHOULD_FLAG = [
    (HOME, "", {HOME}),
    ("KP1987@Gmail.com", "", {HOME}),  # addresses compare without case
    ("kiran.patel1987@gmail.com", "", set()),  # no record: the sender's whole name still says so
    ("kiran.patel1987@gmail.com", "", {HOME}),  # a record does not hide what the name says
]
SHOULD_NOT_FLAG = [
    (HOME, "", set()),  # nothing in kp1987@ names Kiran Patel
    ("kpatel23@outlook.com", "Kevin Patel", {HOME}),  # a parent who shares the surname and initial
    ("kpatel23@outlook.com", "", {HOME}),
    ("family@gmail.com", "", {HOME}),
    ("kp1987@gmail.co", "", {HOME}),  # close is not the same address
]


def test_the_table_is_balanced() -> None:
    assert len(SHOULD_NOT_FLAG) >= len(SHOULD_FLAG)


@pytest.mark.parametrize(("address", "name", "listed", "flag"),
                         [(*row, True) for row in SHOULD_FLAG] + [(*row, False) for row in SHOULD_NOT_FLAG])
def test_directory_record_of_personal_addresses(address: str, name: str, listed: set[str], flag: bool) -> None:
    ctx = context((Recipient(address, name),), (roster(40, "address", "health"),),
                  enrichment=Enrichment(personal_addresses=frozenset(listed)))
    assert bool(list(personal_account.detect(ctx))) is flag


def test_a_listed_address_inside_the_district_is_not_outside() -> None:
    inside = f"kpatel.home@{STAFF}"
    ctx = context((Recipient(inside),), (roster(40, "address"),),
                  enrichment=Enrichment(personal_addresses=frozenset({inside})))
    assert list(personal_account.detect(ctx)) == []
