"""Alembic environment: runs on the connection `backend.store.migrate` hands it.

On PostgreSQL a transaction-level advisory lock serialises start-up, so several instances starting
together migrate the shared database once; it is released when the migration's transaction ends,
committed or not, so a failed start never leaves it held. The service's 5-second statement timeout
(meant for the verdict path) does not apply here: a revision on a large table may take longer, and
an instance waiting for another's migration waits up to `migrate.WAIT_SECONDS` for its lock, then
fails that start and is tried again.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import text

from backend.store.migrate import WAIT_SECONDS
from backend.store.tables import metadata

_LOCK = 7_236_110_112  # any constant shared by every instance


def run() -> None:
    connection = context.config.attributes["connection"]
    postgres = connection.dialect.name == "postgresql"
    if postgres:
        connection.execute(text("SET LOCAL statement_timeout = 0"))
        connection.execute(text(f"SET LOCAL lock_timeout = {int(WAIT_SECONDS * 1000)}"))
        connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK})
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=not postgres)
    with context.begin_transaction():
        context.run_migrations()


run()
