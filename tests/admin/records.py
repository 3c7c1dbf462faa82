"""Realistic check records for the console's tests, inserted with SQLAlchemy Core as the writer would.

`busy_week(end)` is a district's week: mostly allowed checks, some warnings (visible recipients, a
large audience), a few blocks (a roster to a personal account, a 504 list to parents), an automation
hitting a protected list, and outcomes the clients report. It is deterministic (a seeded random),
so tests can assert exact figures computed from the records themselves.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import insert
from sqlalchemy.engine import Engine

from backend.store.tables import alerts, breakers, check_data, check_findings, check_recipients, checks

DOMAIN = "lincoln.k12.example"
SCHOOLS = ("lincoln.k12.example", "eastside.lincoln.k12.example", "westview.lincoln.k12.example")


@dataclass
class Recipient:
    address: str
    cls: str = "outside"
    field: str = "to"
    entitled: bool = False
    list_size: int | None = None


@dataclass
class Record:
    check_id: str
    at: datetime
    sender: str
    verdict: str = "allow"
    client: str = "outlook"
    recipients: list[Recipient] = field(default_factory=list)
    findings: list[tuple[str, str, int, int]] = field(default_factory=list)  # code, severity, people, recipients
    data: dict[str, int] = field(default_factory=dict)  # kind -> students
    outcome: str | None = None
    breaker_key: str | None = None

    @property
    def people(self) -> int:
        return max(self.data.values(), default=0)


def insert_records(engine: Engine, records: list[Record]) -> None:
    with engine.begin() as conn:
        for r in records:
            conn.execute(insert(checks).values(
                check_id=r.check_id, at=r.at, client=r.client, caller_kind="entra" if r.client == "outlook" else
                "api_key", caller="key:1a2b3c4d" if r.client != "outlook" else "oid-" + r.check_id[-6:],
                sender=r.sender, sender_domain=r.sender.rpartition("@")[2], verdict=r.verdict, people=r.people,
                recipients=len(r.recipients), not_entitled=sum(not p.entitled for p in r.recipients),
                repeat=any(c == "personal_account" for c, *_ in r.findings), breaker_key=r.breaker_key,
                escalated=False, ms=42.0, outcome=r.outcome, outcome_at=r.at + timedelta(seconds=20)
                if r.outcome else None))
            for i, p in enumerate(r.recipients):
                conn.execute(insert(check_recipients).values(
                    check_id=r.check_id, position=i, address=p.address, field=p.field, cls=p.cls,
                    domain_cls="staff" if p.cls in ("staff", "list") else p.cls, list_size=p.list_size,
                    entitled=p.entitled))
            for i, (code, severity, people, reached) in enumerate(r.findings):
                conn.execute(insert(check_findings).values(check_id=r.check_id, position=i, code=code,
                                                           severity=severity, people=people, recipients=reached))
            for kind, students in r.data.items():
                conn.execute(insert(check_data).values(check_id=r.check_id, kind=kind, students=students))


def insert_breaker(engine: Engine, key: str, tripped_at: datetime, until: datetime, count: int = 5,
                   reset_at: datetime | None = None, reset_by: str | None = None) -> None:
    with engine.begin() as conn:
        conn.execute(insert(breakers).values(key=key, tripped_at=tripped_at, until=until, count=count,
                                             reset_at=reset_at, reset_by=reset_by))


def insert_alert(engine: Engine, kind: str, subject: str, raised_at: datetime, check_ids: list[str],
                 delivered: bool = True) -> None:
    with engine.begin() as conn:
        conn.execute(insert(alerts).values(kind=kind, subject=subject, raised_at=raised_at,
                                           window_ends=raised_at + timedelta(days=7), count=len(check_ids),
                                           check_ids=json.dumps(check_ids),
                                           delivered_at=raised_at + timedelta(seconds=2) if delivered else None,
                                           attempts=1))


TEACHERS = [f"{n}@{d}" for n, d in (("kpatel", SCHOOLS[0]), ("mgarcia", SCHOOLS[1]), ("jchen", SCHOOLS[2]),
                                    ("abrown", SCHOOLS[0]), ("lnguyen", SCHOOLS[1]), ("dsmith", SCHOOLS[2]))]


def busy_week(end: datetime, seed: int = 12) -> list[Record]:
    """About 300 checks over the seven days before `end`, newest last."""
    rnd = random.Random(seed)
    out: list[Record] = []
    start = end - timedelta(days=7)
    for i in range(300):
        at = start + timedelta(seconds=rnd.randint(0, 7 * 86400 - 60))
        sender = rnd.choice(TEACHERS)
        roll = rnd.random()
        r = Record(f"chk-{i:04d}", at.replace(microsecond=0), sender)
        family = [Recipient(f"parent{rnd.randint(1, 900)}@gmail.com")]
        if roll < 0.70:
            r.recipients = family
            r.client = rnd.choice(("outlook", "outlook", "gmail", "gateway"))
            if rnd.random() < 0.3:
                r.data = {"grades": 1}
                r.findings = [("roster_attached", "info", 1, 1)]
        elif roll < 0.85:
            r.verdict = "warn"
            r.recipients = [Recipient(f"family{j}@gmail.com") for j in range(rnd.randint(16, 40))]
            r.findings = [("visible_recipients", "warn", 0, len(r.recipients))]
            r.outcome = rnd.choice(("sent_anyway", "fixed", "sent_anyway", None))
        elif roll < 0.93:
            r.verdict = "warn"
            r.recipients = [Recipient(f"grade5-families@{DOMAIN}", "list", list_size=140)]
            r.findings = [("large_audience", "warn", 0, 140)]
            r.outcome = rnd.choice(("sent_anyway", "cancelled"))
        elif roll < 0.97:
            r.verdict = "block"
            r.recipients = [Recipient(sender.split("@")[0] + ".home@gmail.com")]
            r.data = {"names": 212, "address": 212, "health": 37}
            r.findings = [("roster_attached", "block", 212, 1), ("personal_account", "block", 212, 1)]
        else:
            r.verdict = "block"
            r.client = "api"
            r.sender = f"sis-export@{DOMAIN}"
            r.recipients = [Recipient(f"allstudents@{DOMAIN}", "list", list_size=18000)]
            r.findings = [("protected_list", "block", 0, 18000)]
            r.breaker_key = "key:1a2b3c4d"
        out.append(r)
    return sorted(out, key=lambda r: r.at)
