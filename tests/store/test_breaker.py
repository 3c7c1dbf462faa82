"""The automation breaker: the rules the service and the console share, on both engines, and the API storm."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import update
from starlette.testclient import TestClient

from backend.policy.schema import Alerts, Breaker
from backend.store import Store, breaker
from backend.store.tables import breakers
from tests.store.support import AUTH, app, flush, note_to, policy, rows, storm, webhook

RULES = Breaker(trip_after=3, window_minutes=10, hold_minutes=60)
T0 = dt.datetime(2026, 3, 2, 9, 0, 0)


def _hits(store: Store, key: str, minutes: list[float]) -> list[bool]:
    out = []
    with store.engine.begin() as connection:
        for i, m in enumerate(minutes):
            out.append(breaker.hit(connection, key, f"c{m}-{i}", T0 + dt.timedelta(minutes=m), RULES))
    return out


def _open(store: Store, key: str, minutes: float) -> bool:
    with store.engine.connect() as connection:
        return breaker.is_open(connection, key, T0 + dt.timedelta(minutes=minutes))


# (minutes of hits, trips expected): as many should-not-trip rows as should-trip rows.
CASES = [
    ([0, 1, 2], [False, False, True]),
    ([0, 0, 0, 0], [False, False, True, False]),  # the fourth hits an open breaker: no second trip
    ([0, 5, 9.5], [False, False, True]),
    ([0, 1], [False, False]),
    ([0, 11, 22], [False, False, False]),  # never three inside ten minutes
    ([0, 5, 15, 30], [False, False, False, False]),
]


@pytest.mark.parametrize(("minutes", "trips"), CASES)
def test_trips_after_n_hits_inside_the_window(store: Store, minutes: list[float], trips: list[bool]) -> None:
    assert _hits(store, "key:abc", minutes) == trips
    assert _open(store, "key:abc", minutes[-1]) == any(trips)
    assert not _open(store, "key:other", minutes[-1])


def test_a_hit_is_counted_once_per_check(store: Store) -> None:
    with store.engine.begin() as connection:
        assert [breaker.hit(connection, "key:abc", "same", T0, RULES) for _ in range(4)] == [False] * 4
    assert not _open(store, "key:abc", 1)


def test_open_until_the_hold_passes(store: Store) -> None:
    _hits(store, "key:abc", [0, 1, 2])
    assert _open(store, "key:abc", 61)
    assert not _open(store, "key:abc", 62.5)
    # hits at or before the trip do not count again: a fresh run of three is needed
    assert _hits(store, "key:abc", [63]) == [False]


def test_a_reset_closes_it_and_earlier_hits_do_not_count(store: Store) -> None:
    _hits(store, "key:abc", [0, 1, 2])
    assert breaker.reset(store.engine, "key:abc", "it@maplevalley.k12.example")
    assert not breaker.reset(store.engine, "key:none", "it@maplevalley.k12.example")
    # the console's contract: reset_at set; the row is then closed whatever `until` says
    with store.engine.begin() as connection:
        connection.execute(update(breakers).where(breakers.c.key == "key:abc").values(reset_at=T0 + dt.timedelta(
            minutes=3)))
    assert not _open(store, "key:abc", 4)
    assert _hits(store, "key:abc", [2.5, 5, 6]) == [False, False, False]  # 2.5 is before the reset
    assert _hits(store, "key:abc", [7]) == [True]
    assert _open(store, "key:abc", 8)


def test_an_api_storm_is_stopped_after_n_and_raises_one_alert(database_url: str, tmp_path: Path) -> None:
    with webhook() as hook:
        pol = policy(breaker=Breaker(trip_after=4, window_minutes=10, hold_minutes=60),
                     alerts=Alerts(webhook_url=hook.url))
        with TestClient(app(database_url, tmp_path, pol)) as client:
            answers = [client.post("/v1/check", json=storm(), headers=AUTH).json() for _ in range(7)]
            person = client.post("/v1/check", json=note_to("parent@gmail.com") | {"client": {"app": "outlook"}},
                                 headers=AUTH).json()
            flush(client)
        codes = [a["findings"][0]["code"] for a in answers]
        assert codes == ["protected_list"] * 4 + ["breaker_open"] * 3
        assert all(a["verdict"] == "block" for a in answers)
        assert "paused" in answers[-1]["headline"]
        assert person["verdict"] == "allow"  # a person's check is never held by an automation's breaker
        (alert,) = hook.alerts("breaker_tripped")
        assert alert["count"] == 4 and alert["check_ids"] == [a["check_id"] for a in answers[:4]]
        assert alert["breaker_key"].startswith("key:")
    (row,) = rows(database_url, tmp_path, "SELECT key, count, reset_at FROM breakers")
    assert row.count == 4 and row.reset_at is None
    assert len(rows(database_url, tmp_path, "SELECT * FROM breaker_hits")) == 4
    assert len(rows(database_url, tmp_path, "SELECT * FROM checks")) == 8


def test_a_reset_lets_the_automation_send_again(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'b.sqlite3'}"
    pol = policy(breaker=Breaker(trip_after=2, window_minutes=10, hold_minutes=60))
    with TestClient(app(url, tmp_path, pol)) as client:
        codes = [client.post("/v1/check", json=storm(), headers=AUTH).json()["findings"][0]["code"] for _ in range(3)]
        assert codes == ["protected_list", "protected_list", "breaker_open"]
        (row,) = rows(url, tmp_path, "SELECT key FROM breakers")
        memory = client.app.state.cg.memory  # type: ignore[attr-defined]
        assert breaker.reset(memory.writer.store.engine, row.key, "it@maplevalley.k12.example")
        again = client.post("/v1/check", json=storm(), headers=AUTH).json()
        flush(client)
    assert again["findings"][0]["code"] == "protected_list"
