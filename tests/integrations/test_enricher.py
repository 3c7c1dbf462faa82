"""LookupEnricher against the local cloud: real msal, real httpx, real TLS, loopback only."""

from __future__ import annotations

import dataclasses
import time
from urllib.parse import urlsplit

import anyio
import pytest

from backend.integrations.secrets import Credentials
from backend.models import Enrichment, OutgoingMessage, Person, Recipient
from backend.policy import Policy
from tests.integrations.conftest import (
    ROSTER_URL,
    SHEET_ID,
    SHEET_URL,
    STAFF,
    STUDENTS,
    make_enricher,
    policy_for,
)
from tests.integrations.fakecloud import Cloud, DriveFile, GraphGroup, free_port

SENDER = Person(f"transport@{STAFF}", "Transportation Office")


def message(*, links: tuple[str, ...] = (), to: tuple[Recipient, ...] = (), app: str = "outlook") -> OutgoingMessage:
    return OutgoingMessage(sender=SENDER, to=to, links=links, client_app=app)  # type: ignore[arg-type]


def enrich(creds: Credentials, policy: Policy, *messages: OutgoingMessage) -> list[Enrichment]:
    async def go() -> list[Enrichment]:
        enricher = make_enricher(creds, policy)
        try:
            return [await enricher.enrich(m, tuple(m.links), policy) for m in messages]
        finally:
            await enricher.aclose()

    return anyio.run(go)


# --- Graph: files ------------------------------------------------------------------------------


def test_graph_link_shared_with_anyone_is_read(cloud: Cloud, creds: Credentials, policy: Policy,
                                               bus_roster: bytes) -> None:
    cloud.graph_files[ROSTER_URL] = DriveFile("Bus Roster 2024-25.xlsx", bus_roster, link_scopes=("anonymous",))
    msg = message(links=(ROSTER_URL,))
    first, second = enrich(creds, policy, msg, msg)
    assert first.failures == (), first.failures
    linked = first.files[ROSTER_URL]
    assert (linked.name, linked.size, linked.file_type, linked.scope) == (
        "Bus Roster 2024-25.xlsx", len(bus_roster), "spreadsheet", "anyone")
    assert linked.document is not None and linked.document.unreadable is None
    assert sum(len(t.rows) for t in linked.document.tables) == 3000
    assert first.failures == ()
    # The second check is served from the cache: no second driveItem request, one token in all.
    assert second.files[ROSTER_URL].scope == "anyone"
    assert [p for _, p, _ in cloud.requests].count(cloud.requests[0][1]) == 1
    assert cloud.token_requests == 1


def test_graph_sends_the_link_as_data_and_never_forwards_the_token(cloud: Cloud, creds: Credentials,
                                                                   policy: Policy, bus_roster: bytes) -> None:
    cloud.graph_files[ROSTER_URL] = DriveFile("roster.xlsx", bus_roster)
    enrich(creds, policy, message(links=(ROSTER_URL,)))
    paths = [p for _, p, _ in cloud.requests]
    assert paths[0].startswith("/v1.0/shares/u!") and paths[0].endswith("/driveItem")
    assert not any(urlsplit(ROSTER_URL).path in p for p in paths)
    downloads = [(p, auth) for _, p, auth in cloud.requests if p.startswith("/download/")]
    assert downloads and all(not auth for _, auth in downloads)
    api = [auth for _, p, auth in cloud.requests if p.startswith("/v1.0/")]
    assert api and all(api)


@pytest.mark.parametrize(("scopes", "expected"), [
    (("anonymous",), "anyone"),
    (("organization",), "organization"),
    (("users",), "specific_people"),
    ((), "specific_people"),
    (("users", "anonymous"), "anyone"),
    (("organization", "users"), "organization"),
])
def test_graph_sharing_scope(cloud: Cloud, creds: Credentials, policy: Policy, scopes: tuple[str, ...],
                             expected: str) -> None:
    cloud.graph_files[ROSTER_URL] = DriveFile("notes.txt", b"hello", mime="text/plain", link_scopes=scopes)
    (result,) = enrich(creds, policy, message(links=(ROSTER_URL,)))
    assert result.files[ROSTER_URL].scope == expected


@pytest.mark.parametrize("target", [
    "https://127.0.0.1:{port}/download/{token}",  # a host not on the allow-list
    "http://localhost:{port}/download/{token}",  # not https
    "https://localhost.evil.example/download/{token}",
])
def test_graph_redirect_off_the_allow_list_is_refused(cloud: Cloud, creds: Credentials, policy: Policy,
                                                      bus_roster: bytes, target: str) -> None:
    cloud.graph_files[ROSTER_URL] = DriveFile("roster.xlsx", bus_roster,
                                              redirect_to=target.replace("{port}", str(cloud.port)))
    (result,) = enrich(creds, policy, message(links=(ROSTER_URL,)))
    assert ROSTER_URL not in result.files
    assert [(f.what, f.reason) for f in result.failures] == [("link", "denied")]
    assert not any(p.startswith("/download/") for _, p, _ in cloud.requests)


def test_graph_file_over_the_download_limit_is_not_fetched(cloud: Cloud, creds: Credentials,
                                                           bus_roster: bytes) -> None:
    cloud.graph_files[ROSTER_URL] = DriveFile("roster.xlsx", bus_roster)
    policy = policy_for(cloud.base, download_bytes=10_000)
    (result,) = enrich(creds, policy, message(links=(ROSTER_URL,)))
    doc = result.files[ROSTER_URL].document
    assert doc is not None and doc.unreadable is not None and doc.unreadable.reason == "too_large"
    assert not any("/content" in p or p.startswith("/download/") for _, p, _ in cloud.requests)


def test_personal_onedrive_box_and_web_links_are_not_looked_up(cloud: Cloud, creds: Credentials,
                                                               policy: Policy) -> None:
    links = ("https://1drv.ms/x/s!AbCdEf", "https://app.box.com/s/abc123", "https://example.org/page",
             "https://docs.google.com/forms/d/e/1FAIpQLSf/viewform")
    (result,) = enrich(creds, policy, message(links=links))
    assert result == Enrichment()
    assert cloud.requests == []


# --- Graph: lists ------------------------------------------------------------------------------


def test_graph_allstudents_resolves_to_transitive_count(cloud: Cloud, creds: Credentials, policy: Policy) -> None:
    cloud.graph_groups[f"allstudents@{STUDENTS}"] = GraphGroup("g-1", total=9000, staff=0)
    cloud.graph_groups[f"hs-staff@{STAFF}"] = GraphGroup("g-2", total=120, staff=118)
    to = (Recipient(f"AllStudents@{STUDENTS}", kind="list"), Recipient(f"hs-staff@{STAFF}", kind="list"))
    (result,) = enrich(creds, policy, message(to=to))
    assert result.groups[f"allstudents@{STUDENTS}"] == dataclasses.replace(
        result.groups[f"allstudents@{STUDENTS}"], members=9000, outside_members=9000)
    assert (result.groups[f"hs-staff@{STAFF}"].members, result.groups[f"hs-staff@{STAFF}"].outside_members) == (120, 2)
    assert result.failures == ()


def test_graph_unknown_list_and_outside_addresses(cloud: Cloud, creds: Credentials, policy: Policy) -> None:
    to = (Recipient(f"nosuchlist@{STAFF}", kind="list"), Recipient("pta-board@gmail.com", kind="list"))
    (result,) = enrich(creds, policy, message(to=to))
    assert result == Enrichment()
    assert len([p for _, p, _ in cloud.requests if p == "/v1.0/groups"]) == 1  # outside domains not asked


def test_type_less_clients_look_up_district_addresses_quietly(cloud: Cloud, creds: Credentials,
                                                              policy: Policy) -> None:
    # A name that says nothing about families: only type-less clients ask whether it is a list.
    cloud.graph_groups[f"hs-robotics@{STAFF}"] = GraphGroup("g-3", total=2000, staff=10)
    to = (Recipient(f"hs-robotics@{STAFF}"), Recipient(f"kpatel@{STAFF}"), Recipient("parent@gmail.com"))
    (api,) = enrich(creds, policy, message(to=to, app="api"))
    assert set(api.groups) == {f"hs-robotics@{STAFF}"} and api.failures == ()
    cloud.requests.clear()
    (outlook,) = enrich(creds, policy, message(to=to, app="outlook"))
    groups_asked = [path for _, path, _ in cloud.requests if "/users/" not in path]  # not the sender's record
    assert outlook == Enrichment() and groups_asked == []  # Outlook says which recipients are lists


# --- Google ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("types", "expected"), [
    (("anyone",), "anyone"), (("domain",), "organization"), (("user",), "specific_people"), ((), "specific_people"),
])
def test_google_sheet_exported_as_xlsx_with_scope(cloud: Cloud, creds: Credentials, policy: Policy,
                                                  bus_roster: bytes, types: tuple[str, ...], expected: str) -> None:
    cloud.google_files[SHEET_ID] = DriveFile("Bus Roster", bus_roster, mime="application/vnd.google-apps.spreadsheet",
                                             link_scopes=types)
    (result,) = enrich(creds, policy, message(links=(SHEET_URL,)))
    linked = result.files[SHEET_URL]
    assert (linked.name, linked.file_type, linked.scope) == ("Bus Roster.xlsx", "spreadsheet", expected)
    # Lookups report what the file holds and who can open it; the exposure detector decides.
    assert linked.document is not None and sum(len(t.rows) for t in linked.document.tables) == 3000
    paths = [p for _, p, _ in cloud.requests]
    assert paths == [f"/drive/v3/files/{SHEET_ID}", f"/drive/v3/files/{SHEET_ID}/export"]


def test_google_uploaded_file_downloaded_with_alt_media(cloud: Cloud, creds: Credentials, policy: Policy,
                                                        bus_roster: bytes) -> None:
    url = f"https://drive.google.com/file/d/{SHEET_ID}/view?usp=drive_link"
    cloud.google_files[SHEET_ID] = DriveFile("roster.xlsx", bus_roster, link_scopes=("anyone",))
    (result,) = enrich(creds, policy, message(links=(url,)))
    assert result.files[url].size == len(bus_roster)
    assert result.files[url].document is not None


def test_google_published_link_is_public_without_a_call(cloud: Cloud, creds: Credentials, policy: Policy) -> None:
    url = "https://docs.google.com/spreadsheets/d/e/2PACX-1vQabcdefghijklmnop/pubhtml"
    (result,) = enrich(creds, policy, message(links=(url,)))
    assert result.files[url].scope == "anyone" and cloud.requests == []


def test_google_group_through_directory(cloud: Cloud, creds: Credentials, policy: Policy) -> None:
    google_only = dataclasses.replace(creds, graph=None)
    cloud.google_groups[f"allstudents@{STUDENTS}"] = [f"s{i}@{STUDENTS}" for i in range(9000)]
    cloud.google_groups[f"science-dept@{STAFF}"] = [f"t{i}@{STAFF}" for i in range(300)] + ["sub@gmail.com"]
    to = (Recipient(f"allstudents@{STUDENTS}", kind="list"), Recipient(f"science-dept@{STAFF}", kind="list"))
    (result,) = enrich(google_only, policy, message(to=to))
    big, dept = result.groups[f"allstudents@{STUDENTS}"], result.groups[f"science-dept@{STAFF}"]
    assert (big.members, big.outside_members) == (9000, 9000)
    assert (dept.members, dept.outside_members) == (301, 1)


# --- failures: always inside the deadline, always said --------------------------------------


def _both(cloud: Cloud, bus_roster: bytes) -> OutgoingMessage:
    cloud.graph_files[ROSTER_URL] = DriveFile("roster.xlsx", bus_roster)
    cloud.graph_groups[f"allstudents@{STUDENTS}"] = GraphGroup("g-1", 9000, 0)
    return message(links=(ROSTER_URL,), to=(Recipient(f"allstudents@{STUDENTS}", kind="list"),))


@pytest.mark.parametrize(("mode", "reason"), [("slow", "timeout"), ("403", "denied"), ("garbage", "error")])
def test_misbehaving_api(cloud: Cloud, creds: Credentials, bus_roster: bytes, mode: str, reason: str) -> None:
    policy = policy_for(cloud.base, deadline_seconds=0.8)
    msg = _both(cloud, bus_roster)
    cloud.mode = mode
    started = time.perf_counter()
    (result,) = enrich(creds, policy, msg)
    elapsed = time.perf_counter() - started
    assert elapsed < 0.8 + 1.0  # the deadline, plus msal's first token round trips and start-up
    assert sorted((f.what, f.target, f.reason) for f in result.failures) == [
        ("link", ROSTER_URL, reason), ("list", f"allstudents@{STUDENTS}", reason)]
    assert result.files == {} and result.groups == {}


def test_lookup_server_down(creds: Credentials, tls: object) -> None:
    down = f"https://127.0.0.1:{free_port()}"
    policy = policy_for(down, deadline_seconds=0.8)
    msg = message(links=(ROSTER_URL,), to=(Recipient(f"allstudents@{STUDENTS}", kind="list"),))
    started = time.perf_counter()
    (result,) = enrich(creds, policy, msg)
    assert time.perf_counter() - started < 1.5
    assert sorted((f.what, f.reason) for f in result.failures) == [("link", "error"), ("list", "error")]


def test_not_found(cloud: Cloud, creds: Credentials, policy: Policy) -> None:
    (result,) = enrich(creds, policy, message(links=(ROSTER_URL, SHEET_URL)))
    assert sorted(f.reason for f in result.failures) == ["not_found", "not_found"]


def test_wrong_client_secret_is_denied(cloud: Cloud, creds: Credentials, policy: Policy) -> None:
    from backend.integrations.secrets import Secret

    assert creds.graph is not None
    wrong = dataclasses.replace(creds, graph=dataclasses.replace(creds.graph, client_secret=Secret("nope")))
    (result,) = enrich(wrong, policy, message(links=(ROSTER_URL,)))
    assert [(f.what, f.reason) for f in result.failures] == [("link", "denied")]


def test_failures_are_not_cached(cloud: Cloud, creds: Credentials, policy: Policy, bus_roster: bytes) -> None:
    msg = _both(cloud, bus_roster)

    async def go() -> tuple[Enrichment, Enrichment]:
        enricher = make_enricher(creds, policy)
        try:
            cloud.mode = "403"
            failed = await enricher.enrich(msg, msg.links, policy)
            cloud.mode = "ok"
            return failed, await enricher.enrich(msg, msg.links, policy)
        finally:
            await enricher.aclose()

    failed, ok = anyio.run(go)
    assert len(failed.failures) == 2
    assert ok.failures == () and ROSTER_URL in ok.files and f"allstudents@{STUDENTS}" in ok.groups


def test_google_acts_as_the_signed_in_user_for_drive_and_the_admin_for_the_directory(
    cloud: Cloud, creds: Credentials, policy: Policy, bus_roster: bytes
) -> None:
    from backend.models import Caller

    cloud.google_files[SHEET_ID] = DriveFile("Bus Roster", bus_roster, mime="application/vnd.google-apps.spreadsheet")
    cloud.google_groups[f"allstudents@{STUDENTS}"] = [f"s{i}@{STUDENTS}" for i in range(10)]
    google_only = dataclasses.replace(creds, graph=None)
    user = Caller(kind="google", subject="user-1", email=SENDER.email)
    msg = dataclasses.replace(message(links=(SHEET_URL,), to=(Recipient(f"allstudents@{STUDENTS}", kind="list"),)),
                              caller=user)
    enrich(google_only, policy, msg, msg)
    assert sorted(cloud.google_subjects) == sorted([
        (SENDER.email, "https://www.googleapis.com/auth/drive.readonly"),
        (f"admin@{STAFF}", "https://www.googleapis.com/auth/admin.directory.group.readonly"),
    ])  # one grant each: tokens are reused until they expire


def test_the_body_sender_never_chooses_whom_drive_lookups_act_as(
    cloud: Cloud, creds: Credentials, policy: Policy, bus_roster: bytes
) -> None:
    from backend.models import Caller

    cloud.google_files[SHEET_ID] = DriveFile("Bus Roster", bus_roster, mime="application/vnd.google-apps.spreadsheet")
    google_only = dataclasses.replace(creds, graph=None)
    superintendent = Person(f"superintendent@{STAFF}")
    kpatel = Caller(kind="entra", subject="user-kpatel", email=f"kpatel@{STAFF}", assertion="kpatels-token")
    signed_in = OutgoingMessage(sender=superintendent, links=(SHEET_URL,), client_app="outlook", caller=kpatel)
    api_key = OutgoingMessage(sender=superintendent, links=(SHEET_URL,), client_app="api",
                              caller=Caller(kind="api_key", subject="key:1"))
    first, second = enrich(google_only, policy, signed_in, api_key)
    subjects = [sub for sub, scope in cloud.google_subjects if scope.endswith("drive.readonly")]
    assert subjects == [f"kpatel@{STAFF}", f"admin@{STAFF}"]  # the token's user, then the application
    assert superintendent.email not in subjects
    assert SHEET_URL in first.files and SHEET_URL in second.files  # each read for its own identity, not cached across


def test_graph_on_behalf_of_a_signed_in_user(cloud: Cloud, creds: Credentials, policy: Policy) -> None:
    enricher = make_enricher(creds, policy)
    assert enricher.graph is not None
    try:
        token = enricher.graph.on_behalf_of("the-add-in-users-access-token")
    finally:
        anyio.run(enricher.aclose)
    assert token == "graph-token-urn:ietf:params:oauth:grant-type:jwt-bearer"


def test_outlook_users_links_are_read_on_their_behalf(cloud: Cloud, creds: Credentials, policy: Policy,
                                                      bus_roster: bytes) -> None:
    from backend.models import Caller

    cloud.graph_files[ROSTER_URL] = DriveFile("roster.xlsx", bus_roster, link_scopes=("anonymous",))
    user = Caller(kind="entra", subject="user-1", email=SENDER.email, assertion="the-add-in-users-access-token")
    msg = OutgoingMessage(sender=SENDER, links=(ROSTER_URL,), client_app="outlook", caller=user)
    (result,) = enrich(creds, policy, msg)
    assert result.files[ROSTER_URL].document is not None
    assert set(filter(None, cloud.bearer_tokens)) == {"graph-token-urn:ietf:params:oauth:grant-type:jwt-bearer"}
    assert "the-add-in-users-access-token" not in repr(user) and "the-add-in-users-access-token" not in repr(msg)


def test_api_callers_links_are_read_with_the_applications_token(cloud: Cloud, creds: Credentials,
                                                                policy: Policy, bus_roster: bytes) -> None:
    cloud.graph_files[ROSTER_URL] = DriveFile("roster.xlsx", bus_roster, link_scopes=("anonymous",))
    enrich(creds, policy, message(links=(ROSTER_URL,), app="api"))
    assert set(filter(None, cloud.bearer_tokens)) == {"graph-token-client_credentials"}
