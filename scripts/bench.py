"""Benchmark of the check service against the design's performance anchors. Not a test: prints a table.

Run from the repository root:  .venv/bin/python scripts/bench.py

The service runs as its own uvicorn process on loopback (as deployed, so the client does not share its
interpreter); requests go through httpx. Spreadsheets are generated once and cached in the system's
temporary directory. Measures:

(a) 3,000-, 50,000- and 200,000-row student spreadsheets: the full verdict over HTTP (the file
    base64-encoded in an attachment) next to python-calamine merely turning every cell of the same
    file into a Python object, and their ratio (best and median of a few runs each); for 3,000 rows
    also pandas.read_excel (openpyxl) reading the file, the design's anchor;
(b) text-only checks per second, sequential, for emails of about 100 words;
(c) time to verdict for one message to 50,000 recipients;
(d), (e) link lookups and check-ahead refs (`scripts/bench_links.py`, `scripts/bench_refs.py`);
(f) the cost of isolation: the median verdict for a 25 KB (150 rows), a 400 KB (3,000 rows) and a 7 MB (50,000
    rows) spreadsheet with attachments read in reader processes (the default) and in the service
    itself (`capacity.reader_processes = 0`, a second service on a policy file that says so);
(g) the outbound gateway: messages per second for the school-day mix over 8 connections, the latency
    the check adds per message, and how many processes the storm rate needs (`scripts/bench_gateway.py`).

The service runs on the demo district with `capacity.rate_per_minute` lifted (the default of 600 a
minute per credential would answer (b) with 429s).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import io  # noqa: E402

import httpx  # noqa: E402
import pandas  # noqa: E402
from python_calamine import CalamineWorkbook  # noqa: E402

from tests.corpus.message import FRONT_OFFICE, TEACHER, attachment, request  # noqa: E402
from tests.fakedata import layouts, text, xlsx  # noqa: E402
from tests.fakedata.students import generate, guardian_emails  # noqa: E402
from tests.fakedata.xlsx import XLSX_TYPE  # noqa: E402

API_KEY = "bench-key"
CACHE = Path(tempfile.gettempdir()) / "crossing-guard-bench"


@dataclass(frozen=True)
class Row:
    what: str
    measured: str
    target: str
    ok: bool


def roster_file(rows: int) -> Path:
    """A PowerSchool-style export of `rows` students, generated once and kept for later runs."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"powerschool_{rows}_v1.xlsx"
    if not path.exists():
        started = time.perf_counter()
        data = xlsx.roster(layouts.POWERSCHOOL, generate(rows, seed=rows))
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(data)
        tmp.replace(path)
        print(f"  generated {path.name} ({len(data) / 1e6:.1f} MB) in {time.perf_counter() - started:.1f} s")
    return path


def timed(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def calamine_cells(data: bytes) -> object:
    """The per-cell floor of a row reader: calamine reading the sheet and making every cell a Python object."""
    return CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()


@dataclass(frozen=True)
class Spread:
    best: float
    median: float

    @classmethod
    def of(cls, times: list[float]) -> Spread:
        return cls(min(times), statistics.median(times))

    def ms(self) -> str:
        return f"{self.best * 1000:.0f}/{self.median * 1000:.0f} ms"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


BENCH_RATE = "rate_per_minute = 1000000"  # (b) sends 1,000 checks with one key, past the default 600 a minute


def bench_policy(directory: Path, *capacity: str) -> Path:
    """The demo district with `[capacity]` lines: the rate per credential lifted, so the benchmark
    measures the engine rather than the rate limit, and whatever else is given."""
    path = directory / f"bench-{len(capacity)}.toml"
    demo = (ROOT / "backend" / "policy" / "demo.toml").read_text()
    path.write_text(demo + "\n[capacity]\n" + "\n".join((BENCH_RATE, *capacity)) + "\n")
    return path


@contextmanager
def service(extra_env: dict[str, str] | None = None) -> Iterator[httpx.Client]:
    """The real service as its own uvicorn process on loopback, with `extra_env` added to its environment."""
    port = free_port()
    env = {**os.environ, "CROSSING_GUARD_API_KEYS": API_KEY, "PYTHONPATH": str(ROOT), **(extra_env or {})}
    command = [
        sys.executable, "-m", "uvicorn", "--factory", "backend.app:create_app",
        "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning", "--no-access-log",
    ]
    proc = subprocess.Popen(command, cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {API_KEY}"}, timeout=120) as client:
            deadline = time.monotonic() + 30
            while True:
                try:
                    if client.get("/healthz").status_code < 500:
                        break
                except httpx.TransportError:
                    pass
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("the service did not start")
                time.sleep(0.1)
            yield client
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def post(client: httpx.Client, body: bytes) -> dict[str, object]:
    response = client.post("/v1/check", content=body, headers={"Content-Type": "application/json"})
    response.raise_for_status()
    answer: dict[str, object] = response.json()
    return answer


def verdict_runs(
    client: httpx.Client, body: bytes, runs: int, *, warm_up: bool = True
) -> tuple[list[float], dict[str, object]]:
    """Seconds of each of `runs` posts, and the answer (for the table)."""
    answer = post(client, body) if warm_up else {}
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        answer = post(client, body)
        times.append(time.perf_counter() - started)
    return times, answer


def verdict_times(
    client: httpx.Client, body: bytes, runs: int, *, warm_up: bool = True
) -> tuple[float, dict[str, object]]:
    """Median seconds over `runs` posts, and the answer (for the table)."""
    times, answer = verdict_runs(client, body, runs, warm_up=warm_up)
    return statistics.median(times), answer


def spreadsheet_body(path: Path, parents: list[str]) -> bytes:
    message = request(
        sender=FRONT_OFFICE, subject="Welcome back!", to=[FRONT_OFFICE.email], bcc=parents,
        text="Welcome back! Please see the attached information.",
        attachments=[attachment("enrollment export.xlsx", path.read_bytes(), XLSX_TYPE)],
    )
    return json.dumps(message).encode()


ISOLATION_ROWS = (150, 3_000, 50_000)  # about 25 KB, 400 KB and 7 MB as xlsx


def isolation_times(
    client: httpx.Client, paths: tuple[Path, ...], parents: list[str], runs: int
) -> list[tuple[int, float]]:
    """For each spreadsheet, its row count and the median verdict seconds on this service."""
    measured = []
    for rows_in_file, path in zip(ISOLATION_ROWS, paths, strict=True):
        median, _ = verdict_times(client, spreadsheet_body(path, parents), runs if rows_in_file < 50_000 else 3)
        measured.append((rows_in_file, median))
    return measured


def describe(answer: dict[str, object]) -> str:
    exposure = answer.get("exposure")
    people = exposure.get("people") if isinstance(exposure, dict) else "?"
    return f"{answer.get('verdict')}, {people} people"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="timed verdicts per spreadsheet (median reported)")
    parser.add_argument("--emails", type=int, default=1000, help="text-only emails to send in (b)")
    parser.add_argument("--no-links", action="store_true", help="skip the link lookup measurement")
    parser.add_argument("--no-gateway", action="store_true", help="skip the gateway measurement (g)")
    parser.add_argument("--gateway-rounds", type=int, default=5, help="times the school-day mix is sent in (g)")
    parser.add_argument("--sheets-only", action="store_true", help="measure (a) only")
    args = parser.parse_args()

    print("Preparing files")
    sizes = (3_000, 50_000, 200_000)
    paths = {n: roster_file(n) for n in sizes}
    tiny, large = roster_file(ISOLATION_ROWS[0]), paths[50_000]
    parents = guardian_emails(generate(300, seed=7), 300)
    rows: list[Row] = []

    print("Reading with pandas.read_excel(engine='openpyxl') and with python-calamine, every cell")
    small = paths[3_000]
    pandas_small = statistics.median(timed(lambda: pandas.read_excel(small, engine="openpyxl")) for _ in range(3))
    floor = {}
    for n, path in paths.items():
        data = path.read_bytes()
        floor[n] = Spread.of([timed(lambda d=data: calamine_cells(d)) for _ in range(3)])

    policies = tempfile.TemporaryDirectory()
    with service({"CROSSING_GUARD_POLICY": str(bench_policy(Path(policies.name)))}) as client:
        print("Checking over HTTP")
        for n in sizes:
            runs = args.runs if n < 50_000 else 3
            times, answer = verdict_runs(client, spreadsheet_body(paths[n], parents), runs, warm_up=n < 50_000)
            verdict = Spread.of(times)
            best, median = verdict.best / floor[n].best, verdict.median / floor[n].median
            what = (f"(a) {n:,} rows: verdict {verdict.ms()} | calamine per-cell read {floor[n].ms()} "
                    f"(best/median; {describe(answer)})")
            if n < 50_000:
                what += f"; {best:.2f}/{median:.2f}x calamine"
            if n < 50_000:
                ratio = verdict.median / pandas_small
                rows.append(Row(f"{what}; pandas read {pandas_small * 1000:.0f} ms", f"{ratio:.2f}x pandas",
                                "<= 0.5x pandas", ratio <= 0.5))
                continue
            rows.append(Row(what, f"{best:.2f}/{median:.2f}x", "<= 0.6x calamine", best <= 0.6))
            if n == 50_000:
                rows.append(Row("(a) 50,000 rows: median verdict", f"{verdict.median:.2f} s", "< 1 s",
                                verdict.median < 1.0))
        if args.sheets_only:
            return report(rows)

        isolated = isolation_times(client, (tiny, small, large), parents, args.runs)

        rng = random.Random(100)
        bodies = []
        for _ in range(args.emails):
            subject, body = text.everyday_email(rng)
            to = [guardian_emails(generate(1, seed=rng.randrange(10**6)), 1)[0]]
            bodies.append(json.dumps(request(sender=TEACHER, subject=subject, to=to, text=body)).encode())
        post(client, bodies[0])
        started = time.perf_counter()
        verdicts = [post(client, b)["verdict"] for b in bodies]
        rate = len(bodies) / (time.perf_counter() - started)
        allowed = sum(v == "allow" for v in verdicts)
        rows.append(Row(
            f"(b) {len(bodies)} text-only emails of ~100 words, sequential ({allowed} allowed)",
            f"{rate:.0f} checks/s", ">= 300/s", rate >= 300,
        ))

        many = [f"family{i:05d}@example.net" for i in range(50_000)]
        body = json.dumps(request(
            sender=FRONT_OFFICE, subject="Snow day", to=[FRONT_OFFICE.email], bcc=many,
            text="Schools are closed today because of snow. Stay safe!",
        )).encode()
        many_time, many_answer = verdict_times(client, body, 3)
        rows.append(Row(
            f"(c) one message to 50,000 recipients ({describe(many_answer)})",
            f"{many_time * 1000:.0f} ms", "< 2 s", many_time < 2.0,
        ))

    in_process_policy = bench_policy(Path(policies.name), "reader_processes = 0")
    with service({"CROSSING_GUARD_POLICY": str(in_process_policy)}) as client:
        print("Checking the same spreadsheets read in the service itself (capacity.reader_processes = 0)")
        in_process = isolation_times(client, (tiny, small, large), parents, args.runs)
    policies.cleanup()
    for path, (rows_in_file, with_readers), without in zip((tiny, small, large), isolated, in_process, strict=True):
        added = with_readers - without[1]
        rows.append(Row(
            f"(f) isolation, {path.stat().st_size / 1e3:,.0f} KB ({rows_in_file:,} rows): verdict "
            f"{with_readers * 1000:.0f} ms in reader processes vs {without[1] * 1000:.0f} ms in the service",
            f"{added * 1000:+.0f} ms", "report", True,
        ))

    if not args.no_gateway:
        print("Relaying the school-day mix through the gateway (1 then 2 processes)")
        import bench_gateway

        rows += [Row(r.what, r.measured, r.target, r.ok) for r in bench_gateway.rows(args.gateway_rounds)]

    if not args.no_links:
        print("Checking a link that resolves to the 3,000-row roster (local Graph stand-in over TLS)")
        import bench_links

        rows += [Row(r.what, r.measured, r.target, r.ok) for r in bench_links.rows(args.runs)]

    print("A Send after the check-ahead: the 50,000-row roster sent as its ref")
    import bench_refs

    rows += bench_refs.rows(args.runs)

    return report(rows)


def report(rows: list[Row]) -> int:
    width = max(len(r.what) for r in rows)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"\n{os.cpu_count()} CPUs; load average {load} (other work on the machine slows every figure)")
    print(f"{'What':<{width}}  {'Measured':>12}  {'Target':<15}  Result")
    print("-" * (width + 40))
    for r in rows:
        print(f"{r.what:<{width}}  {r.measured:>12}  {r.target:<15}  {'PASS' if r.ok else 'FAIL'}")
    return 0 if all(r.ok for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
