"""Retention: records, breaker hits and ended alerts older than `memory.retention_days` are deleted."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select
from sqlalchemy.engine import Engine

from backend.store.tables import alerts, breaker_hits, breakers, check_data, check_findings, check_recipients, checks


def purge(engine: Engine, retention_days: int, at: dt.datetime) -> int:
    """Delete what is older than the retention; the number of check records deleted."""
    cutoff = at - dt.timedelta(days=retention_days)
    old = select(checks.c.check_id).where(checks.c.at < cutoff)
    with engine.begin() as connection:
        for child in (check_recipients, check_findings, check_data):  # explicit: SQLite may lack foreign keys
            connection.execute(delete(child).where(child.c.check_id.in_(old)))
        deleted = connection.execute(delete(checks).where(checks.c.at < cutoff)).rowcount
        connection.execute(delete(breaker_hits).where(breaker_hits.c.at < cutoff))
        connection.execute(delete(breakers).where(breakers.c.until < cutoff))
        connection.execute(delete(alerts).where(alerts.c.window_ends < cutoff))
    return int(deleted or 0)
