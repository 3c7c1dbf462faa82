"""Writing records and outcomes: idempotent, so a record replayed from the spool is kept once."""

from __future__ import annotations

import datetime as dt
import functools
import operator
from collections.abc import Callable
from typing import Any

from sqlalchemy import and_, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Dialect

from backend.store.records import Record
from backend.store.tables import check_data, check_findings, check_recipients, checks

CLIENT_OUTCOMES = frozenset({"sent_anyway", "fixed", "cancelled"})
GATEWAY_OUTCOMES = frozenset({"relayed", "refused", "tempfailed", "hop_failed"})


def insert_ignoring(connection: Connection, table: Any, values: dict[str, Any], keys: list[str]) -> int:
    """INSERT ... ON CONFLICT DO NOTHING on either engine; the number of rows inserted (0 or 1). Told
    by the row RETURNING gives back: psycopg's rowcount for such an INSERT can be -1 (unknown)."""
    statement = _ignoring(connection.dialect.name, table, tuple(keys))
    return 0 if connection.execute(statement, values).first() is None else 1


@functools.lru_cache(maxsize=32)
def _ignoring(dialect_name: str, table: Any, keys: tuple[str, ...]) -> Any:
    dialect = postgresql if dialect_name == "postgresql" else sqlite
    return dialect.insert(table).on_conflict_do_nothing(index_elements=list(keys)).returning(
        *(table.c[key] for key in keys))


def insert_rows(connection: Connection, table: Any, rows: list[dict[str, Any]]) -> None:
    """Many rows of one table (each with every column) in as few statements as the bound-parameter
    limit allows: one multi-row INSERT for a record's hundred recipients. SQLAlchemy's per-row
    parameter handling cost several times the insert, and the driver's executemany gives up the GIL
    once per row, so with busy threads beside it each row waits its turn (118 rows beside three busy
    threads: 1.4 s and 15 ms of CPU a record, against 0.1 s and 2 ms in one statement)."""
    head, one, values, per_statement = _plain_insert(connection.dialect, table)
    for start in range(0, len(rows), per_statement):
        chunk = rows[start:start + per_statement]
        parameters = tuple(value for row in chunk for value in values(row))
        connection.exec_driver_sql(head + ", ".join([one] * len(chunk)), parameters)


_MAX_PARAMETERS = 999  # SQLite's limit before 3.32, and far under PostgreSQL's 65,535


@functools.lru_cache(maxsize=32)
def _plain_insert(dialect: Dialect, table: Any) -> tuple[str, str, Callable[[dict[str, Any]], tuple[Any, ...]], int]:
    """`INSERT INTO t (columns) VALUES `, one row's placeholders, a row's values in column order, and
    the rows one statement takes."""
    quote = dialect.identifier_preparer.quote
    names = [c.name for c in table.columns]
    assert len(names) > 1  # itemgetter gives a tuple
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    head = f"INSERT INTO {quote(table.name)} ({', '.join(quote(n) for n in names)}) VALUES "
    return head, f"({', '.join([mark] * len(names))})", operator.itemgetter(*names), _MAX_PARAMETERS // len(names)


def serialise(connection: Connection, name: str) -> None:
    """Hold a per-name lock until this transaction ends (PostgreSQL), so two instances counting one
    sender's repeats or one breaker's hits each see the other's row. SQLite writers are serial already."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(hashtext(:name))"), {"name": name})


def parse_time(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value).replace(tzinfo=None)


def insert_record(connection: Connection, record: Record) -> bool:
    """Insert one check record; False when it was already there (a replay)."""
    row = {k: record[k] for k in (
        "check_id", "client", "caller_kind", "caller", "sender", "sender_domain", "verdict", "people",
        "recipients", "not_entitled", "repeat", "breaker_key", "escalated", "ms")}
    row["at"] = parse_time(record["at"])
    outcome = record.get("outcome")  # what happened next, when it was known before the record was written
    row["outcome"], row["outcome_at"] = (outcome, parse_time(record["outcome_at"])) if outcome else (None, None)
    if not insert_ignoring(connection, checks, row, ["check_id"]):
        if outcome:
            set_outcome(connection, record["check_id"], outcome, row["outcome_at"], None)
        return False
    cid = record["check_id"]
    if record["seats"]:
        insert_rows(connection, check_recipients,
                    [{"check_id": cid, "position": i, **seat} for i, seat in enumerate(record["seats"])])
    if record["findings"]:
        insert_rows(connection, check_findings,
                    [{"check_id": cid, "position": i, **f} for i, f in enumerate(record["findings"])])
    if record["data"]:
        insert_rows(connection, check_data,
                    [{"check_id": cid, "kind": kind, "students": count} for kind, count in record["data"].items()])
    return True


def set_outcome(connection: Connection, check_id: str, outcome: str, at: dt.datetime, caller: str | None) -> int:
    """What happened next. With `caller`, only that caller's check is changed (a fix-and-recheck)."""
    where = [checks.c.check_id == check_id]
    if caller is not None:
        where.append(checks.c.caller == caller)
    statement = update(checks).where(and_(*where)).values(outcome=outcome, outcome_at=at)
    return int(connection.execute(statement).rowcount or 0)


def owner_of(connection: Connection, check_id: str) -> str | None:
    """The opaque caller id that made this check, or None when no record holds it."""
    return connection.execute(select(checks.c.caller).where(checks.c.check_id == check_id)).scalar()
