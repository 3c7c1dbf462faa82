"""Hostile attachments against a real server process: each costs one 'unreadable' finding, never the
service. The process id stays the same and /healthz answers throughout."""

from __future__ import annotations

import base64
import secrets
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.extract import files
from tests.hostile.files import inflating_pdf, sparse_xlsx
from tests.hostile.server import descendants, serve

KEY = "k-hardening"
MARKER = "crash-" + secrets.token_hex(24)
POLICY = """
[district]
name = "Test District"
domains = ["district.example"]

[limits]
read_seconds = 2.0
"""
PARENTS = [{"email": f"parent{i}@gmail.com"} for i in range(20)]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    env = {"CROSSING_GUARD_API_KEYS": KEY, "CROSSING_GUARD_TEST_CRASH_MARKER": MARKER}
    with serve(tmp_path_factory.mktemp("readers"), POLICY, env) as (base, proc):
        yield base, proc.pid


def check(base: str, name: str, data: bytes, timeout: float = 30) -> dict[str, object]:
    body = {"client": {"app": "api"}, "to": PARENTS,
            "attachments": [{"name": name, "content_b64": base64.b64encode(data).decode()}]}
    r = httpx.post(base + "/v1/check", json=body, headers={"authorization": f"Bearer {KEY}"}, timeout=timeout)
    assert r.status_code == 200, r.text[:300]
    result: dict[str, object] = r.json()
    return result


def unreadable(verdict: dict[str, object], name: str) -> str:
    """The words the sender reads about the one file that could not be read, which is `name`."""
    findings = verdict["findings"]
    assert isinstance(findings, list)
    [finding] = [f for f in findings if f["code"] == "unreadable_attachment"]
    assert finding["attachment"] == name
    assert f"“{name}”" in str(verdict["message"])  # the words say which file
    return str(verdict["message"])


def healthy(base: str, pid: int, proc_pid: int) -> None:
    assert httpx.get(base + "/healthz", timeout=5).json()["status"] == "ok"
    assert proc_pid == pid


def test_huge_range_spreadsheet_is_too_large_and_the_service_lives(server: tuple[str, int]) -> None:
    base, pid = server
    for refs in (("A1", "XFD1048576"), ("A1", "B3000000000")):
        data = sparse_xlsx(refs)
        assert len(data) < 1700
        finding = unreadable(check(base, "enrollment.xlsx", data), "enrollment.xlsx")
        assert "larger than I can read" in finding
        healthy(base, pid, server[1])


def test_a_reader_that_crashes_costs_one_finding(server: tuple[str, int]) -> None:
    base, pid = server
    readers_before = set(descendants(pid))
    verdict = check(base, "roster.xlsx", MARKER.encode() + b"\0" * 100)
    finding = unreadable(verdict, "roster.xlsx")
    assert "could not be read safely" in finding
    healthy(base, pid, server[1])
    assert set(descendants(pid)) != readers_before  # the dead reader was replaced
    roster = check(base, "roster.xlsx", files.xlsx(files.ROSTER))  # and the next file is read as before
    assert any(f["code"] == "roster_attached" for f in roster["findings"])  # type: ignore[union-attr]


def test_the_marker_does_nothing_without_the_test_environment(tmp_path: Path) -> None:
    with serve(tmp_path, POLICY, {"CROSSING_GUARD_API_KEYS": KEY}) as (base, proc):
        verdict = check(base, "notes.txt", MARKER.encode() + b" Maya Chen peanut allergy")
        assert not any(f["code"] == "unreadable_attachment" for f in verdict["findings"])  # type: ignore[union-attr]
        assert proc.poll() is None


def test_read_deadline_holds_inside_one_long_read(server: tuple[str, int]) -> None:
    base, pid = server
    pdf = inflating_pdf(60)
    assert len(pdf) < 1_000_000
    started = time.perf_counter()
    verdict = check(base, "health plans.pdf", pdf)
    elapsed = time.perf_counter() - started
    finding = unreadable(verdict, "health plans.pdf")
    assert "could not be read in time" in finding
    assert elapsed < 2.0 + 1.5, elapsed
    healthy(base, pid, server[1])
