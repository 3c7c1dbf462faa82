"""The automation breaker as the console sees it: which are open, and resetting one.

The rules (what "open" means, what a reset does) live in `backend.store.breaker`, shared with the
service and the gateway; this module only lists breakers for the console's page.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Engine

from backend.store.breaker import now, open_clause, reset
from backend.store.tables import breakers


def open_breakers(engine: Engine, at: datetime | None = None) -> list[dict[str, Any]]:
    query = select(breakers).where(open_clause(at or now())).order_by(breakers.c.tripped_at.desc()).limit(500)
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(query)]


def recent_breakers(engine: Engine, limit: int = 20) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(
            select(breakers).order_by(breakers.c.tripped_at.desc()).limit(limit))]


__all__ = ["now", "open_breakers", "recent_breakers", "reset"]
