"""The console over the real app on both engines: who may see it, filters, paging, the export, the breaker."""

from __future__ import annotations

import csv
import io
import logging
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select
from starlette.testclient import TestClient

from backend.admin.breaker import now
from backend.store.tables import breakers
from tests.admin.console import ADMIN, ADMIN_GROUP, ADMIN_KEY, TEACHER, build, session_cookie
from tests.admin.records import Recipient, Record, busy_week, insert_alert, insert_breaker, insert_records

NOW = now().replace(microsecond=0)  # UTC without a zone, as the store keeps times
WEEK = busy_week(NOW)
KEY = {"Authorization": f"Bearer {ADMIN_KEY}"}


@pytest.fixture
def client(database_url: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    engine = create_engine(database_url.replace("postgresql://", "postgresql+psycopg://"))
    app = build(database_url, tmp_path)
    with TestClient(app, follow_redirects=False) as c:
        insert_records(engine, WEEK)
        c.engine = engine  # type: ignore[attr-defined]
        yield c
    engine.dispose()


def signed_in(c: TestClient, email: str = ADMIN, **kw: object) -> TestClient:
    c.cookies.set("cg_admin", session_cookie(email, **kw))  # type: ignore[arg-type]
    return c


def all_ids(c: TestClient, query: str) -> list[str]:
    ids: list[str] = []
    url = "/admin/api/checks?" + query
    while True:
        body = c.get(url, headers=KEY).json()
        ids += [r["check_id"] for r in body["checks"]]
        if not body["next"]:
            return ids
        url = "/admin/api/checks?" + query + "&before=" + body["next"]


# --- who may see it -------------------------------------------------------------------------------


def test_off_without_any_sign_in_says_how_to_turn_it_on(tmp_path: Path) -> None:
    app = build(f"sqlite:///{tmp_path / 's.db'}", tmp_path, admin="",
                env={"CROSSING_GUARD_ADMIN_API_KEYS": "", "CROSSING_GUARD_ADMIN_ENTRA_CLIENT_SECRET": ""})
    with TestClient(app, follow_redirects=False) as c:
        page = c.get("/admin/")
        assert page.status_code == 404 and "entra_client_id" in page.text
        assert c.get("/admin/api/checks", headers=KEY).status_code == 404


def test_no_cookie_is_sent_to_sign_in(client: TestClient) -> None:
    r = client.get("/admin/trends?from=2026-01-01")
    assert r.status_code == 303
    assert r.headers["location"] == "/admin/signin?next=/admin/trends%3Ffrom%3D2026-01-01"


def test_a_signed_in_non_admin_gets_a_plain_403(client: TestClient) -> None:
    r = signed_in(client, TEACHER).get("/admin/")
    assert r.status_code == 403 and "not one of the console" in r.text
    assert "chk-" not in r.text


def test_admins_by_address_and_by_group(client: TestClient) -> None:
    assert signed_in(client, ADMIN).get("/admin/").status_code == 200
    assert signed_in(client, "helpdesk@lincoln.k12.example", groups=(ADMIN_GROUP,)).get("/admin/").status_code == 200
    assert signed_in(client, "helpdesk@lincoln.k12.example", groups=("other",)).get("/admin/").status_code == 403


def test_a_session_ends_after_its_lifetime(client: TestClient) -> None:
    old = datetime.now().timestamp() - 481 * 60
    assert signed_in(client, since=old).get("/admin/").status_code == 303


def test_a_forged_cookie_is_no_session(client: TestClient) -> None:
    client.cookies.set("cg_admin", session_cookie(secret="someone-elses-secret"))
    assert client.get("/admin/").status_code == 303


def test_admin_key_reaches_json_and_csv_but_not_pages(client: TestClient) -> None:
    csv_r = client.get("/admin/export.csv?check=chk-0001", headers=KEY)
    assert csv_r.status_code == 200 and csv_r.headers["content-type"].startswith("text/csv")
    assert csv_r.headers["content-disposition"].startswith("attachment;")
    assert client.get("/admin/api/trends", headers=KEY).status_code == 200
    assert client.get("/admin/", headers=KEY).status_code == 303  # pages are for people
    wrong = client.get("/admin/api/checks", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401 and wrong.json()["error"]["code"] == "unauthorized"
    assert client.get("/admin/export.csv?check=chk-0001").status_code == 401


# --- filters and paging ---------------------------------------------------------------------------

DAY = (NOW - timedelta(days=3)).date()
FILTERS = [
    ("", lambda r: r.verdict in ("warn", "block")),
    ("verdict=block", lambda r: r.verdict == "block"),
    ("verdict=allow", lambda r: r.verdict == "allow"),
    ("verdict=warn&verdict=allow", lambda r: r.verdict in ("warn", "allow")),
    ("code=personal_account", lambda r: r.verdict != "allow" and any(c == "personal_account" for c, *_ in r.findings)),
    ("code=large_audience", lambda r: any(c == "large_audience" for c, *_ in r.findings)),
    ("client=api", lambda r: r.verdict != "allow" and r.client == "api"),
    ("client=gmail", lambda r: r.verdict != "allow" and r.client == "gmail"),
    ("sender=MGARCIA@eastside.lincoln.k12.example", lambda r: r.verdict != "allow" and r.sender.startswith("mgarcia")),
    ("domain=westview.lincoln.k12.example",
     lambda r: r.verdict != "allow" and r.sender.endswith("@westview.lincoln.k12.example")),
    (f"from={DAY}&to={DAY}", lambda r: r.verdict != "allow" and r.at.date() == DAY),
    (f"to={DAY}&verdict=block", lambda r: r.verdict == "block" and r.at.date() <= DAY),
]


@pytest.mark.parametrize(("query", "wanted"), FILTERS, ids=[q or "default" for q, _ in FILTERS])
def test_filters_list_exactly_the_matching_checks(client: TestClient, query: str, wanted) -> None:  # type: ignore[no-untyped-def]
    expected = [r.check_id for r in sorted(WEEK, key=lambda r: (r.at, r.check_id), reverse=True) if wanted(r)]
    assert all_ids(client, query) == expected


def test_filters_that_match_nothing_match_nothing(client: TestClient) -> None:
    assert all_ids(client, "sender=nobody@lincoln.k12.example") == []
    assert all_ids(client, "client=gmail&code=protected_list") == []
    assert all_ids(client, "from=2001-01-01&to=2001-01-31") == []


def test_a_page_holds_page_size_checks_and_links_the_next(client: TestClient) -> None:
    page = signed_in(client).get("/admin/?verdict=warn")
    assert page.status_code == 200
    assert page.text.count('<tr>\n      <th scope="row">') == 50  # page_size
    assert "Older checks" in page.text and "Newest checks" not in page.text
    older = page.text.split('href="/admin/?')[-1].split('"')[0].replace("&amp;", "&")
    second = signed_in(client).get("/admin/?" + older)
    assert second.status_code == 200 and "Newest checks" in second.text
    first_ids = {r["check_id"] for r in client.get("/admin/api/checks?verdict=warn", headers=KEY).json()["checks"]}
    assert not any(f"/admin/checks/{i}\"" in second.text for i in first_ids)


@pytest.mark.parametrize("query", ["verdict=maybe", "from=yesterday", "code=nonsense", "client=fax",
                                   "from=2026-02-02&to=2026-02-01", "before=garbage", "sender=" + "a" * 400])
def test_bad_filters_are_a_400_naming_the_parameter(client: TestClient, query: str) -> None:
    r = client.get("/admin/api/checks?" + query, headers=KEY)
    assert r.status_code == 400
    body = r.json()["error"]
    assert body["code"] == "bad_filter" and body["field"] == query.split("=")[0]


# --- one check, trends ----------------------------------------------------------------------------


def test_one_check_says_everything_in_plain_words(client: TestClient) -> None:
    blocked = next(r for r in WEEK if any(c == "personal_account" for c, *_ in r.findings))
    page = signed_in(client).get(f"/admin/checks/{blocked.check_id}")
    assert page.status_code == 200
    for words in ("Blocked", "Student records to a personal account", "Student records in an attachment",
                  "This file lists 212 students", "medical information", "home addresses", "Outside the district",
                  blocked.recipients[0].address, blocked.check_id):
        assert words in page.text, words
    assert "PII" not in page.text and "DLP" not in page.text
    assert signed_in(client).get("/admin/checks/no-such-check").status_code == 404


def test_trends_are_the_records_counted(client: TestClient) -> None:
    start, end = (NOW - timedelta(days=7)).date(), NOW.date()
    t = client.get(f"/admin/api/trends?from={start}&to={end}", headers=KEY).json()
    assert len(t["days"]) == 8
    assert sum(d["allow"] + d["warn"] + d["block"] for d in t["days"]) == len(WEEK)
    assert sum(d["block"] for d in t["days"]) == sum(r.verdict == "block" for r in WEEK)
    warned = [r for r in WEEK if r.verdict == "warn"]
    assert t["warned"] == len(warned)
    assert t["sent_anyway"] == sum(r.outcome == "sent_anyway" for r in warned)
    top = {c["code"]: c["checks"] for c in t["codes"]}
    assert top["visible_recipients"] == sum(any(c == "visible_recipients" for c, *_ in r.findings) for r in WEEK)
    assert "roster_attached" in top and top["roster_attached"] == sum(r.verdict == "block" and r.data != {}
                                                                     for r in WEEK)
    senders = {s["sender"]: s["checks"] for s in t["senders"]}
    assert senders["sis-export@lincoln.k12.example"] == sum(r.client == "api" for r in WEEK)
    assert signed_in(client).get(f"/admin/trends?from={start}&to={end}").status_code == 200


def test_trends_list_the_alerts_raised_in_the_range(client: TestClient) -> None:
    repeat = [r.check_id for r in WEEK if any(c == "personal_account" for c, *_ in r.findings)][:4]
    insert_alert(client.engine, "repeat", "abrown@lincoln.k12.example", NOW - timedelta(days=1), repeat)  # type: ignore[attr-defined]
    insert_alert(client.engine, "breaker", "key:1a2b3c4d", NOW - timedelta(days=40), ["chk-0001"])  # type: ignore[attr-defined]
    t = client.get("/admin/api/trends", headers=KEY).json()
    assert [(a["kind"], a["subject"], a["check_ids"]) for a in t["alerts"]] == [
        ("repeat", "abrown@lincoln.k12.example", repeat)]
    page = signed_in(client).get("/admin/trends")
    assert "Student records sent out again and again" in page.text
    assert all(f'href="/admin/checks/{i}"' in page.text for i in repeat)
    then = f"from={(NOW - timedelta(days=45)).date()}&to={(NOW - timedelta(days=30)).date()}"
    old = client.get(f"/admin/api/trends?{then}", headers=KEY).json()
    assert [a["kind"] for a in old["alerts"]] == ["breaker"]


# --- the incident export --------------------------------------------------------------------------


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_export_of_one_check_is_exactly_its_recipients_and_kinds(client: TestClient) -> None:
    blocked = next(r for r in WEEK if r.data.get("health"))
    rows = _csv(client.get(f"/admin/export.csv?check={blocked.check_id}", headers=KEY).text)
    got = {(r["recipient"], r["data_kind"], int(r["students"])) for r in rows}
    assert got == {(p.address, k, n) for p in blocked.recipients for k, n in blocked.data.items()}
    assert {r["check_id"] for r in rows} == {blocked.check_id}
    assert rows[0]["recipient_class"] == "Outside the district" and rows[0]["entitled"] == "no"


def test_export_for_a_sender_over_dates_lists_those_checks_only(client: TestClient) -> None:
    start, end = (NOW - timedelta(days=7)).date(), NOW.date()
    sender = "kpatel@lincoln.k12.example"
    extra = [Record("inc-1", NOW - timedelta(hours=5), sender, "warn", recipients=[
                 Recipient("coach@club.example"), Recipient("aide@lincoln.k12.example", "staff", "cc", True)],
                 findings=[("roster_attached", "warn", 9, 1)], data={"names": 9, "contact": 9},
                 outcome="sent_anyway"),
             Record("inc-2", NOW - timedelta(hours=4), sender, "block", recipients=[Recipient("x@gmail.com")],
                    findings=[("roster_attached", "block", 40, 1)], data={"health": 40}),
             Record("inc-3", NOW - timedelta(days=30), sender, "warn", recipients=[Recipient("old@gmail.com")],
                    findings=[("roster_attached", "warn", 3, 1)], data={"grades": 3}),
             Record("inc-4", NOW - timedelta(hours=3), "other@lincoln.k12.example", "warn",
                    recipients=[Recipient("y@gmail.com")], findings=[("roster_attached", "warn", 5, 1)],
                    data={"grades": 5})]
    insert_records(client.engine, extra)  # type: ignore[attr-defined]
    mine = [r for r in WEEK + extra if r.sender == sender and start <= r.at.date() <= end and r.data]

    def expected(records: list[Record]) -> set[tuple[str, str, str, int]]:
        return {(r.check_id, p.address, k, n) for r in records for p in r.recipients for k, n in r.data.items()}

    sent = _csv(client.get(f"/admin/export.csv?sender={sender}&from={start}&to={end}", headers=KEY).text)
    got = {(r["check_id"], r["recipient"], r["data_kind"], int(r["students"])) for r in sent}
    assert got == expected([r for r in mine if r.verdict != "block"])
    assert ("inc-1", "aide@lincoln.k12.example", "contact", 9) in got
    every = _csv(client.get(f"/admin/export.csv?sender={sender}&from={start}&to={end}&include=all",
                            headers=KEY).text)
    assert {(r["check_id"], r["recipient"], r["data_kind"], int(r["students"])) for r in every} == expected(mine)
    page = signed_in(client).get(f"/admin/export?sender={sender}&from={start}&to={end}")
    assert page.status_code == 200 and "coach@club.example" in page.text and "x@gmail.com" not in page.text
    assert "@media print" in client.get("/admin/console.css").text


@pytest.mark.parametrize("query", ["", "check=a&sender=b@c.example", "sender=b@c.example",
                                   "sender=b@c.example&from=2026-01-02&to=2026-01-01",
                                   "check=chk-0001&include=some", "check=" + "c" * 65])
def test_bad_export_requests_are_a_400(client: TestClient, query: str) -> None:
    r = client.get("/admin/export.csv?" + query, headers=KEY)
    assert r.status_code == 400 and r.json()["error"]["code"] == "bad_export"


def test_csv_cells_cannot_become_formulas(client: TestClient) -> None:
    insert_records(client.engine, [Record("inc-f", NOW, "kpatel@lincoln.k12.example", "warn",  # type: ignore[attr-defined]
                                          recipients=[Recipient("=HYPERLINK(1)@evil.example")],
                                          findings=[("roster_attached", "warn", 3, 1)], data={"grades": 3})])
    rows = _csv(client.get("/admin/export.csv?check=inc-f", headers=KEY).text)
    assert rows[0]["recipient"] == "'=HYPERLINK(1)@evil.example"


# --- the breaker ------------------------------------------------------------------------------------


def _reset_at(c: TestClient, key: str) -> object:
    with c.engine.connect() as conn:  # type: ignore[attr-defined]
        return conn.execute(select(breakers.c.reset_at, breakers.c.reset_by).where(breakers.c.key == key)).one()


def test_breaker_page_and_reset_with_csrf(client: TestClient) -> None:
    insert_breaker(client.engine, "key:1a2b3c4d", NOW - timedelta(minutes=5), NOW + timedelta(minutes=55), 7)  # type: ignore[attr-defined]
    insert_breaker(client.engine, "key:old", NOW - timedelta(days=2), NOW - timedelta(days=2, minutes=-60))  # type: ignore[attr-defined]
    c = signed_in(client)
    page = c.get("/admin/breakers")
    assert "Open now: 1" in page.text and "key:1a2b3c4d" in page.text
    assert client.get("/admin/api/breakers", headers=KEY).json()["open"][0]["key"] == "key:1a2b3c4d"

    missing = c.post("/admin/breakers/reset", data={"key": "key:1a2b3c4d"})
    assert missing.status_code == 403
    wrong = c.post("/admin/breakers/reset", data={"key": "key:1a2b3c4d", "csrf": "not-it"})
    assert wrong.status_code == 403
    assert _reset_at(client, "key:1a2b3c4d")[0] is None  # type: ignore[index]

    done = c.post("/admin/breakers/reset", data={"key": "key:1a2b3c4d", "csrf": "csrf-token"})
    assert done.status_code == 303 and done.headers["location"] == "/admin/breakers?reset=1"
    reset_at, reset_by = _reset_at(client, "key:1a2b3c4d")  # type: ignore[misc]
    assert reset_at is not None and reset_by == ADMIN
    assert "Open now: 0" in c.get("/admin/breakers").text
    assert c.post("/admin/breakers/reset", data={"key": "key:none", "csrf": "csrf-token"}).status_code == 404


def test_an_api_key_cannot_reset(client: TestClient) -> None:
    insert_breaker(client.engine, "key:k", NOW, NOW + timedelta(hours=1))  # type: ignore[attr-defined]
    r = client.post("/admin/breakers/reset", data={"key": "key:k", "csrf": "x"}, headers=KEY)
    assert r.status_code == 303 and r.headers["location"].startswith("/admin/signin")
    assert _reset_at(client, "key:k")[0] is None  # type: ignore[index]


# --- demo, canaries ---------------------------------------------------------------------------------


def test_demo_on_loopback_reads_but_cannot_reset(database_url: str, tmp_path: Path) -> None:
    app = build(database_url, tmp_path, admin="", demo=True,
                env={"CROSSING_GUARD_ADMIN_API_KEYS": "", "CROSSING_GUARD_ADMIN_ENTRA_CLIENT_SECRET": ""})
    engine = create_engine(database_url.replace("postgresql://", "postgresql+psycopg://"))
    with TestClient(app, client=("127.0.0.1", 5000), follow_redirects=False) as c:
        first = c.get("/admin/")  # the demo opens (and migrates) the store at its first page
        assert first.status_code == 200 and "No checks match" in first.text
        insert_records(engine, WEEK[:40])
        insert_breaker(engine, "key:demo", NOW, NOW + timedelta(hours=1))
        assert c.get("/admin/").status_code == 200
        page = c.get("/admin/breakers")
        assert "read-only" in page.text and "Sign in to reset" in page.text
        assert c.post("/admin/breakers/reset", data={"key": "key:demo", "csrf": ""}).status_code == 403
    with TestClient(app, client=("203.0.113.9", 5000), follow_redirects=False) as c:
        assert c.get("/admin/").status_code == 401  # not this machine: no demo
    engine.dispose()


def test_pages_escape_what_callers_sent_and_logs_name_no_one(client: TestClient,
                                                              caplog: pytest.LogCaptureFixture) -> None:
    odd = '"<script>alert(1)</script>"@evil.example'
    insert_records(client.engine, [Record("inc-x", NOW, odd, "block",  # type: ignore[attr-defined]
                                          recipients=[Recipient(odd)], findings=[("roster_attached", "block", 4, 1)],
                                          data={"health": 4})])
    caplog.set_level(logging.DEBUG)
    c = signed_in(client)
    for path in ("/admin/", "/admin/checks/inc-x", "/admin/export?check=inc-x", "/admin/trends"):
        text = c.get(path).text
        assert "<script>" not in text
    signed_in(client, TEACHER).get("/admin/")
    client.get("/admin/signin/callback?code=abc&state=def")
    logged = "\n".join(r.getMessage() for r in caplog.records)
    for record in [*WEEK[:50], Record("inc-x", NOW, odd)]:
        assert record.sender not in logged
        assert all(p.address not in logged for p in record.recipients)
    assert ADMIN not in logged and TEACHER not in logged


def test_a_database_that_is_down_never_stops_the_service(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    from tests.postgres import free_port

    down = f"postgresql://postgres:pw-canary@127.0.0.1:{free_port()}/nowhere"
    caplog.set_level(logging.DEBUG)
    with TestClient(build(down, tmp_path), follow_redirects=False) as c:
        assert c.get("/healthz").status_code == 200
        page = signed_in(c).get("/admin/")
        assert page.status_code == 503 and "cannot be reached just now" in page.text
        r = c.get("/admin/api/checks", headers=KEY)
        assert r.status_code == 503 and r.json()["error"]["code"] == "store_unavailable"
    assert "pw-canary" not in "\n".join(r.getMessage() for r in caplog.records)
