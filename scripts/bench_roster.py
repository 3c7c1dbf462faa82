"""Benchmark of the roster: verdict times with a 50,000-student roster loaded, next to the same checks
without a roster. Not a test: prints a table.

Run from the repository root:  .venv/bin/python scripts/bench_roster.py

The roster (a generated OneRoster bundle of 50,000 students and their guardians) is imported into a
SQLite store in a temporary directory and loaded as the service loads it. Checks run in this process
through `Engine.check_sync`, attachments read in-process (the figure the reader processes add is the
same with and without a roster). Spreadsheets are the district's own students, PowerSchool-style,
generated once and cached in the system's temporary directory. Each figure is a median.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from backend.engine import Engine  # noqa: E402
from backend.models import Attachment, OutgoingMessage, Person, Recipient, Verdict  # noqa: E402
from backend.policy import load_demo_policy  # noqa: E402
from backend.roster.hashing import RosterKey  # noqa: E402
from backend.roster.importer import prepare  # noqa: E402
from backend.roster.source import FixedRoster, RosterSource  # noqa: E402
from backend.roster.store import write  # noqa: E402
from backend.settings import Settings  # noqa: E402
from backend.store import open_store  # noqa: E402
from tests.fakedata import layouts, oneroster, xlsx  # noqa: E402
from tests.fakedata.students import Student, generate  # noqa: E402
from tests.fakedata.xlsx import XLSX_TYPE  # noqa: E402

CACHE = Path(tempfile.gettempdir()) / "crossing-guard-bench"
STUDENTS = 50_000
SENDER = Person("kpatel@maplevalley.k12.example", "Kiran Patel")
KEY = RosterKey("bench-roster-key-0123456789")


def sheet(students: list[Student], rows: int) -> bytes:
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"roster_district_{rows}_v1.xlsx"
    if not path.exists():
        path.write_bytes(xlsx.roster(layouts.POWERSCHOOL, students[:rows]))
    return path.read_bytes()


def median_ms(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main() -> None:
    print(f"Generating {STUDENTS:,} students and their OneRoster bundle ...")
    students = generate(STUDENTS, seed=STUDENTS)
    work = Path(tempfile.mkdtemp(prefix="cg-bench-roster-"))
    folder = oneroster.write_dir(oneroster.bundle(students), work / "bundle")
    started = time.perf_counter()
    outcome = prepare(folder, KEY)
    assert outcome.hashed is not None
    read_s = time.perf_counter() - started
    store = open_store(Settings(data_dir=work / "data"))
    started = time.perf_counter()
    write(store, outcome.hashed, 0)
    write_s = time.perf_counter() - started
    started = time.perf_counter()
    index = RosterSource(store, KEY, 0.0).current()
    load_s = time.perf_counter() - started
    assert index is not None
    print(f"  import: read and hash {read_s:.1f} s, store {write_s:.1f} s; load into memory {load_s:.2f} s "
          f"({index.students:,} students, {len(index.children_of):,} guardian addresses)")

    policy = load_demo_policy()
    plain, rostered = Engine(policy), Engine(policy, roster=FixedRoster(index))
    family = students[123]
    to = tuple(Recipient(g.email) for g in family.guardians)

    def message(data: bytes | None, body: str = "Please see the attached list.") -> OutgoingMessage:
        attachments = (Attachment("students.xlsx", XLSX_TYPE, len(data), data),) if data else ()
        return OutgoingMessage(sender=SENDER, to=to, subject="Update", body_text=body, attachments=attachments)

    a, b = students[40], students[41]
    text = (f"Hi all, a quick note before conferences next week. {a.first} {a.last} has been doing really well "
            f"in reading group, and {b.last}, {b.first} still needs the permission slip for the museum trip. "
            "Please bring snacks for Friday; we will start at nine and finish around noon. Let me know if you "
            "have any questions about the schedule or the supply list. Thanks for all your help this term, "
            "it makes a real difference to the class and to me.")
    cases = [("3,000-row sheet", message(sheet(students, 3000)), 7),
             ("50,000-row sheet", message(sheet(students, STUDENTS)), 3),
             ("text-only message (~100 words)", message(None, text), 200)]
    print()
    print("| check | without a roster | with a 50,000-student roster | verdict with the roster |")
    print("|---|---|---|---|")
    for what, msg, runs in cases:
        plain.check_sync(msg)
        verdict: Verdict = rostered.check_sync(msg)
        without = median_ms(lambda m=msg: plain.check_sync(m), runs)  # type: ignore[misc]
        with_roster = median_ms(lambda m=msg: rostered.check_sync(m), runs)  # type: ignore[misc]
        said = f"{verdict.verdict}, {verdict.exposure.people:,} students"
        print(f"| {what} | {without:,.1f} ms | {with_roster:,.1f} ms | {said} |")
    whole = rostered.check_sync(cases[0][1])
    print()
    print("The 3,000-row sheet to one family, as the words say it:", whole.message[:240])
    store.close()


if __name__ == "__main__":
    main()
