"""The incident export: who received which kinds of data about how many students.

After an incident the district writes to families; it needs, for exactly the checks in question,
each recipient address with its class and the kinds of student data with their counts. One row per
(check, recipient, kind), so a spreadsheet can sort and count; the printable page groups the same
rows by recipient. A check that found no student data exposes none and has no rows.

For a sender over a date range, checks that were stopped (blocked, or an outcome that says the mail
did not leave) are left out unless `include=all` asks for every attempt; each row says the verdict
and what happened next, so nothing is hidden.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.engine import Engine

from backend.admin.filters import dates
from backend.datakinds import label, ordered
from backend.messages import OUTCOMES, RECIPIENT_CLASSES, VERDICTS, word
from backend.store.tables import check_data, check_recipients, checks

NOT_SENT = ("cancelled", "fixed", "refused", "tempfailed", "hop_failed")
MAX_CHECKS = 10_000

COLUMNS = ("check_id", "checked_at_utc", "sender", "verdict", "what_happened", "recipient", "field",
           "recipient_class", "list_size", "entitled", "data_kind", "data", "students")


@dataclass(frozen=True)
class ExportRow:
    check_id: str
    at: datetime
    sender: str
    verdict: str
    outcome: str | None
    recipient: str
    field: str
    cls: str
    list_size: int | None
    entitled: bool
    kind: str
    students: int

    def csv(self) -> list[str]:
        return [self.check_id, self.at.strftime("%Y-%m-%d %H:%M:%S"), self.sender, word(VERDICTS, self.verdict),
                word(OUTCOMES, self.outcome), self.recipient, self.field, word(RECIPIENT_CLASSES, self.cls),
                "" if self.list_size is None else str(self.list_size), "yes" if self.entitled else "no",
                self.kind, label(self.kind), str(self.students)]


@dataclass(frozen=True)
class Scope:
    """Which checks: one check, or a sender's between two days (both included)."""

    check_id: str = ""
    sender: str = ""
    start: date | None = None
    end: date | None = None
    everything: bool = False  # a sender's blocked attempts too


def _check_ids(conn: Any, scope: Scope) -> list[str]:
    if scope.check_id:
        query = select(checks.c.check_id).where(checks.c.check_id == scope.check_id)
    else:
        query = select(checks.c.check_id).where(checks.c.sender == scope.sender, *dates(scope.start, scope.end))
        if not scope.everything:
            query = query.where(checks.c.verdict != "block",
                                or_(checks.c.outcome.is_(None), checks.c.outcome.not_in(NOT_SENT)))
        query = query.order_by(checks.c.at, checks.c.check_id).limit(MAX_CHECKS)
    return [str(c) for (c,) in conn.execute(query)]


def rows(engine: Engine, scope: Scope) -> list[ExportRow]:
    out: list[ExportRow] = []
    with engine.connect() as conn:
        ids = _check_ids(conn, scope)
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            heads = {r.check_id: r for r in conn.execute(select(checks).where(checks.c.check_id.in_(chunk)))}
            kinds: dict[str, list[tuple[str, int]]] = defaultdict(list)
            for check_id, kind, students in conn.execute(
                select(check_data.c.check_id, check_data.c.kind, check_data.c.students)
                .where(check_data.c.check_id.in_(chunk))
            ):
                kinds[check_id].append((kind, int(students)))
            recipients = conn.execute(
                select(check_recipients).where(and_(check_recipients.c.check_id.in_(chunk)))
                .order_by(check_recipients.c.check_id, check_recipients.c.position)
            )
            by_check: dict[str, list[Any]] = defaultdict(list)
            for r in recipients:
                by_check[r.check_id].append(r)
            for check_id in chunk:
                head, found = heads[check_id], dict(kinds.get(check_id, []))
                for r in by_check.get(check_id, []):
                    for kind in ordered(tuple(found)):
                        out.append(ExportRow(check_id, head.at, head.sender, head.verdict, head.outcome, r.address,
                                             r.field, r.cls, r.list_size, bool(r.entitled), kind, found[kind]))
    return out


def to_csv(found: list[ExportRow]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in found:
        writer.writerow([_cell(v) for v in row.csv()])
    return buffer.getvalue()


def _cell(value: str) -> str:
    """A spreadsheet must not run what an address may smuggle in: cells starting with = + - @ are quoted."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


@dataclass
class Recipient:
    address: str
    cls: str
    entitled: bool
    checks: set[str]
    kinds: dict[str, int]  # kind -> most students of that kind in one check


def by_recipient(found: list[ExportRow]) -> list[Recipient]:
    """The printable page's grouping: per address, the kinds and the most students of each in one message."""
    grouped: dict[str, Recipient] = {}
    for row in found:
        r = grouped.setdefault(row.recipient, Recipient(row.recipient, row.cls, row.entitled, set(), {}))
        r.checks.add(row.check_id)
        r.entitled = r.entitled and row.entitled
        r.kinds[row.kind] = max(r.kinds.get(row.kind, 0), row.students)
    return sorted(grouped.values(), key=lambda r: (r.entitled, r.address))
