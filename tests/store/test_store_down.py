"""The store down or slow: verdicts still go out in their normal time, /healthz says degraded, and the
records reach the database from the spool once it answers again.

Each test runs its own PostgreSQL cluster, so stopping or freezing it touches nothing else.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import psycopg
import pytest
from starlette.testclient import TestClient

from backend.policy.schema import Breaker, Memory
from backend.store.spool import SPOOL_FILE
from tests.postgres import Cluster, cluster
from tests.store.support import AUTH, app, flush, policy, roster_to, rows, storm, wait_for

# A check of a small roster takes well under a second; a verdict that waited on a database that is
# down (3 s connect timeout) or frozen (forever) would take far longer than this.
NORMAL = 2.5


@pytest.fixture
def own() -> Iterator[Cluster]:
    with cluster() as c:
        yield c


def _timed(client: TestClient, message: dict[str, object]) -> tuple[float, str]:
    started = time.monotonic()
    response = client.post("/v1/check", json=message, headers=AUTH)
    assert response.status_code == 200
    return time.monotonic() - started, response.json()["check_id"]


def _postgres_pids(c: Cluster) -> list[int]:
    postmaster = int((c.data / "postmaster.pid").read_text().split()[0])
    children = [int(p) for p in Path(f"/proc/{postmaster}/task/{postmaster}/children").read_text().split()]
    return [postmaster, *children]


def test_a_stopped_database_costs_no_verdict_and_loses_no_record(own: Cluster, tmp_path: Path) -> None:
    url = own.create_database()
    pol = policy(memory=replace(Memory(), retry_seconds=0.3, read_seconds=0.5))
    with TestClient(app(url, tmp_path, pol)) as client:
        _timed(client, roster_to("a@gmail.com"))
        flush(client)
        assert client.get("/healthz").json()["store"] == "ok"
        own.stop()
        ids = []
        for message in (roster_to("b@gmail.com"), storm(), roster_to("c@gmail.com"), storm()):
            elapsed, check_id = _timed(client, message)
            assert elapsed < NORMAL
            ids.append(check_id)
        flush(client)
        health = client.get("/healthz")
        assert health.status_code == 200 and health.json() == health.json() | {"status": "ok", "store": "degraded"}
        spooled = (tmp_path / SPOOL_FILE).read_text()
        assert all(i in spooled for i in ids)
        own.start()
        assert wait_for(lambda: client.get("/healthz").json()["store"] == "ok")
        assert wait_for(lambda: not (tmp_path / SPOOL_FILE).exists())
    kept = {r.check_id for r in rows(url, tmp_path, "SELECT check_id FROM checks")}
    assert set(ids) <= kept and len(kept) == 5


def test_a_frozen_database_is_waited_on_only_within_read_seconds(own: Cluster, tmp_path: Path) -> None:
    url = own.create_database()
    pol = policy(memory=replace(Memory(), retry_seconds=0.3, read_seconds=0.5),
                 breaker=Breaker(trip_after=50))
    with TestClient(app(url, tmp_path, pol)) as client:
        _timed(client, storm())
        flush(client)
        pids = _postgres_pids(own)
        for pid in pids:
            os.kill(pid, signal.SIGSTOP)
        try:
            ids = []
            for _ in range(3):  # an automation: its breaker is read before, and its hit written after, the check
                elapsed, check_id = _timed(client, storm())
                assert elapsed < NORMAL
                ids.append(check_id)
            assert client.get("/healthz").json()["store"] == "degraded"
        finally:
            for pid in pids:
                os.kill(pid, signal.SIGCONT)
        assert wait_for(lambda: client.get("/healthz").json()["store"] == "ok")
        flush(client)
        assert wait_for(lambda: len(rows(url, tmp_path, "SELECT * FROM checks")) == 4)
    kept = {r.check_id for r in rows(url, tmp_path, "SELECT check_id FROM checks")}
    assert set(ids) <= kept
    with psycopg.connect(url) as conn:  # every hit counted once, whether written at once or replayed
        assert conn.execute("SELECT count(*) FROM breaker_hits").fetchone() == (4,)


def test_the_spool_is_bounded(tmp_path: Path) -> None:
    pol = policy(memory=replace(Memory(), spool_bytes=6000, retry_seconds=30))
    with TestClient(app("postgresql://postgres@127.0.0.1:9/none", tmp_path, pol)) as client:
        for _ in range(12):
            elapsed, _ = _timed(client, roster_to("a@gmail.com"))
            assert elapsed < NORMAL
        flush(client)
        writer = client.app.state.cg.memory.writer  # type: ignore[attr-defined]
        assert client.get("/healthz").json()["store"] == "degraded"
        assert 0 < (tmp_path / SPOOL_FILE).stat().st_size <= 6000
        assert writer.spool.dropped > 0
