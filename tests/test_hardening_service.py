"""Callers and proxies against a real server process: demo access, rates, slow clients, memory."""

from __future__ import annotations

import base64
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from tests.fakedata import delimited, layouts
from tests.fakedata.students import generate
from tests.hostile.proxy import forwarding_proxy
from tests.hostile.server import descendants, rss_mb, serve, tree_rss_mb

KEY = "k-service"
DISTRICT = """
[district]
name = "Test District"
domains = ["district.example"]
"""
DEMO_CHECK = {"client": {"app": "demo"}, "to": [{"email": "a@gmail.com"}], "body": {"text": "Field trip Friday."}}


def port_of(base: str) -> int:
    return int(urlsplit(base).port or 0)


def test_no_key_demo_access_is_refused_through_a_plain_proxy_and_with_a_public_url(tmp_path: Path) -> None:
    with serve(tmp_path, DISTRICT, {"CROSSING_GUARD_API_KEYS": KEY}) as (base, _):
        with forwarding_proxy(port_of(base)) as proxied:
            refused = httpx.post(proxied + "/v1/check", json=DEMO_CHECK, timeout=10)
            assert refused.status_code == 401 and refused.json()["error"]["code"] == "unauthorized"
            keyed = httpx.post(proxied + "/v1/check", json=DEMO_CHECK, timeout=10,
                               headers={"authorization": f"Bearer {KEY}"})
            assert keyed.status_code == 200
        assert httpx.post(base + "/v1/check", json=DEMO_CHECK, timeout=10).status_code == 401
    public = {"CROSSING_GUARD_PUBLIC_URL": "https://guard.district.example"}
    for args in ((), ("--demo",)):  # the demo district, even when --demo asks for it
        with serve(tmp_path, "", public, args) as (base, _):
            assert httpx.post(base + "/v1/check", json=DEMO_CHECK, timeout=10).status_code == 401
    with serve(tmp_path) as (base, _):  # what scripts/serve runs: the demo on this machine works
        assert httpx.post(base + "/v1/check", json=DEMO_CHECK, timeout=10).status_code == 200


def test_a_proxy_that_forwards_the_client_gives_each_client_its_own_rate_and_never_the_demo(tmp_path: Path) -> None:
    """What the README asks of the proxy: with X-Forwarded-For, a forwarded request is never the demo page,
    and callers without a credential are counted by their own address, not pooled under the proxy's."""
    policy = DISTRICT + "\n[capacity]\nrate_per_minute = 4\n"
    with serve(tmp_path, policy, {"CROSSING_GUARD_API_KEYS": KEY}, ("--demo",)) as (base, _), \
            httpx.Client(base_url=base, timeout=10) as client:
        assert client.post("/v1/check", json=DEMO_CHECK).status_code == 200  # this machine's demo page
        one = {"x-forwarded-for": "203.0.113.7"}
        answers = [client.post("/v1/check", json=DEMO_CHECK, headers=one).status_code for _ in range(5)]
        assert answers == [401, 401, 401, 401, 429]  # not the demo, though it arrives from loopback; its own rate
        assert client.post("/v1/check", json=DEMO_CHECK, headers={"x-forwarded-for": "203.0.113.8"}).status_code == 401
        assert client.post("/v1/check", json=DEMO_CHECK).status_code == 200  # loopback's own rate is untouched
        for header, value in (("forwarded", "for=203.0.113.9"), ("x-real-ip", "203.0.113.9")):
            assert client.post("/v1/check", json=DEMO_CHECK, headers={header: value}).status_code == 401, header


def test_rate_per_credential_answers_429_with_retry_after(tmp_path: Path) -> None:
    policy = DISTRICT + "\n[capacity]\nrate_per_minute = 5\n"
    other = "k-other"
    env = {"CROSSING_GUARD_API_KEYS": f"{KEY},{other}"}
    with serve(tmp_path, policy, env) as (base, _), httpx.Client(base_url=base, timeout=10) as client:
        statuses = [client.post("/v1/check", json=DEMO_CHECK, headers={"authorization": f"Bearer {KEY}"})
                    for _ in range(7)]
        assert [r.status_code for r in statuses[:5]] == [200] * 5
        limited = statuses[5]
        assert limited.status_code == 429
        assert limited.json()["error"]["code"] == "rate_limited"
        assert int(limited.headers["retry-after"]) >= 1
        fresh = client.post("/v1/check", json=DEMO_CHECK, headers={"authorization": f"Bearer {other}"})
        assert fresh.status_code == 200  # another credential has its own rate


def test_slow_clients_are_closed(tmp_path: Path) -> None:
    policy = DISTRICT + "\n[capacity]\nheader_seconds = 1.0\nbody_seconds = 1.0\n"
    with serve(tmp_path, policy, {"CROSSING_GUARD_API_KEYS": KEY}) as (base, _):
        port = port_of(base)
        with socket.create_connection(("127.0.0.1", port), timeout=10) as slow_headers:
            started = time.monotonic()
            slow_headers.sendall(b"POST /v1/check HTTP/1.1\r\nHost: x\r\n")
            for _ in range(8):  # a header line now and then, never the blank line that ends them
                time.sleep(0.3)
                try:
                    slow_headers.sendall(b"X-Slow: 1\r\n")
                except OSError:
                    break
            assert slow_headers.recv(100) == b""  # closed by the server
            assert time.monotonic() - started < 9  # closed by the deadline, well before the socket timeout
        with socket.create_connection(("127.0.0.1", port), timeout=10) as slow_body:
            slow_body.sendall(b"POST /v1/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                              b"Authorization: Bearer " + KEY.encode() + b"\r\nContent-Length: 1000\r\n\r\n{\"to\"")
            answer = b""
            while chunk := slow_body.recv(4096):  # the status and the JSON body may come in separate packets
                answer += chunk
            assert answer.startswith(b"HTTP/1.1 408"), answer[:100]
            assert b'"body_timeout"' in answer
        assert httpx.get(base + "/healthz", timeout=5).status_code == 200


def test_connections_past_the_cap_get_503(tmp_path: Path) -> None:
    policy = DISTRICT + "\n[capacity]\nconnections = 3\n"
    with serve(tmp_path, policy, {"CROSSING_GUARD_API_KEYS": KEY}) as (base, _):
        idle = [socket.create_connection(("127.0.0.1", port_of(base))) for _ in range(3)]
        try:
            time.sleep(0.3)
            assert httpx.get(base + "/healthz", timeout=5).status_code == 503
        finally:
            for s in idle:
                s.close()
        time.sleep(0.3)
        assert httpx.get(base + "/healthz", timeout=5).status_code == 200


def big_check(megabytes: int) -> bytes:
    """A check carrying a roster CSV of about `megabytes` MB, as the JSON the add-in would post."""
    rows = max(1, megabytes * 1024 * 1024 // 120)
    csv = delimited.roster(layouts.POWERSCHOOL, generate(rows, seed=rows))
    body = (b'{"client": {"app": "api"}, "to": [{"email": "parent@gmail.com"}], "attachments": '
            b'[{"name": "roster.csv", "content_b64": "' + base64.b64encode(csv) + b'"}]}')
    return body


def test_memory_stays_under_the_budget_during_20_concurrent_5mb_checks(tmp_path: Path) -> None:
    memory_mb, reader_mb = 200, 600
    policy = DISTRICT + (f"\n[capacity]\nmemory_mb = {memory_mb}\nreader_memory_mb = {reader_mb}\n"
                         "queue_seconds = 60.0\n")
    body = big_check(5)
    assert len(body) > 5 * 1024 * 1024
    with serve(tmp_path, policy, {"CROSSING_GUARD_API_KEYS": KEY}) as (base, proc):
        headers = {"authorization": f"Bearer {KEY}", "content-type": "application/json"}
        httpx.post(base + "/v1/check", content=body, headers=headers, timeout=120)  # warm every reader once
        start, start_service = tree_rss_mb(proc.pid), rss_mb(proc.pid)
        peak, peak_service, peak_reader = start, start_service, 0.0
        done = threading.Event()

        def sample() -> None:
            nonlocal peak, peak_service, peak_reader
            while not done.is_set():
                peak = max(peak, tree_rss_mb(proc.pid))
                peak_service = max(peak_service, rss_mb(proc.pid))
                peak_reader = max([peak_reader, *(rss_mb(p) for p in descendants(proc.pid))])
                time.sleep(0.05)

        sampler = threading.Thread(target=sample)
        sampler.start()
        try:
            with ThreadPoolExecutor(20) as pool:
                answers = list(pool.map(lambda _: httpx.post(base + "/v1/check", content=body, headers=headers,
                                                             timeout=180), range(20)))
        finally:
            done.set()
            sampler.join()
        statuses = [a.status_code for a in answers]
        assert set(statuses) <= {200, 503}, statuses
        assert statuses.count(200) >= 10, statuses
        for answer in answers:
            if answer.status_code == 503:
                assert answer.headers["retry-after"] and answer.json()["error"]["code"] == "busy"
        print(f"RSS after one check: tree {start:.0f} MB, service {start_service:.0f} MB; during 20 concurrent: "
              f"tree peak {peak:.0f} MB, service peak {peak_service:.0f} MB, largest reader {peak_reader:.0f} MB")
        assert peak_service - start_service < memory_mb, (start_service, peak_service)  # checks in flight
        assert peak_reader < reader_mb  # each reader under its address-space limit
        assert peak < start + memory_mb + 2 * reader_mb
        assert httpx.get(base + "/healthz", timeout=5).status_code == 200


def test_cors_answers_only_the_configured_public_origin(tmp_path: Path) -> None:
    public = "https://guard.district.example"
    env = {"CROSSING_GUARD_API_KEYS": KEY, "CROSSING_GUARD_PUBLIC_URL": public}
    with serve(tmp_path, DISTRICT, env) as (base, _), httpx.Client(base_url=base, timeout=10) as client:
        def preflight(origin: str, **headers: str) -> httpx.Response:
            return client.options("/v1/check", headers={"origin": origin, "access-control-request-method": "POST",
                                                        "access-control-request-headers": "authorization",
                                                        **headers})

        allowed = preflight(public)
        assert allowed.status_code == 204 and allowed.headers["access-control-allow-origin"] == public
        for origin, host in ((base, None), ("http://guard.district.example", "guard.district.example"),
                             ("http://evil.example", "evil.example"), ("https://evil.example", None)):
            refused = preflight(origin, **({"host": host} if host else {}))
            assert refused.status_code == 403, origin  # an origin built from the Host header is not the public one
            assert refused.json()["error"]["code"] == "cors_origin"
            assert "access-control-allow-origin" not in refused.headers
            checked = client.post("/v1/check", json=DEMO_CHECK,
                                  headers={"origin": origin, "authorization": f"Bearer {KEY}"})
            assert "access-control-allow-origin" not in checked.headers, origin
        answered = client.post("/v1/check", json=DEMO_CHECK,
                               headers={"origin": public, "authorization": f"Bearer {KEY}"})
        assert answered.status_code == 200 and answered.headers["access-control-allow-origin"] == public
