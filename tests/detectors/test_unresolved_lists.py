"""Lists whose members no lookup told: weighed as many people outside the district, and said so."""

from __future__ import annotations

import pytest

from backend.audience import Audience
from backend.decide import decide, exposure_of
from backend.detectors import REGISTRY, exposure
from backend.messages import words_for
from backend.models import Enrichment, GroupInfo, Recipient
from tests.detectors.helpers import POLICY, STAFF, context, parents, roster

ASSUMED = POLICY.audience.unresolved_list_reach

SEATS = [
    # (description, recipient, weighed as an unresolved list outside the staff)
    ("transportation-families@ typed as a person", Recipient(f"transportation-families@{STAFF}"), True),
    ("parents-grade5@ from Gmail (no kind)", Recipient(f"parents-grade5@{STAFF}"), True),
    ("AllStudents marked as a list", Recipient(f"AllStudents@{STAFF}", kind="list"), True),
    ("students-2027@ on the student domain", Recipient(f"students-2027@students.{STAFF}"), True),
    ("an Outlook list with a neutral name", Recipient(f"ms-announcements@{STAFF}", kind="list"), True),
    ("a list on an outside domain", Recipient("pta-board@groups.example", kind="list"), True),
    ("staff@ marked as a list", Recipient(f"staff@{STAFF}", kind="list"), False),
    ("teachers-ms@ marked as a list", Recipient(f"teachers-ms@{STAFF}", kind="list"), False),
    ("a teacher", Recipient(f"mokafor@{STAFF}"), False),
    ("student-services@", Recipient(f"student-services@{STAFF}"), False),
    ("a parent on Gmail", Recipient("wei.chen@gmail.com"), False),
    ("a parent named like a list word", Recipient("jkids@outlook.com"), False),
    ("the bus contractor's dispatcher", Recipient("dispatch@metrotransit-buses.example"), False),
]


@pytest.mark.parametrize(("description", "recipient", "assumed"), SEATS, ids=[s[0] for s in SEATS])
def test_unresolved_lists_are_large_and_outside(description: str, recipient: Recipient, assumed: bool) -> None:
    ctx = context((recipient,))
    [seat] = ctx.audience.seats
    assert seat.assumed is assumed
    if assumed:
        assert (seat.is_list, seat.reach, seat.outside_reach) == (True, ASSUMED, ASSUMED)
    else:
        assert seat.reach == 1


def test_table_has_more_should_not_than_should() -> None:
    assert sum(not a for *_, a in SEATS) >= sum(a for *_, a in SEATS)


def test_a_resolved_list_is_counted_not_assumed() -> None:
    address = f"transportation-families@{STAFF}"
    group = GroupInfo(address, 12, 3)
    ctx = context((Recipient(address),), enrichment=Enrichment(groups={address: group}))
    [seat] = ctx.audience.seats
    assert (seat.assumed, seat.resolved, seat.reach, seat.outside_reach) == (False, True, 12, 3)


def test_bus_roster_to_transportation_families_blocks_and_says_the_list_was_not_looked_up() -> None:
    address = f"transportation-families@{STAFF}"
    ctx = context((Recipient(address),), (roster(18_000, "address", "transport"),), app="api")
    [finding] = exposure.detect(ctx)
    assert (finding.severity, finding.recipients, finding.params["list"]) == ("block", ASSUMED, address)
    message = words_for(finding).message
    assert address in message and "could not look up" in message


def test_one_students_record_to_a_family_list_is_not_one_family() -> None:
    """The family rule (one student's record to a few outside people) cannot hold for a list of unknown size."""
    to_list = context((Recipient(f"parents-grade5@{STAFF}"),), (roster(1, "health"),))
    to_parent = context(parents(1, "to"), (roster(1, "health"),))
    assert [f.severity for f in exposure.detect(to_list)] == ["warn"]
    assert [f.severity for f in exposure.detect(to_parent)] == ["info"]


def test_records_to_a_staff_list_stay_with_staff() -> None:
    ctx = context((Recipient(f"teachers-ms@{STAFF}", kind="list"),), (roster(300, "health"),))
    [finding] = exposure.detect(ctx)
    assert (finding.severity, finding.recipients, "list" in finding.params) == ("info", 0, False)


def test_no_records_to_a_family_list_is_ordinary_mail() -> None:
    ctx = context((Recipient(f"parents-grade5@{STAFF}"),))
    findings = [f for _, detect in REGISTRY for f in detect(ctx)]
    assert findings == []


def test_exposure_comes_from_the_findings() -> None:
    ctx = context(parents(300), (roster(40, "health", source="a.xlsx"), roster(2, "names", source="b.xlsx")))
    findings = [f for _, detect in REGISTRY for f in detect(ctx)]
    audience = Audience.of(ctx.message, ctx.enrichment, ctx.policy)
    verdict = decide(findings, exposure_of(findings, audience), "x")
    assert verdict.verdict == "block"
    assert verdict.exposure.people == 42 and verdict.exposure.outside_recipients == 300
    assert verdict.exposure.data == ("health", "names")
    notes = [w for w in verdict.findings if w.finding.severity == "info"]
    assert [w.fix for w in notes] == [""]  # a note has nothing to fix
