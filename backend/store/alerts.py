"""Alerts: raised once per subject and window by a conditional upsert, delivered with counted attempts.

Raising: the `alerts` table's primary key (kind, subject) holds one live alert; an insert replaces a
row only when that row's window has ended, so two instances that both see the threshold reached
raise one alert. Delivering: an instance claims an attempt by bumping `attempts` from the value it
read; only the claimant posts, so a retry job on every instance still sends each attempt once.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from backend.policy.schema import Alerts
from backend.store.tables import alerts, breaker_hits, breakers, checks
from backend.store.write import serialise

EVENTS = {"repeat": "repeat_sender", "breaker": "breaker_tripped"}


def raise_alert(connection: Connection, kind: str, subject: str, at: dt.datetime, window_ends: dt.datetime,
                check_ids: list[str]) -> bool:
    """True when this call raised the alert (no live one for this subject)."""
    values = {"kind": kind, "subject": subject, "raised_at": at, "window_ends": window_ends,
              "count": len(check_ids), "check_ids": json.dumps(check_ids), "delivered_at": None, "attempts": 0}
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(alerts).values(**values)
    statement = statement.on_conflict_do_update(
        index_elements=["kind", "subject"],
        set_={k: statement.excluded[k] for k in values if k not in ("kind", "subject")},
        where=alerts.c.window_ends <= at,
    )
    return bool(connection.execute(statement).rowcount)


def note_repeat(connection: Connection, sender: str, at: dt.datetime, rules: Alerts) -> bool:
    """After a repeat check is stored: raise the sender's alert when the threshold is reached, else keep a
    live alert's count and check ids up to date. True when an alert was raised (deliver it)."""
    if rules.repeat_threshold <= 0:
        return False
    serialise(connection, "repeat:" + sender)
    window = dt.timedelta(days=rules.repeat_window_days)
    since = at - window
    live = connection.execute(
        select(alerts.c.raised_at, alerts.c.window_ends).where(alerts.c.kind == "repeat", alerts.c.subject == sender)
    ).first()
    if live is not None and live.window_ends > at:
        since = min(since, live.raised_at - window)
    elif live is not None:
        since = max(since, live.window_ends)
    ids = list(connection.execute(
        select(checks.c.check_id).where(checks.c.sender == sender, checks.c.repeat.is_(True), checks.c.at > since)
        .order_by(checks.c.at, checks.c.check_id)
    ).scalars())
    if live is not None and live.window_ends > at:
        connection.execute(update(alerts).where(alerts.c.kind == "repeat", alerts.c.subject == sender,
                                                alerts.c.count < len(ids))
                           .values(count=len(ids), check_ids=json.dumps(ids)))
        return False
    if len(ids) < rules.repeat_threshold:
        return False
    return raise_alert(connection, "repeat", sender, at, at + window, ids)


def escalated(connection: Connection, sender: str, at: dt.datetime) -> bool:
    """A live repeat alert for this sender: with `alerts.escalate`, its warnings become blocks."""
    row = connection.execute(select(func.count()).select_from(alerts).where(
        alerts.c.kind == "repeat", alerts.c.subject == sender, alerts.c.window_ends > at)).scalar_one()
    return bool(row)


def payload(row: Any, district: str) -> dict[str, Any]:
    """The JSON an alert is delivered as: addresses, counts and check ids, never content."""
    body: dict[str, Any] = {
        "event": EVENTS.get(row.kind, row.kind),
        "kind": row.kind,
        "district": district,
        "count": row._mapping["count"],
        "check_ids": json.loads(row.check_ids),
        "raised_at": row.raised_at.isoformat() + "Z",
        "window_ends": row.window_ends.isoformat() + "Z",
    }
    body["sender" if row.kind == "repeat" else "breaker_key"] = row.subject
    return body


def claim(connection: Connection, kind: str, subject: str, attempts: int) -> bool:
    """Take delivery attempt `attempts + 1` of an undelivered alert; False when another instance took it."""
    result = connection.execute(update(alerts).where(
        alerts.c.kind == kind, alerts.c.subject == subject, alerts.c.attempts == attempts,
        alerts.c.delivered_at.is_(None)).values(attempts=attempts + 1))
    return bool(result.rowcount)


def undelivered(connection: Connection, max_attempts: int) -> list[Any]:
    return list(connection.execute(select(alerts).where(
        alerts.c.delivered_at.is_(None), alerts.c.attempts < max_attempts)))


def delivered(connection: Connection, kind: str, subject: str, at: dt.datetime) -> None:
    connection.execute(update(alerts).where(alerts.c.kind == kind, alerts.c.subject == subject)
                       .values(delivered_at=at))


def breaker_alert(connection: Connection, key: str, at: dt.datetime) -> bool:
    """The alert for a breaker that just tripped, naming the checks that tripped it."""
    row = connection.execute(select(breakers).where(breakers.c.key == key)).first()
    if row is None:
        return False
    ids = list(connection.execute(
        select(breaker_hits.c.check_id).where(breaker_hits.c.key == key, breaker_hits.c.at <= at)
        .order_by(breaker_hits.c.at.desc(), breaker_hits.c.id.desc()).limit(int(row._mapping["count"]))).scalars())
    return raise_alert(connection, "breaker", key, at, row.until, list(reversed(ids)))
