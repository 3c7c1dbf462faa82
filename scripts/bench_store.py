"""Benchmark row: what keeping check records adds to the verdict time. Not a test: prints a table.

Run from the repository root:  .venv/bin/python scripts/bench_store.py [--runs 40]

The service runs as its own uvicorn process three times: records off (`CROSSING_GUARD_RECORDS=off`),
SQLite in a temporary data directory, and PostgreSQL (a throwaway cluster started here, as the tests
do). Each serves the same load mix, sent in turn: a note to families, a small roster to a personal
address (a repeat), a 300-row roster to staff, and an automation to a whole-school list. Printed: the
p50 and p90 verdict time per configuration over the whole mix, the p50 added against records off, and
the p50 of each message. Two passes: back to back (the writer's work for one check lands on the next),
and paced (`--pace-ms`, quiet between checks, as a service that is busy but not saturated sees them).
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


NAMES = ("note to 30 families", "12-row roster to a personal address", "300-row roster to staff",
         "automation to a whole-school list")


def measure(env: dict[str, str], runs: int, pace: float) -> dict[str, list[float]]:
    """Verdict times per message of the mix; `pace` seconds of quiet after each (0: back to back)."""
    bodies = mix()
    times: dict[str, list[float]] = {name: [] for name in NAMES}
    with service(env) as client:
        for body in bodies:  # warm up
            post(client, body)
        for _ in range(runs):
            for name, body in zip(NAMES, bodies, strict=True):
                started = time.perf_counter()
                post(client, body)
                times[name].append(time.perf_counter() - started)
                if pace:
                    time.sleep(pace)
    return times


def report(title: str, results: dict[str, dict[str, list[float]]]) -> None:
    print(f"\n{title}\n")
    print("| store | mix p50 | mix p90 | added at p50 (target < 5%) | " + " | ".join(NAMES) + " |")
    print("|---|---|---|---|" + "---|" * len(NAMES))
    off = statistics.median([t for ts in results["off"].values() for t in ts])
    for store, per in results.items():
        every = [t for ts in per.values() for t in ts]
        p50 = statistics.median(every)
        p90 = statistics.quantiles(every, n=10)[-1]
        added = "" if store == "off" else f"{(p50 - off) / off * 100:+.1f}%"
        cells = " | ".join(f"{statistics.median(per[name]) * 1000:.1f} ms" for name in NAMES)
        print(f"| {store} | {p50 * 1000:.1f} ms | {p90 * 1000:.1f} ms | {added} | {cells} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=40, help="rounds of the four-message mix per configuration")
    parser.add_argument("--pace-ms", type=float, default=25.0,
                        help="quiet after each message in the second pass, as between requests of a service "
                        "that is busy but not saturated (default 25 ms: 40 checks a second)")
    args = parser.parse_args()
    # Plenty of room for the storm: the benchmark measures the record, not the breaker refusing.
    policy = Path(tempfile.mkdtemp(prefix="cg-bench-store-")) / "policy.toml"
    demo = (ROOT / "backend" / "policy" / "demo.toml").read_text("utf-8")
    policy.write_text(demo + "\n[breaker]\ntrip_after = 0\n", "utf-8")
    base = {"CROSSING_GUARD_POLICY": str(policy)}
    for pace in (0.0, args.pace_ms / 1000):
        results: dict[str, dict[str, list[float]]] = {}
        results["off"] = measure({**base, "CROSSING_GUARD_RECORDS": "off"}, args.runs, pace)
        with tempfile.TemporaryDirectory(prefix="cg-bench-sqlite-") as data:
            results["SQLite"] = measure({**base, "CROSSING_GUARD_DATA_DIR": data}, args.runs, pace)
        with cluster() as pg, tempfile.TemporaryDirectory(prefix="cg-bench-spool-") as data:
            results["PostgreSQL"] = measure({**base, "CROSSING_GUARD_DATA_DIR": data,
                                             "CROSSING_GUARD_DATABASE_URL": pg.create_database()}, args.runs, pace)
        how = "back to back" if not pace else f"{args.pace_ms:.0f} ms apart"
        report(f"Verdict time, store off / SQLite / PostgreSQL: {args.runs} rounds of the 4-message mix, {how}",
               results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
