"""The automation breaker as the console sees it: which are open, and resetting one.

A breaker is open while `until` is in the future and it was not reset since it tripped. `reset` is
the one statement the console writes; it stands in for `backend.store.breaker.reset(engine, key, by)`,
whose semantics it copies, so pointing the console at that function is a one-line change.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.engine import Engine

from backend.store.tables import breakers


def now() -> datetime:
    """UTC without a zone, as the store keeps times."""
    return datetime.now(UTC).replace(tzinfo=None)


def open_breakers(engine: Engine, at: datetime | None = None) -> list[dict[str, Any]]:
    at = at or now()
    query = (select(breakers).where(breakers.c.until > at,
                                    or_(breakers.c.reset_at.is_(None), breakers.c.reset_at < breakers.c.tripped_at))
             .order_by(breakers.c.tripped_at.desc()).limit(500))
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(query)]


def recent_breakers(engine: Engine, limit: int = 20) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(
            select(breakers).order_by(breakers.c.tripped_at.desc()).limit(limit))]


def reset(engine: Engine, key: str, by: str) -> bool:
    """Close the breaker `key` now, recording who did; False when there is no such breaker."""
    with engine.begin() as conn:
        result = conn.execute(update(breakers).where(breakers.c.key == key).values(reset_at=now(), reset_by=by))
        return bool(result.rowcount)
