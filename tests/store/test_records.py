"""Every check leaves a metadata-only record, built from the verdict and the audience it was decided with."""

from __future__ import annotations

from pathlib import Path

from starlette.testclient import TestClient

from tests.store.support import AUTH, KEY, OTHER_KEY, SENDER, app, flush, note_to, roster_to, rows


def test_a_check_leaves_a_record_of_addresses_classes_codes_and_counts(database_url: str, tmp_path: Path) -> None:
    message = roster_to("kiran.patel.home@gmail.com")
    message["cc"] = [{"email": "mokafor@maplevalley.k12.example"}, {"email": "allstudents@maplevalley.k12.example",
                                                                    "kind": "list"}]
    with TestClient(app(database_url, tmp_path)) as client:
        verdict = client.post("/v1/check", json=message, headers=AUTH).json()
        flush(client)
    check = rows(database_url, tmp_path, "SELECT * FROM checks")
    assert len(check) == 1
    row = check[0]._mapping
    assert row["check_id"] == verdict["check_id"] and row["verdict"] == verdict["verdict"] == "block"
    assert row["client"] == "outlook" and row["caller_kind"] == "api_key" and row["caller"].startswith("api_key:key:")
    assert row["sender"] == SENDER and row["sender_domain"] == "maplevalley.k12.example"
    assert row["people"] == verdict["exposure"]["people"] == 12
    assert row["repeat"] and row["not_entitled"] == verdict["exposure"]["outside_recipients"]
    seats = {r.address: r for r in rows(database_url, tmp_path, "SELECT * FROM check_recipients")}
    assert seats["kiran.patel.home@gmail.com"].cls == "outside" and not seats["kiran.patel.home@gmail.com"].entitled
    assert seats["mokafor@maplevalley.k12.example"].cls == "staff" and seats["mokafor@maplevalley.k12.example"].entitled
    lst = seats["allstudents@maplevalley.k12.example"]
    assert lst.cls == "list" and lst.domain_cls == "staff" and lst.list_size == 500 and lst.field == "cc"
    codes = {r.code: r.severity for r in rows(database_url, tmp_path, "SELECT * FROM check_findings")}
    assert {f["code"]: f["severity"] for f in verdict["findings"]} == codes
    data = {r.kind: r.students for r in rows(database_url, tmp_path, "SELECT * FROM check_data")}
    assert data and set(data) <= set(verdict["exposure"]["data"]) and max(data.values()) == 12


def test_an_allowed_note_is_recorded_and_is_not_a_repeat(database_url: str, tmp_path: Path) -> None:
    with TestClient(app(database_url, tmp_path)) as client:
        verdict = client.post("/v1/check", json=note_to("parent@gmail.com"), headers=AUTH).json()
        flush(client)
    (row,) = rows(database_url, tmp_path, "SELECT verdict, repeat, people, not_entitled, outcome FROM checks")
    assert verdict["verdict"] == "allow"
    assert (row.verdict, bool(row.repeat), row.people, row.not_entitled, row.outcome) == ("allow", False, 0, 0, None)
    assert rows(database_url, tmp_path, "SELECT * FROM check_data") == []


def test_the_caller_reports_what_happened_next(database_url: str, tmp_path: Path) -> None:
    with TestClient(app(database_url, tmp_path)) as client:
        check_id = client.post("/v1/check", json=roster_to("x@gmail.com"), headers=AUTH).json()["check_id"]
        other = {"authorization": f"Bearer {OTHER_KEY}"}
        assert client.post(f"/v1/checks/{check_id}/outcome", json={"outcome": "sent_anyway"},
                           headers=other).status_code == 404  # not this caller's check
        assert client.post(f"/v1/checks/{check_id}/outcome", json={"outcome": "sent_anyway"}).status_code == 401
        bad = client.post(f"/v1/checks/{check_id}/outcome", json={"outcome": "shrugged"}, headers=AUTH)
        assert bad.status_code == 400 and bad.json()["error"]["field"] == "outcome"
        extra = client.post(f"/v1/checks/{check_id}/outcome", json={"outcome": "fixed", "why": 1}, headers=AUTH)
        assert extra.status_code == 400 and extra.json()["error"]["code"] == "unknown_field"
        assert client.post("/v1/checks/nope/outcome", json={"outcome": "fixed"}, headers=AUTH).status_code == 404
        assert client.post(f"/v1/checks/{check_id}/outcome", content=b"{", headers=AUTH).status_code == 400
        ok = client.post(f"/v1/checks/{check_id}/outcome", json={"outcome": "sent_anyway"}, headers=AUTH)
        assert ok.status_code == 202 and ok.json() == {"check_id": check_id, "outcome": "sent_anyway"}
        flush(client)
    (row,) = rows(database_url, tmp_path, "SELECT outcome, outcome_at FROM checks")
    assert row.outcome == "sent_anyway" and row.outcome_at is not None


def test_a_fix_and_recheck_marks_the_earlier_check_fixed(database_url: str, tmp_path: Path) -> None:
    with TestClient(app(database_url, tmp_path)) as client:
        first = client.post("/v1/check", json=roster_to("x@gmail.com"), headers=AUTH).json()["check_id"]
        flush(client)
        other = {"authorization": f"Bearer {OTHER_KEY}"}
        client.post("/v1/check", json={**note_to("x@gmail.com"), "recheck_of": first}, headers=other)
        flush(client)
        assert rows(database_url, tmp_path, f"SELECT outcome FROM checks WHERE check_id = '{first}'")[0].outcome \
            is None  # another caller cannot mark it
        second = client.post("/v1/check", json={**note_to("x@gmail.com"), "recheck_of": first}, headers=AUTH)
        assert second.status_code == 200
        flush(client)
    assert rows(database_url, tmp_path, f"SELECT outcome FROM checks WHERE check_id = '{first}'")[0].outcome == "fixed"
    assert len(rows(database_url, tmp_path, "SELECT * FROM checks")) == 3


def test_healthz_names_the_store(database_url: str, tmp_path: Path) -> None:
    with TestClient(app(database_url, tmp_path)) as client:
        memory = client.app.state.cg.memory  # type: ignore[attr-defined]
        assert memory.writer.flush(30)
        from tests.store.support import wait_for

        assert wait_for(lambda: client.get("/healthz").json()["store"] == "ok")
    from backend.app import create_app
    from backend.policy import load_demo_policy
    from backend.settings import Settings

    off = TestClient(create_app(Settings(api_keys=frozenset({KEY})), load_demo_policy()))
    assert off.get("/healthz").json()["store"] == "off"
