"""Sender history: repeat checks reaching `alerts.repeat_threshold` in the window raise one alert, once.

The threshold means: the check that makes the sender's repeat count equal to the threshold raises the
alert, and its webhook body carries that count and those check ids. Later repeats inside the window
update the stored alert (count, check ids) without posting again.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from backend.policy.schema import Alerts
from tests.store.support import AUTH, SENDER, app, flush, note_to, policy, roster_to, rows, wait_for, webhook


def _send(client: TestClient, messages: list[dict[str, object]]) -> list[str]:
    ids = []
    for message in messages:
        response = client.post("/v1/check", json=message, headers=AUTH)
        assert response.status_code == 200
        ids.append(response.json()["check_id"])
        flush(client)
    return ids


# (messages the sender sends, alerts expected): as many should-not-alert rows as should-alert rows.
CASES = [
    ([roster_to("kp.home@gmail.com")] * 3, 1),
    ([roster_to("kp.home@gmail.com")] * 4, 1),
    ([roster_to("kp.home@gmail.com"), roster_to("other@yahoo.example"), roster_to("x@outlook.example")], 1),
    ([roster_to("kp.home@gmail.com")] * 2, 0),
    ([note_to("parent@gmail.com")] * 4, 0),
    ([roster_to("mokafor@maplevalley.k12.example")] * 4, 0),  # staff are entitled: not a repeat
    ([roster_to("kp.home@gmail.com", sender=f"t{i}@maplevalley.k12.example") for i in range(4)], 0),
]


@pytest.mark.parametrize(("messages", "expected"), CASES)
def test_repeat_alerts(messages: list[dict[str, object]], expected: int, tmp_path: Path) -> None:
    with webhook() as hook:
        pol = policy(alerts=Alerts(webhook_url=hook.url))
        with TestClient(app(f"sqlite:///{tmp_path / 'a.sqlite3'}", tmp_path, pol)) as client:
            ids = _send(client, messages)
        assert len(hook.alerts("repeat_sender")) == expected
        if expected:
            (alert,) = hook.alerts("repeat_sender")
            assert alert["sender"] == SENDER and alert["count"] == 3 and alert["check_ids"] == ids[:3]


def test_four_repeats_post_once_and_the_stored_alert_keeps_all_four(database_url: str, tmp_path: Path) -> None:
    with webhook() as hook:
        pol = policy(alerts=Alerts(webhook_url=hook.url))
        with TestClient(app(database_url, tmp_path, pol)) as client:
            ids = _send(client, [roster_to("kp.home@gmail.com")] * 4)
        assert [a["check_ids"] for a in hook.received] == [ids[:3]]
        alert = hook.received[0]
        assert alert["event"] == "repeat_sender" and alert["count"] == 3 and alert["window_ends"].endswith("Z")
    (row,) = rows(database_url, tmp_path, "SELECT * FROM alerts")
    assert row.kind == "repeat" and row.subject == SENDER and row.count == 4 and json.loads(row.check_ids) == ids
    assert row.delivered_at is not None and row.attempts == 1


def test_a_failing_webhook_never_touches_verdicts_and_is_retried(database_url: str, tmp_path: Path) -> None:
    with webhook(fail=1) as hook:
        pol = policy(alerts=Alerts(webhook_url=hook.url))
        with TestClient(app(database_url, tmp_path, pol)) as client:
            verdicts = [client.post("/v1/check", json=roster_to("kp.home@gmail.com"), headers=AUTH).json()["verdict"]
                        for _ in range(3)]
            flush(client)
            assert verdicts == ["block"] * 3
            assert hook.received == []
            (row,) = rows(database_url, tmp_path, "SELECT attempts, delivered_at FROM alerts")
            assert row.attempts == 1 and row.delivered_at is None
            writer = client.app.state.cg.memory.writer  # type: ignore[attr-defined]
            writer._retry_deliveries()  # what the writer does every half minute
        assert len(hook.received) == 1
    (row,) = rows(database_url, tmp_path, "SELECT attempts, delivered_at FROM alerts")
    assert row.attempts == 2 and row.delivered_at is not None


def test_an_unreachable_webhook_costs_no_verdict(tmp_path: Path) -> None:
    pol = policy(alerts=Alerts(webhook_url="http://127.0.0.1:9/alerts", webhook_seconds=1.0))
    with TestClient(app(f"sqlite:///{tmp_path / 'a.sqlite3'}", tmp_path, pol)) as client:
        for _ in range(4):
            assert client.post("/v1/check", json=roster_to("kp.home@gmail.com"), headers=AUTH).json()["verdict"] == \
                "block"
        flush(client)
    (row,) = rows(f"sqlite:///{tmp_path / 'a.sqlite3'}", tmp_path, "SELECT attempts, delivered_at FROM alerts")
    assert row.attempts == 1 and row.delivered_at is None


def _warning_to_one_parent() -> dict[str, object]:
    """Three students' home addresses to one parent: a warning, not a block (address warns at 2, blocks at 10)."""
    import base64

    csv = "Student_Number,First_Name,Last_Name,Home Address\n" + "\n".join(
        f"{500600 + i},Amara{i},Lindqvist{i},{10 + i} Birch Lane" for i in range(3))
    message = roster_to("parent@gmail.com")
    message["attachments"] = [{"name": "three.csv", "content_b64": base64.b64encode(csv.encode()).decode()}]
    return message


@pytest.mark.parametrize("escalate", [True, False])
def test_escalation_turns_a_repeat_senders_warnings_into_blocks(escalate: bool, tmp_path: Path) -> None:
    pol = policy(alerts=replace(Alerts(), escalate=escalate))
    with TestClient(app(f"sqlite:///{tmp_path / 'a.sqlite3'}", tmp_path, pol)) as client:
        before = client.post("/v1/check", json=_warning_to_one_parent(), headers=AUTH).json()
        assert before["verdict"] == "warn"
        _send(client, [roster_to("kp.home@gmail.com")] * 3)
        assert wait_for(lambda: rows(f"sqlite:///{tmp_path / 'a.sqlite3'}", tmp_path, "SELECT * FROM alerts"))
        after = client.post("/v1/check", json=_warning_to_one_parent(), headers=AUTH).json()
        other = client.post("/v1/check", json=_warning_to_one_parent() | {"sender": {"email": "x@maplevalley.k12."
                                                                                    "example"}}, headers=AUTH).json()
        flush(client)
    assert other["verdict"] == "warn"  # only that sender
    if escalate:
        assert after["verdict"] == "block" and after["findings"][0]["code"] == "repeat_sender"
        assert rows(f"sqlite:///{tmp_path / 'a.sqlite3'}", tmp_path,
                    f"SELECT escalated FROM checks WHERE check_id = '{after['check_id']}'")[0].escalated
    else:
        assert after["verdict"] == "warn"


def test_the_alert_is_also_mailed_to_it(tmp_path: Path) -> None:
    from tests.gateway.servers import NextHop

    with NextHop() as relay:
        pol = policy(alerts=Alerts(email_to=("it@maplevalley.k12.example",), email_relay=f"127.0.0.1:{relay.port}"))
        with TestClient(app(f"sqlite:///{tmp_path / 'a.sqlite3'}", tmp_path, pol)) as client:
            ids = _send(client, [roster_to("kp.home@gmail.com", canary="Qzxmail")] * 3)
        (mail,) = relay.recorder.take()
    assert mail.rcpt_tos == ("it@maplevalley.k12.example",)
    text = mail.data.decode()
    assert SENDER in text and all(i in text for i in ids)
    assert "qzxmail" not in text.lower()  # addresses, counts and check ids: no content
