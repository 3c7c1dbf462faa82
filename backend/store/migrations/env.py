"""Alembic environment: runs on the connection `backend.store.migrate` hands it.

On PostgreSQL an advisory lock serialises start-up, so several instances starting together migrate
the shared database once.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import text

from backend.store.tables import metadata

_LOCK = 7_236_110_112  # any constant shared by every instance


def run() -> None:
    connection = context.config.attributes["connection"]
    postgres = connection.dialect.name == "postgresql"
    if postgres:
        connection.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _LOCK})
    try:
        context.configure(connection=connection, target_metadata=metadata, render_as_batch=not postgres)
        with context.begin_transaction():
            context.run_migrations()
    finally:
        if postgres:
            connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _LOCK})
            connection.commit()


run()
