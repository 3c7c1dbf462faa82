"""The automation breaker's rules, in one place: the service, the gateway and the console use these.

A breaker row counts as open only while `until > now` and it has not been reset since it tripped
(`reset_at` is null or `reset_at < tripped_at`). Hits at or before `reset_at`, or at or before the
last trip, do not count toward a new trip. All state is in the database, so every instance sees the
same breaker: a trip is one conditional upsert, raised once whichever instance counted last.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine

from backend.policy.schema import Breaker
from backend.store.tables import breaker_hits, breakers
from backend.store.write import insert_ignoring, serialise


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def open_clause(at: dt.datetime):  # type: ignore[no-untyped-def]
    return and_(breakers.c.until > at, or_(breakers.c.reset_at.is_(None), breakers.c.reset_at < breakers.c.tripped_at))


def is_open(connection: Connection, key: str, at: dt.datetime) -> bool:
    row = connection.execute(select(breakers.c.key).where(breakers.c.key == key, open_clause(at))).first()
    return row is not None


def hit(connection: Connection, key: str, check_id: str, at: dt.datetime, rules: Breaker) -> bool:
    """Count one hit; True when this hit tripped the breaker (the caller raises the alert)."""
    serialise(connection, "breaker:" + key)
    if not insert_ignoring(connection, breaker_hits, {"key": key, "at": at, "check_id": check_id},
                           ["key", "check_id"]) or rules.trip_after <= 0:
        return False
    since = at - dt.timedelta(minutes=rules.window_minutes)
    row = connection.execute(select(breakers.c.tripped_at, breakers.c.reset_at).where(breakers.c.key == key)).first()
    if row is not None:
        since = max([since, row.tripped_at, *([row.reset_at] if row.reset_at else [])])
    count = connection.execute(
        select(func.count()).select_from(breaker_hits).where(breaker_hits.c.key == key, breaker_hits.c.at > since)
    ).scalar_one()
    if count < rules.trip_after:
        return False
    values = {"key": key, "tripped_at": at, "until": at + dt.timedelta(minutes=rules.hold_minutes), "count": count,
              "reset_at": None, "reset_by": None}
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(breakers).values(**values)
    statement = statement.on_conflict_do_update(
        index_elements=["key"],
        set_={k: statement.excluded[k] for k in ("tripped_at", "until", "count", "reset_at", "reset_by")},
        where=~open_clause(at),
    )
    return bool(connection.execute(statement).rowcount)


def reset(engine: Engine, key: str, by: str) -> bool:
    """IT resets a breaker (the console's button); True when there was one to reset."""
    with engine.begin() as connection:
        result = connection.execute(update(breakers).where(breakers.c.key == key).values(reset_at=now(), reset_by=by))
        return bool(result.rowcount)
