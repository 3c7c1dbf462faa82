"""The same Alembic revisions build the same schema on SQLite and PostgreSQL, at start-up."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import inspect

from backend.roster.tables import metadata as roster_metadata
from backend.settings import Settings
from backend.store import Store, keeps_records, migrate, open_store, store_configured
from backend.store.tables import metadata
from backend.store.url import database_url


def test_one_head() -> None:
    assert migrate.head()


def test_open_store_migrates_to_head(store: Store) -> None:
    assert migrate.current(store.engine) == migrate.head()
    tables = set(inspect(store.engine).get_table_names())
    assert set(metadata.tables) | set(roster_metadata.tables) <= tables


def test_migrated_columns_match_the_tables_queries_use(store: Store) -> None:
    inspector = inspect(store.engine)
    for table in [*metadata.sorted_tables, *roster_metadata.sorted_tables]:
        migrated = {c["name"] for c in inspector.get_columns(table.name)}
        assert migrated == {c.name for c in table.columns}, table.name


def test_opening_again_is_a_no_op(store: Store, tmp_path: Path) -> None:
    again = open_store(Settings(data_dir=tmp_path, database_url=store.url.render_as_string(hide_password=False)))
    try:
        assert migrate.current(again.engine) == migrate.head()
    finally:
        again.close()


def test_sqlite_file_lives_in_the_data_dir(tmp_path: Path) -> None:
    opened = open_store(Settings(data_dir=tmp_path / "memory"))
    try:
        assert opened.dialect == "sqlite"
        assert (tmp_path / "memory" / "crossing-guard.sqlite3").exists()
    finally:
        opened.close()


def test_postgresql_urls_use_psycopg() -> None:
    url = database_url("postgresql://u:p@db.example/cg", None)
    assert url is not None and url.drivername == "postgresql+psycopg"
    assert database_url("", None) is None
    assert not store_configured(Settings())
    assert store_configured(Settings.from_env({}))  # ./data by default
    off = Settings.from_env({"CROSSING_GUARD_RECORDS": "off", "CROSSING_GUARD_DATABASE_URL": "postgresql://db/cg"})
    assert store_configured(off) and not keeps_records(off)  # the roster and console still use the store
    assert keeps_records(Settings.from_env({}))


def test_migrated_indexes_are_the_ones_the_tables_declare(store: Store) -> None:
    """An index the tables no longer declare is dropped by a revision, not left costing every write."""
    inspector = inspect(store.engine)
    for table in [*metadata.sorted_tables, *roster_metadata.sorted_tables]:
        migrated = {i["name"] for i in inspector.get_indexes(table.name)}
        assert migrated == {i.name for i in table.indexes}, table.name
