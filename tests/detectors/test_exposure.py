"""Distinct students x data kind x recipients not entitled: the table of what warns and blocks."""

from __future__ import annotations

import pytest

from backend.detectors import exposure
from backend.models import Recipient
from tests.detectors.helpers import STAFF, context, parents, roster

PARTNER = "metrotransit-buses.example"

CASES = [
    # (description, recipients, evidence, expected severity or None)
    ("2,900 students' allergies to 300 parents", parents(300), roster(2900, "health", "contact", "fees"), "block"),
    ("18,000 students' addresses and stops to families", parents(500), roster(18000, "address", "transport"), "block"),
    ("230 students on 504 plans in the body", parents(40), roster(230, "special_education", kind="body"), "block"),
    ("one student's health to 30 parents", parents(30), roster(1, "health"), "warn"),
    ("5 students' addresses to one outside person", parents(1), roster(5, "address"), "warn"),
    ("two students' medical notes to one personal address", parents(1), roster(2, "health"), "block"),
    ("one student's SSN to the parent", parents(1), roster(1, "ssn"), "block"),
    ("one student's progress report to the parents", parents(2), roster(1, "grades"), None),
    ("one student's allergy to both parents", parents(2), roster(1, "health"), None),
    ("a class list to a co-teacher", (Recipient(f"jlee@{STAFF}"),), roster(28, "names", "student_id"), None),
    ("the allergy sheet to the nurse", (Recipient(f"nurse@{STAFF}"),), roster(400, "health"), None),
    ("route rosters to the bus contractor", (Recipient(f"dispatch@{PARTNER}"),),
     roster(600, "names", "address", "transport"), None),
    ("medical data to the bus contractor", (Recipient(f"dispatch@{PARTNER}"),), roster(600, "health"), "block"),
    ("names only to 200 parents", parents(200), roster(25, "names"), None),
    ("a game schedule: rows but no people", parents(30), roster(0, "names"), None),
    ("a transcript to a college", (Recipient("admissions@college.example"),), roster(1, "grades"), None),
    ("grades of a class to the class's students",
     tuple(Recipient(f"s{i}@students.{STAFF}") for i in range(25)), roster(25, "grades"), "block"),
]


@pytest.mark.parametrize(("description", "recipients", "evidence", "expected"), CASES, ids=[c[0] for c in CASES])
def test_exposure_table(description: str, recipients, evidence, expected) -> None:  # type: ignore[no-untyped-def]
    findings = list(exposure.detect(context(recipients, (evidence,))))
    decided = [f for f in findings if f.severity != "info"]  # "info": weighed and allowed
    assert [f.severity for f in decided] == ([expected] if expected else [])
    assert all(f.people == evidence.people for f in findings)
    if expected:
        f = findings[0]
        assert f.people == evidence.people
        assert f.code == {"attachment": "roster_attached", "body": "records_in_body"}[evidence.source_kind]
        assert f.recipients > 0


def test_staff_lists_are_not_students() -> None:
    staff = roster(80, "contact")
    staff = type(staff)(**{**staff.__dict__, "subjects": "staff"})
    assert list(exposure.detect(context(parents(300), (staff,)))) == []


URL = "https://mvusd.sharepoint.com/:x:/s/transport/EaBc"
SCOPES = [
    ("anyone, to families", "anyone", parents(300), "block"),
    ("scope unknown, to families", "unknown", parents(300), "block"),
    ("district only, to families", "organization", parents(300), None),
    ("district only, to students", "organization",
     tuple(Recipient(f"s{i}@students.{STAFF}") for i in range(30)), "block"),
    ("specific people, to families", "specific_people", parents(300), None),
]


@pytest.mark.parametrize(("description", "scope", "recipients", "expected"), SCOPES, ids=[s[0] for s in SCOPES])
def test_linked_file_exposes_only_to_who_can_open_it(description, scope, recipients, expected) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from backend.models import Enrichment, LinkedFile

    evidence = replace(roster(3000, "address", "transport", source="Bus Roster.xlsx", kind="link"), url=URL)
    enrichment = Enrichment(files={URL: LinkedFile(URL, "Bus Roster.xlsx", scope=scope)})  # type: ignore[arg-type]
    findings = list(exposure.detect(context(recipients, (evidence,), enrichment=enrichment)))
    assert [f.severity for f in findings if f.severity != "info"] == ([expected] if expected else [])
    if scope == "specific_people":
        assert findings == []  # sending the link shows the file to no one new
    if findings:
        assert findings[0].code == "roster_linked" and findings[0].params["scope"] == scope


def test_staff_social_security_numbers_block_and_say_staff() -> None:
    from dataclasses import replace

    from backend.messages import words_for

    staff_ssns = replace(roster(5, "ssn", source="staff.csv"), subjects="staff")
    [finding] = exposure.detect(context((Recipient("payroll@vendor.example"),), (staff_ssns,)))
    assert (finding.severity, finding.data) == ("block", ("ssn",))
    assert "5 staff members' Social Security numbers" in words_for(finding).message
    staff_phones = replace(roster(80, "contact"), subjects="staff")
    assert list(exposure.detect(context(parents(300), (staff_phones,)))) == []


def test_staff_ssns_to_staff_are_a_note_that_counts_no_student() -> None:
    from dataclasses import replace

    from backend.audience import Audience
    from backend.decide import exposure_of

    staff_ssns = replace(roster(5, "ssn", source="staff.csv"), subjects="staff")
    ctx = context((Recipient(f"payroll@{STAFF}"),), (staff_ssns,))
    findings = list(exposure.detect(ctx))
    assert [(f.severity, f.params.get("subjects")) for f in findings] == [("info", "staff")]
    assert exposure_of(findings, Audience.of(ctx.message, ctx.enrichment, ctx.policy)).people == 0
