"""District memory: check records, sender history, alerts and the automation breaker.

Metadata only: who sent a check to which addresses, what was found (codes and counts), the verdict
and what happened next; never subjects, bodies, file names, cell values or names.

`open_store(settings)` opens (and migrates) the database the settings name: PostgreSQL through
`CROSSING_GUARD_DATABASE_URL`, else SQLite in `CROSSING_GUARD_DATA_DIR`. Several service and gateway
processes may share one PostgreSQL: nothing that must be shared lives in a process.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import URL, Engine

from backend.settings import Settings
from backend.store.database import connect
from backend.store.url import database_url


@dataclass
class Store:
    """An open database, migrated to the newest revision. `engine` is SQLAlchemy's (Core, not ORM)."""

    engine: Engine
    url: URL

    @property
    def dialect(self) -> str:
        """"sqlite" or "postgresql"."""
        return self.engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()


def store_configured(settings: Settings) -> bool:
    return database_url(settings.database_url, settings.data_dir) is not None


def keeps_records(settings: Settings) -> bool:
    """Check records (history, alerts, breaker) are kept: a store is named and records are not off."""
    return settings.records and store_configured(settings)


def open_store(settings: Settings) -> Store:
    """Open and migrate the store the settings name; raises ValueError when they name none."""
    url = database_url(settings.database_url, settings.data_dir)
    if url is None:
        raise ValueError("no store configured: set CROSSING_GUARD_DATA_DIR or CROSSING_GUARD_DATABASE_URL")
    return Store(connect(url), url)


__all__ = ["Store", "keeps_records", "open_store", "store_configured"]
