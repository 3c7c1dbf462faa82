"""Benchmark: a Send after the check-ahead, with the attachment sent as its ref instead of its bytes.

Run from the repository root:  .venv/bin/python scripts/bench_refs.py
or import `rows(runs)` from scripts/bench.py.

The service runs as its own uvicorn process on loopback. The first post carries the 50,000-row
roster's bytes (what the add-in sends when the file is added); the Send that follows carries
`{"name", "ref"}` from that answer. Printed: the bytes of each request body and its time to verdict.
Loopback hides the upload itself; on a school's Wi-Fi the bytes column is what costs the time.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import bench  # noqa: E402

from tests.fakedata.students import generate, guardian_emails  # noqa: E402


def rows(runs: int = 5) -> list[bench.Row]:
    path = bench.roster_file(50_000)
    parents = guardian_emails(generate(300, seed=7), 300)
    with_bytes = bench.spreadsheet_body(path, parents)
    with bench.service() as client:
        started = time.perf_counter()
        first = bench.post(client, with_bytes)
        ahead = time.perf_counter() - started
        attachments = first.get("attachments")
        ref = attachments[0].get("ref") if isinstance(attachments, list) and attachments else None
        if not isinstance(ref, str):
            raise SystemExit("the service answered no ref for the attachment")
        message = json.loads(with_bytes)
        message["attachments"] = [{"name": message["attachments"][0]["name"], "ref": ref}]
        by_ref = json.dumps(message).encode()
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            answer = bench.post(client, by_ref)
            times.append(time.perf_counter() - started)
            if answer.get("verdict") != first.get("verdict"):
                raise SystemExit("the verdict by ref differs from the verdict with the bytes")
    send = statistics.median(times)
    attachment_bytes = len(json.dumps(json.loads(by_ref)["attachments"]))
    return [bench.Row(
        f"(e) 50,000-row roster ({path.stat().st_size / 1e6:.1f} MB): check-ahead posts {len(with_bytes):,} bytes "
        f"in {ahead * 1000:.0f} ms; the Send after it posts {len(by_ref):,} bytes (attachment: "
        f"{attachment_bytes} bytes) in {send * 1000:.0f} ms ({bench.describe(first)})",
        f"{send * 1000:.0f} ms", "< 1 s", send < 1.0,
    )]


def main() -> int:
    for row in rows():
        print(f"{row.what}\n  {row.measured} (target {row.target}): {'PASS' if row.ok else 'FAIL'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
