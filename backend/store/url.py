"""Which database holds the district's memory: PostgreSQL when a URL is given, else SQLite on disk.

`CROSSING_GUARD_DATABASE_URL=postgresql://user:pass@host/db` selects PostgreSQL (through psycopg 3);
without it the records live in `crossing-guard.sqlite3` inside `CROSSING_GUARD_DATA_DIR`.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import URL, make_url

SQLITE_FILE = "crossing-guard.sqlite3"


def database_url(database_url: str, data_dir: Path | None) -> URL | None:
    """The SQLAlchemy URL to open, or None when neither a URL nor a data directory is configured."""
    if database_url:
        url = make_url(database_url)
        if url.drivername in ("postgresql", "postgres", "postgresql+psycopg2"):
            url = url.set(drivername="postgresql+psycopg")
        if url.drivername not in ("postgresql+psycopg", "sqlite"):
            raise ValueError("CROSSING_GUARD_DATABASE_URL must be a postgresql:// or sqlite:// URL")
        return url
    if data_dir is None:
        return None
    return URL.create("sqlite", database=str(Path(data_dir) / SQLITE_FILE))
