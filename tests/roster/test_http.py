"""The roster's verdicts over real HTTP: the app on a loopback socket with its reader processes,
a 2,000-student roster imported into its store, and the API as clients call it."""

from __future__ import annotations

import base64
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import httpx
import pytest

from backend.app import create_app
from backend.policy import load_demo_policy
from backend.roster.importer import prepare
from backend.roster.store import write
from backend.settings import Settings
from backend.store import open_store
from tests.corpus.server import LiveServer
from tests.fakedata import delimited, oneroster, pdf
from tests.fakedata.students import Student, generate
from tests.roster.helpers import KEY, SECRET, population

API_KEY = "roster-test-key"
SENDER = {"email": "kpatel@maplevalley.k12.example", "name": "Kiran Patel"}
REPORT = ("Student_Number", "First_Name", "Last_Name", "Course", "Quarter_Grade", "Teacher_Comment")
HEALTH = ("Student_Number", "First_Name", "Last_Name", "Allergies", "Medications", "Health_Conditions")


def _serve(tmp: Path, *, roster: bool) -> Iterator[httpx.Client]:
    extra = {"CROSSING_GUARD_ROSTER_KEY": SECRET} if roster else {}
    # No check records: a merge of blocked checks from one key would trip its breaker (its own tests).
    settings = Settings(api_keys=frozenset({API_KEY}), data_dir=tmp, extra=extra, records=False)
    if roster:
        outcome = prepare(oneroster.write_dir(oneroster.bundle(population()), tmp / "bundle"), KEY)
        assert outcome.hashed is not None
        store = open_store(settings)
        write(store, outcome.hashed, 0)
        store.close()
    with LiveServer(create_app(settings, load_demo_policy())) as base_url, httpx.Client(
        base_url=base_url, headers={"Authorization": f"Bearer {API_KEY}"}, timeout=120
    ) as client:
        yield client


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    yield from _serve(tmp_path_factory.mktemp("roster-app"), roster=True)


@pytest.fixture(scope="module")
def no_roster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    yield from _serve(tmp_path_factory.mktemp("plain-app"), roster=False)


def _report_row(s: Student) -> tuple[str, ...]:
    return (s.local_id, s.first, s.last, "Algebra I", "B+", "Steady progress this quarter")


def _health_row(s: Student) -> tuple[str, ...]:
    return (s.local_id, s.first, s.last, "; ".join(s.allergies) or "Peanuts",
            "; ".join(s.medications) or "EpiPen 0.3 mg", "; ".join(s.conditions) or "Asthma")


def _csv(name: str, header: Sequence[str], rows: Sequence[Sequence[str]]) -> dict[str, Any]:
    return {"name": name, "content_b64": base64.b64encode(delimited.table(header, rows)).decode()}


def _check(client: httpx.Client, to: Sequence[str], *, body: str = "Please see attached.",
           attachments: Sequence[dict[str, Any]] = ()) -> dict[str, Any]:
    request = {"client": {"app": "api"}, "sender": SENDER, "to": [{"email": e} for e in to],
               "subject": "Progress report", "body": {"text": body}, "attachments": list(attachments)}
    response = client.post("/v1/check", json=request)
    assert response.status_code == 200, response.text[:300]
    answer: dict[str, Any] = response.json()
    return answer


def _guardians(s: Student) -> list[str]:
    return [g.email for g in s.guardians]


def _other_family(s: Student) -> str:
    """A guardian of a different student, and of no student sharing a guardian with `s`."""
    mine = set(_guardians(s))
    for other in population():
        if other is not s and not mine & set(_guardians(other)) and other.last != s.last:
            return other.guardians[0].email
    raise AssertionError("no other family")


def _two_guardian_student() -> Student:
    return next(s for s in population()[20:] if len(s.guardians) == 2)


def test_one_students_report_to_their_two_guardians_is_allowed(client: httpx.Client) -> None:
    maya = _two_guardian_student()
    answer = _check(client, _guardians(maya), attachments=[_csv("report.csv", REPORT, [_report_row(maya)])])
    assert answer["verdict"] == "allow"
    assert answer["exposure"]["people"] == 1
    assert not [f for f in answer["findings"] if f["code"] == "other_family"]


def test_the_same_report_to_another_familys_guardian_warns_naming_the_mismatch(client: httpx.Client) -> None:
    maya = _two_guardian_student()
    wrong = _other_family(maya)
    answer = _check(client, [wrong], attachments=[_csv("report.csv", REPORT, [_report_row(maya)])])
    assert answer["verdict"] == "warn"
    (finding,) = [f for f in answer["findings"] if f["code"] == "other_family"]
    assert finding["severity"] == "warn" and finding["fix"] == "Check the address before sending"
    assert f"{wrong} is listed as the guardian of a different student" in answer["message"]
    assert answer["message"].startswith("This spreadsheet is about one student")
    assert finding["fix_plan"]["action"] == "remove_recipients" and finding["fix_plan"]["targets"] == [wrong]
    assert maya.first not in answer["message"] and maya.local_id not in str(answer)


def test_a_health_record_to_another_family_blocks(client: httpx.Client) -> None:
    maya = _two_guardian_student()
    answer = _check(client, [*_guardians(maya), _other_family(maya)],
                    attachments=[_csv("health.csv", HEALTH, [_health_row(maya)])])
    assert answer["verdict"] == "block"
    assert answer["findings"][0]["code"] == "other_family"


def test_without_a_roster_the_wrong_family_cannot_be_told(no_roster: httpx.Client) -> None:
    maya = _two_guardian_student()
    answer = _check(no_roster, [_other_family(maya)], attachments=[_csv("report.csv", REPORT, [_report_row(maya)])])
    assert answer["verdict"] == "allow"  # one student's record to at most four outside people: assumed family


def test_an_address_the_roster_does_not_know_is_allowed_by_default(client: httpx.Client) -> None:
    maya = _two_guardian_student()
    answer = _check(client, ["new.address.2025@gmail.com"],
                    attachments=[_csv("report.csv", REPORT, [_report_row(maya)])])
    assert answer["verdict"] == "allow"


MERGE = 300


def test_a_mail_merge_of_300_messages_each_with_its_own_childs_row_is_all_allowed(client: httpx.Client) -> None:
    verdicts = []
    for s in population()[:MERGE]:
        answer = _check(client, _guardians(s), body=f"Dear family of {s.first}, your child's health record:",
                        attachments=[_csv("health.csv", HEALTH, [_health_row(s)])])
        verdicts.append(answer["verdict"])
        assert answer["exposure"]["people"] == 1
    assert verdicts == ["allow"] * MERGE


def test_the_same_merge_with_the_whole_file_blocks_counting_other_families_children(client: httpx.Client) -> None:
    students = population()[:MERGE]
    whole = _csv("health.csv", HEALTH, [_health_row(s) for s in students])
    for s in students[:: MERGE // 15]:
        to = set(_guardians(s))
        own = sum(1 for t in students if to & set(_guardians(t)))
        answer = _check(client, sorted(to), attachments=[whole])
        assert answer["verdict"] == "block"
        assert answer["exposure"]["people"] == MERGE
        assert f"{MERGE - own} of them are other families' children" in answer["message"]


def test_a_roster_students_name_in_a_pasted_paragraph_is_counted(
    client: httpx.Client, no_roster: httpx.Client
) -> None:
    a, b = population()[40], population()[41]
    text = (f"Quick note before conferences: {a.first} {a.last} has missed four days this month, and "
            f"{b.last}, {b.first} still owes the lab fee. Thanks for following up.")
    assert _check(client, ["pta.volunteer@gmail.com"], body=text)["exposure"]["people"] == 2
    assert _check(no_roster, ["pta.volunteer@gmail.com"], body=text)["exposure"]["people"] == 0


def test_roster_students_named_in_a_pdf_are_counted(client: httpx.Client) -> None:
    named = population()[60:63]
    lines = ["Field trip permission follow-up", "Still missing forms from:",
             *(f"{s.first} {s.middle[0]}. {s.last}" for s in named), "Please return by Friday."]
    doc = {"name": "followup.pdf", "content_b64": base64.b64encode(pdf.document(lines)).decode()}
    answer = _check(client, ["pta.volunteer@gmail.com"], attachments=[doc])
    assert answer["exposure"]["people"] == 3
    assert not [f for f in answer["findings"] if f["code"] == "unreadable_attachment"]


def test_names_not_on_the_roster_count_no_one(client: httpx.Client) -> None:
    strangers = generate(3, seed=4242)
    text = " ".join(f"{s.first} {s.last} did well." for s in strangers if (s.first, s.last) not in
                    {(p.first, p.last) for p in population()})
    answer = _check(client, ["pta.volunteer@gmail.com"], body=f"Science fair: {text}")
    assert answer["exposure"]["people"] == 0
