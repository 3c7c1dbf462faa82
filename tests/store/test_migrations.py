"""The same Alembic revisions build the same schema on SQLite and PostgreSQL, at start-up."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import inspect
from sqlalchemy.exc import OperationalError

from backend.roster.tables import metadata as roster_metadata
from backend.settings import Settings
from backend.store import Store, database, keeps_records, migrate, open_store, store_configured
from backend.store.tables import metadata
from backend.store.url import database_url
from tests.postgres import Cluster


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


def _hold_migration_lock(url: str) -> psycopg.Connection:
    held = psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True)
    held.execute("SELECT pg_advisory_lock(7236110112)")
    return held


def test_a_start_waits_for_another_instances_migration_past_the_statement_timeout(
    postgres: Cluster, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The verdict path's statement timeout does not cut short the wait for a migration (it did: the start
    failed and the store stayed down until the next retry)."""
    monkeypatch.setattr(database, "STATEMENT_MS", 200)
    url = postgres.create_database()
    held = _hold_migration_lock(url)
    threading.Timer(1.0, held.close).start()  # the other instance's migration ends after 5 statement timeouts
    started = time.monotonic()
    opened = open_store(Settings(data_dir=tmp_path, database_url=url))
    try:
        assert time.monotonic() - started >= 0.9
        assert migrate.current(opened.engine) == migrate.head()
    finally:
        opened.close()


def test_a_start_that_waits_too_long_fails_and_leaves_no_lock_held(
    postgres: Cluster, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(migrate, "WAIT_SECONDS", 0.3)
    url = postgres.create_database()
    held = _hold_migration_lock(url)
    try:
        with pytest.raises(OperationalError):
            open_store(Settings(data_dir=tmp_path, database_url=url))
    finally:
        held.close()
    opened = open_store(Settings(data_dir=tmp_path, database_url=url))  # the next try migrates
    try:
        assert migrate.current(opened.engine) == migrate.head()
        with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as probe:
            assert probe.execute("SELECT pg_try_advisory_lock(7236110112)").fetchone() == (True,)
    finally:
        opened.close()
