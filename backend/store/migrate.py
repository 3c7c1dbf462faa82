"""Schema migrations at start-up: Alembic, the same revisions on SQLite and PostgreSQL.

The revisions ship inside the package (`backend/store/migrations`), so an installed service migrates
its database without a checkout. `upgrade(engine)` brings the database to the newest revision; it is
safe to call from several instances at once (PostgreSQL takes an advisory lock, see `env.py`).
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
WAIT_SECONDS = 60.0  # how long a starting instance waits for another's migration before this start fails


def config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head() -> str:
    """The newest revision; there is only ever one."""
    heads = ScriptDirectory.from_config(config()).get_heads()
    if len(heads) != 1:
        raise RuntimeError(f"the store's migrations have {len(heads)} heads; they must have exactly one")
    return heads[0]


def upgrade(engine: Engine) -> None:
    cfg = config()
    with engine.connect() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "head")
        connection.commit()


def current(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()
