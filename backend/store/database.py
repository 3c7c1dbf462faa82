"""Opening the store's database: one SQLAlchemy engine per process, migrated before first use.

SQLite runs in WAL mode with a busy timeout, so the background writer and the console's readers
share the file; PostgreSQL connections time out quickly, so a database that is down costs a
verdict nothing (the writer spools, see `writer`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import URL, Engine

from backend.store import migrate

CONNECT_SECONDS = 3
STATEMENT_MS = 5000


def _sqlite_pragmas(dbapi_connection: Any, record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def connect(url: URL) -> Engine:
    """An engine for `url`, with the schema brought to the newest revision."""
    if url.drivername == "sqlite":
        if url.database and url.database != ":memory:":
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url)
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        engine = create_engine(
            url,
            pool_pre_ping=True,
            pool_size=5,
            max_overflow=5,
            pool_timeout=CONNECT_SECONDS,
            connect_args={"connect_timeout": CONNECT_SECONDS, "options": f"-c statement_timeout={STATEMENT_MS}"},
        )
    try:
        migrate.upgrade(engine)
    except BaseException:
        engine.dispose()  # a failed start is tried again with a new engine: this one's connections go now
        raise
    return engine
