"""Incidents 1 and 5 through the real Engine with the real LookupEnricher and the local cloud."""

from __future__ import annotations

import time

import anyio
import pytest

from backend.engine import Engine
from backend.integrations.secrets import Credentials
from backend.models import OutgoingMessage, Person, Recipient, Verdict
from backend.policy import Policy
from tests.integrations.conftest import ROSTER_URL, SHEET_ID, SHEET_URL, STAFF, STUDENTS, make_enricher, policy_for
from tests.integrations.fakecloud import Cloud, DriveFile, GraphGroup, free_port

SENDER = Person(f"transport@{STAFF}", "Transportation Office")
FAMILIES = tuple(Recipient(f"family{i}@gmail.com", field="bcc") for i in range(3000))
BODY = "Dear families, your child's bus stop and pickup time for this year are here: {link}\nTransportation"


def bus_message(link: str = ROSTER_URL, *, app: str = "outlook") -> OutgoingMessage:
    return OutgoingMessage(sender=SENDER, bcc=FAMILIES, subject="Bus information 2024-25",
                           body_text=BODY.format(link=link), client_app=app)  # type: ignore[arg-type]


def check(creds: Credentials, policy: Policy, message: OutgoingMessage) -> tuple[Verdict, float]:
    async def go() -> tuple[Verdict, float]:
        enricher = make_enricher(creds, policy)
        try:
            started = time.perf_counter()
            verdict = await Engine(policy, enricher).check(message)
            return verdict, time.perf_counter() - started
        finally:
            await enricher.aclose()

    return anyio.run(go)


def codes(verdict: Verdict) -> dict[str, str]:
    return {w.finding.code: w.finding.severity for w in verdict.findings}


# --- incident 1: the bus roster as a link ------------------------------------------------------


def test_bus_roster_link_open_to_anyone_blocks(cloud: Cloud, creds: Credentials, policy: Policy,
                                               bus_roster: bytes) -> None:
    cloud.graph_files[ROSTER_URL] = DriveFile("Bus Roster 2024-25.xlsx", bus_roster, link_scopes=("anonymous",))
    verdict, _ = check(creds, policy, bus_message())
    assert verdict.verdict == "block"
    top = verdict.findings[0].finding
    assert (top.code, top.people, top.params.get("scope")) == ("roster_linked", 3000, "anyone")
    assert {"address", "transport"} <= set(top.data)
    assert "3,000 students'" in verdict.message
    assert "anyone with the link can open" in verdict.message
    assert verdict.exposure.people == 3000


def test_bus_roster_google_sheet_open_to_anyone_blocks(cloud: Cloud, creds: Credentials, policy: Policy,
                                                       bus_roster: bytes) -> None:
    cloud.google_files[SHEET_ID] = DriveFile("Bus Roster", bus_roster, mime="application/vnd.google-apps.spreadsheet",
                                             link_scopes=("anyone",))
    verdict, _ = check(creds, policy, bus_message(SHEET_URL, app="gmail"))
    assert verdict.verdict == "block"
    assert "3,000 students'" in verdict.message and "anyone with the link can open" in verdict.message


@pytest.mark.parametrize("scopes", [("users",), ("organization",)])
def test_bus_roster_link_for_specific_people_or_the_district_is_allowed(
    cloud: Cloud, creds: Credentials, policy: Policy, bus_roster: bytes, scopes: tuple[str, ...]
) -> None:
    cloud.graph_files[ROSTER_URL] = DriveFile("Bus Roster 2024-25.xlsx", bus_roster, link_scopes=scopes)
    verdict, _ = check(creds, policy, bus_message())
    assert verdict.verdict == "allow"  # families cannot open it; the link alone exposes nobody
    # The records are weighed (a note at most, for a file the district can open) and nothing warns.
    assert codes(verdict).get("roster_linked", "info") == "info" and "shared_file_link" not in codes(verdict)


def test_roster_link_open_to_the_district_sent_to_students_blocks(cloud: Cloud, creds: Credentials,
                                                                  policy: Policy, bus_roster: bytes) -> None:
    cloud.graph_files[ROSTER_URL] = DriveFile("Bus Roster 2024-25.xlsx", bus_roster, link_scopes=("organization",))
    students = tuple(Recipient(f"s{i}@{STUDENTS}", field="bcc") for i in range(40))
    message = OutgoingMessage(sender=SENDER, bcc=students, body_text=BODY.format(link=ROSTER_URL))
    verdict, _ = check(creds, policy, message)
    assert verdict.verdict == "block"
    assert "everyone in the district can open" in verdict.message


# --- incident 5: AllStudents -------------------------------------------------------------------


@pytest.mark.parametrize(("app", "expected"), [("outlook", "warn"), ("api", "block")])
def test_allstudents_list_of_9000(cloud: Cloud, creds: Credentials, policy: Policy, app: str, expected: str) -> None:
    cloud.graph_groups[f"allstudents@{STUDENTS}"] = GraphGroup("g-1", total=9000, staff=0)
    message = OutgoingMessage(sender=SENDER, to=(Recipient(f"AllStudents@{STUDENTS}", kind="list"),),
                              subject="Picture day", body_text="Picture day is Friday.",
                              client_app=app)  # type: ignore[arg-type]
    verdict, _ = check(creds, policy, message)
    assert verdict.verdict == expected
    assert codes(verdict) == {"protected_list": expected}
    assert "9,000 people" in verdict.message


def test_large_list_with_an_ordinary_name_is_found_for_automations(cloud: Cloud, creds: Credentials,
                                                                   policy: Policy) -> None:
    cloud.graph_groups[f"hs-families@{STAFF}"] = GraphGroup("g-2", total=1800, staff=0)
    message = OutgoingMessage(sender=SENDER, to=(Recipient(f"hs-families@{STAFF}"),), body_text="Reminder",
                              client_app="api")
    verdict, _ = check(creds, policy, message)
    assert verdict.verdict == "block" and codes(verdict) == {"large_audience": "block"}


# --- the lookup server misbehaving: a verdict inside the deadline that says so ------------------


@pytest.mark.parametrize(("mode", "why"), [
    ("slow", "the lookup took too long"),
    ("403", "the district's account was not allowed to see it"),
    ("garbage", "the lookup failed"),
])
def test_lookup_trouble_gives_a_verdict_in_time(cloud: Cloud, creds: Credentials, bus_roster: bytes,
                                                mode: str, why: str) -> None:
    policy = policy_for(cloud.base, deadline_seconds=1.0)
    cloud.graph_files[ROSTER_URL] = DriveFile("Bus Roster 2024-25.xlsx", bus_roster)
    cloud.mode = mode
    verdict, elapsed = check(creds, policy, bus_message())
    assert elapsed < 1.0 + 1.0
    assert verdict.verdict == "warn"
    assert "lookup_failed" in codes(verdict)
    assert "I could not check a linked file" in verdict.message  # next to the link warning, as "Also: ..."
    assert f"I could not check a linked file ({why})" in verdict.details_markdown


def test_lookup_server_down_gives_a_verdict_in_time(creds: Credentials) -> None:
    policy = policy_for(f"https://127.0.0.1:{free_port()}", deadline_seconds=1.0)
    verdict, elapsed = check(creds, policy, bus_message())
    assert elapsed < 2.0
    assert verdict.verdict == "warn" and "I could not check a linked file" in verdict.message


def test_list_lookup_trouble_says_a_list_was_not_checked(cloud: Cloud, creds: Credentials) -> None:
    policy = policy_for(cloud.base, deadline_seconds=0.5)
    cloud.mode = "slow"
    message = OutgoingMessage(sender=SENDER, to=(Recipient(f"ms-families@{STAFF}", kind="list"),
                                                 Recipient("parent@gmail.com")), body_text="Hello")
    verdict, elapsed = check(creds, policy, message)
    assert elapsed < 1.5
    assert verdict.verdict == "warn" and "I could not check a list address" in verdict.message
