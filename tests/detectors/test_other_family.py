"""The wrong-family check: one student's record, a roster that knows whose guardian each address is.
A table of (recipients, data, policy, expected finding); more rows that must not flag than that must."""

from __future__ import annotations

from dataclasses import replace

import pytest

from backend.detectors import other_family
from backend.detectors.base import Evidence
from backend.models import Recipient
from backend.policy import Policy
from backend.roster.hashing import RosterKey
from backend.roster.index import RosterIndex
from backend.roster.view import RosterView
from tests.detectors.helpers import POLICY, STAFF, context

KEY = RosterKey("detector-test-roster-key")
G1A, G1B, G2, STUDENT1 = "wei.chen@gmail.com", "li.chen@yahoo.com", "ana.ortiz@gmail.com", "maya.c@students.example"
TEACHER = f"teacher1@{STAFF}"
INDEX = RosterIndex.build(
    KEY, 1, 2,
    [("id", KEY.hashed("id", "1001"), 1), ("name", KEY.hashed("name", "Maya Chen"), 1),
     ("id", KEY.hashed("id", "1002"), 2), ("email", KEY.hashed("email", STUDENT1), 1),
     ("staff", KEY.hashed("email", TEACHER), 0)],
    [(1, KEY.hashed("email", G1A)), (1, KEY.hashed("email", G1B)), (2, KEY.hashed("email", G2))],
)


def _record(*kinds: str, ids: tuple[str, ...] = ("1001",), people: int = 1) -> Evidence:
    return Evidence(source="report.xlsx", source_kind="attachment", people=people, data=frozenset(kinds),
                    subjects="students", roster_hits=frozenset(KEY.hashed("id", i) for i in ids))


def _policy(**roster: object) -> Policy:
    return replace(POLICY, roster=replace(POLICY.roster, **roster))


CASES: list[tuple[str, tuple[str, ...], Evidence, Policy, tuple[str, str] | None]] = [
    ("to another family", (G2,), _record("grades"), POLICY, ("other_family", "warn")),
    ("health to another family", (G2,), _record("health"), POLICY, ("other_family", "block")),
    ("right family and a wrong one", (G1A, G2), _record("grades"), POLICY, ("other_family", "warn")),
    ("unknown address, policy warns", ("new@gmail.com",), _record("grades"), _policy(unknown_recipient="warn"),
     ("unlisted_recipient", "warn")),
    ("policy blocks every wrong family", (G2,), _record("grades"), _policy(other_family="block"),
     ("other_family", "block")),
    ("health, no kind blocks", (G2,), _record("health"), _policy(other_family_block=()), ("other_family", "warn")),
    ("to both guardians", (G1A, G1B), _record("grades"), POLICY, None),
    ("health to a guardian", (G1A,), _record("health"), POLICY, None),
    ("to the student", (STUDENT1,), _record("grades"), POLICY, None),
    ("to a teacher", (TEACHER,), _record("grades"), POLICY, None),
    ("unknown address by default", ("new@gmail.com",), _record("grades"), POLICY, None),
    ("policy allows", (G2,), _record("grades"), _policy(other_family="allow"), None),
    ("two students' records", (G2,), _record("grades", ids=("1001", "1002"), people=2), POLICY, None),
    ("a student not on the roster", (G2,), _record("grades", ids=("9999",)), POLICY, None),
    ("names only", (G2,), _record(), POLICY, None),
]


@pytest.mark.parametrize(("case", "to", "ev", "policy", "expected"), CASES, ids=[c[0] for c in CASES])
def test_other_family(case: str, to: tuple[str, ...], ev: Evidence, policy: Policy,
                      expected: tuple[str, str] | None) -> None:
    ctx = replace(context(tuple(Recipient(e) for e in to), (ev,), policy=policy), roster=RosterView(INDEX))
    found = [(f.code, f.severity) for f in other_family.detect(ctx)]
    assert found == ([expected] if expected else [])


def test_without_a_roster_nothing_is_known() -> None:
    ctx = context((Recipient(G2),), (_record("health"),))
    assert list(other_family.detect(ctx)) == []


def test_the_finding_names_the_first_wrong_address_and_plans_its_removal() -> None:
    ctx = replace(context((Recipient(G1A), Recipient(G2), Recipient("x.ortiz@gmail.com")), (_record("grades"),)),
                  roster=RosterView(INDEX))
    (finding,) = other_family.detect(ctx)
    assert finding.params == {"recipient": G2, "others": 0}
    assert finding.plan is not None and finding.plan.targets == (G2,)
