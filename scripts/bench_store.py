"""Benchmark row: what keeping check records adds to the verdict time. Not a test: prints a table.

Run from the repository root:  .venv/bin/python scripts/bench_store.py [--runs 40]

The service runs as its own uvicorn process three times: records off (`CROSSING_GUARD_RECORDS=off`),
SQLite in a temporary data directory, and PostgreSQL (a throwaway cluster started here, as the tests
do). Each serves the same load mix, sent in turn: a note to families, a small roster to a personal
address (a repeat), a 300-row roster to staff, and an automation to a whole-school list. Printed: the
p50 and p90 verdict time per configuration over the whole mix, and the p50 added against records off.
Target: under 5% added at p50.
"""

from __future__ import annotations

import argparse
import base64
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scripts.bench import post, service  # noqa: E402
from tests.postgres import cluster  # noqa: E402

DISTRICT = "maplevalley.k12.example"


def _csv(rows: int) -> str:
    lines = ["Student_Number,First_Name,Last_Name,Allergies,Medication,Guardian Cell"]
    lines += [f"{300400 + i},Amara{i},Lindqvist{i},Peanuts,EpiPen,555-01{i % 100:02d}" for i in range(rows)]
    return base64.b64encode("\n".join(lines).encode()).decode()


def mix() -> list[bytes]:
    sender = {"email": f"kpatel@{DISTRICT}", "name": "Kiran Patel"}
    messages = [
        {"client": {"app": "outlook"}, "sender": sender,
         "bcc": [{"email": f"family{i}@gmail.com", "kind": "external"} for i in range(30)],
         "subject": "Field trip", "body": {"text": "The bus leaves at nine on Friday. " * 12}},
        {"client": {"app": "outlook"}, "sender": sender, "to": [{"email": "kiran.patel@gmail.com", "kind": "external"}],
         "subject": "lists", "attachments": [{"name": "nurse.csv", "content_b64": _csv(12)}]},
        {"client": {"app": "outlook"}, "sender": sender, "to": [{"email": f"mokafor@{DISTRICT}"}],
         "subject": "roster", "attachments": [{"name": "roster.csv", "content_b64": _csv(300)}]},
        {"client": {"app": "api"}, "sender": {"email": f"noreply-alerts@{DISTRICT}"},
         "to": [{"email": f"allstudents@{DISTRICT}", "kind": "list"}], "subject": "Snow day",
         "body": {"text": "Closed today."}},
    ]
    return [json.dumps(m).encode() for m in messages]


def measure(env: dict[str, str], runs: int) -> list[float]:
    bodies = mix()
    times: list[float] = []
    with service(env) as client:
        for body in bodies:  # warm up
            post(client, body)
        for _ in range(runs):
            for body in bodies:
                started = time.perf_counter()
                post(client, body)
                times.append(time.perf_counter() - started)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=40, help="rounds of the four-message mix per configuration")
    args = parser.parse_args()
    # Plenty of room for the storm: the benchmark measures the record, not the breaker refusing.
    policy = Path(tempfile.mkdtemp(prefix="cg-bench-store-")) / "policy.toml"
    demo = (ROOT / "backend" / "policy" / "demo.toml").read_text("utf-8")
    policy.write_text(demo + "\n[breaker]\ntrip_after = 0\n", "utf-8")
    base = {"CROSSING_GUARD_POLICY": str(policy)}
    results: dict[str, list[float]] = {}
    results["off"] = measure({**base, "CROSSING_GUARD_RECORDS": "off"}, args.runs)
    with tempfile.TemporaryDirectory(prefix="cg-bench-sqlite-") as data:
        results["SQLite"] = measure({**base, "CROSSING_GUARD_DATA_DIR": data}, args.runs)
    with cluster() as pg, tempfile.TemporaryDirectory(prefix="cg-bench-spool-") as data:
        results["PostgreSQL"] = measure({**base, "CROSSING_GUARD_DATA_DIR": data,
                                         "CROSSING_GUARD_DATABASE_URL": pg.create_database()}, args.runs)
    off = statistics.median(results["off"])
    print(f"\nVerdict time with the store off / SQLite / PostgreSQL ({args.runs} rounds of a 4-message mix)\n")
    print("| store | p50 | p90 | added at p50 (target < 5%) |\n|---|---|---|---|")
    for name, times in results.items():
        p50 = statistics.median(times)
        p90 = statistics.quantiles(times, n=10)[-1]
        added = "" if name == "off" else f"{(p50 - off) / off * 100:+.1f}%"
        print(f"| {name} | {p50 * 1000:.1f} ms | {p90 * 1000:.1f} ms | {added} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
