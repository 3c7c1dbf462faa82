"""Two `crossing-guard serve` processes on one PostgreSQL, over real HTTP: nothing shared lives in a process.

- Four sends of student records to one personal Gmail, alternating instances: exactly one webhook
  alert, raised by the third (the threshold), naming the sender, count 3 and those three check ids;
  the stored alert then holds all four.
- An automation storm to a protected list, alternating instances: the first `breaker.trip_after`
  are judged as usual, every later one is refused with `breaker_open`, and one breaker alert is sent.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import httpx
import pytest

from tests.postgres import Cluster, free_port
from tests.store.support import KEY, SENDER, Webhook, roster_to, rows, storm, wait_for, webhook

TRIP_AFTER = 5


def _policy(directory: Path, hook: str) -> Path:
    demo = resources.files("backend").joinpath("policy/demo.toml").read_text("utf-8")
    path = directory / "policy.toml"
    path.write_text(demo + f"""
[capacity]
reader_processes = 0

[alerts]
webhook_url = "{hook}"
repeat_threshold = 3
repeat_window_days = 7

[breaker]
trip_after = {TRIP_AFTER}
window_minutes = 10
hold_minutes = 60
""", "utf-8")
    return path


@pytest.fixture
def instances(postgres: Cluster, tmp_path: Path) -> Iterator[tuple[list[str], str, Webhook]]:
    url = postgres.create_database()
    cli = Path(sys.executable).parent / "crossing-guard"
    with webhook() as hook:
        policy = _policy(tmp_path, hook.url)
        procs: list[subprocess.Popen[bytes]] = []

        def launch(i: int) -> tuple[str, subprocess.Popen[bytes]]:
            port = free_port()
            env = {**os.environ, "CROSSING_GUARD_API_KEYS": KEY, "CROSSING_GUARD_DATABASE_URL": url,
                   "CROSSING_GUARD_RECORDS": "on", "CROSSING_GUARD_DATA_DIR": str(tmp_path / f"instance{i}")}
            with (tmp_path / f"instance{i}.log").open("wb") as log:
                proc = subprocess.Popen([str(cli), "serve", "--policy", str(policy), "--port", str(port)],
                                        env=env, stdout=log, stderr=subprocess.STDOUT)
            procs.append(proc)
            return f"http://127.0.0.1:{port}", proc

        def healthy(i: int, base: str, proc: subprocess.Popen[bytes]) -> str:
            """Wait for instance i's store; start it again on another port if that one was taken meanwhile."""
            for _ in range(3):
                def up(base: str = base, proc: subprocess.Popen[bytes] = proc) -> bool:
                    try:
                        return bool(httpx.get(base + "/healthz", timeout=2).json()["store"] == "ok")
                    except httpx.HTTPError:
                        return proc.poll() is not None

                if wait_for(up, 60) and proc.poll() is None:
                    return base
                if proc.poll() is None:
                    break
                base, proc = launch(i)
            raise AssertionError(f"instance {i} did not start with its store (exit {proc.poll()}):\n"
                                 + (tmp_path / f"instance{i}.log").read_text("utf-8", "replace")[-3000:])

        try:
            started = [launch(0), launch(1)]  # together: they migrate the new database at the same moment
            bases = [healthy(i, base, proc) for i, (base, proc) in enumerate(started)]
            yield bases, url, hook
        finally:
            for proc in procs:
                proc.terminate()
            for proc in procs:
                proc.wait(20)


def _check(base: str, message: dict[str, object]) -> dict[str, object]:
    response = httpx.post(base + "/v1/check", json=message, headers={"authorization": f"Bearer {KEY}"}, timeout=30)
    assert response.status_code == 200
    return dict(response.json())


def test_two_instances_share_history_alerts_and_the_breaker(
    instances: tuple[list[str], str, Webhook], tmp_path: Path
) -> None:
    bases, url, hook = instances
    ids = []
    for i in range(4):
        verdict = _check(bases[i % 2], roster_to("kiran.patel@gmail.com"))
        assert verdict["verdict"] == "block" and verdict["findings"][0]["code"] == "personal_account"  # type: ignore[index]
        ids.append(verdict["check_id"])
        # each instance's writer stores its record in the background; the next send waits for it
        assert wait_for(lambda n=i + 1: len(rows(url, tmp_path, "SELECT check_id FROM checks")) == n)
    assert wait_for(lambda: hook.alerts("repeat_sender"))
    storm_answers = [_check(bases[i % 2], storm()) for i in range(TRIP_AFTER + 4)]
    assert wait_for(lambda: hook.alerts("breaker_tripped"))
    time.sleep(1.0)  # anything sent twice would have arrived by now

    (alert,) = hook.alerts("repeat_sender")
    assert alert["sender"] == SENDER and alert["count"] == 3 and alert["check_ids"] == ids[:3]
    (row,) = rows(url, tmp_path, "SELECT count, check_ids FROM alerts WHERE kind = 'repeat'")
    assert row.count == 4 and json.loads(row.check_ids) == ids

    codes = [a["findings"][0]["code"] for a in storm_answers]  # type: ignore[index]
    assert codes == ["protected_list"] * TRIP_AFTER + ["breaker_open"] * 4
    (tripped,) = hook.alerts("breaker_tripped")
    assert tripped["count"] == TRIP_AFTER
    assert tripped["check_ids"] == [a["check_id"] for a in storm_answers[:TRIP_AFTER]]
    assert len(hook.received) == 2
