"""Fixtures shared across the test tree: the store on both of its engines.

- `postgres` (session): a throwaway PostgreSQL cluster this test run starts and removes
  (`tests/postgres.py`); it fails, never skips, when PostgreSQL is not installed.
- `database_url`: parametrized over "sqlite" and "postgresql"; a fresh, empty database per test.
- `store`: `open_store()` on that database, migrated, closed after the test.

Apps built from the environment (`create_app()` with no settings, `crossing-guard serve` started by a
test) keep no check records (`CROSSING_GUARD_RECORDS=off`): a store shared by the whole run would let one
test's blocked automation checks trip the breaker for another's. Tests of the memory name their own
database (`tests/store/`). The data directory is a temporary one all the same, never the working one.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.postgres import Cluster, cluster

os.environ.setdefault("CROSSING_GUARD_DATA_DIR", tempfile.mkdtemp(prefix="cg-data-"))
os.environ.setdefault("CROSSING_GUARD_RECORDS", "off")


@pytest.fixture(scope="session")
def postgres() -> Iterator[Cluster]:
    try:
        with cluster() as c:
            yield c
    except RuntimeError as exc:
        pytest.fail(f"could not start PostgreSQL for the store tests: {exc}")


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.sqlite3'}"
    pg: Cluster = request.getfixturevalue("postgres")
    return pg.create_database()


@pytest.fixture
def store(database_url: str, tmp_path: Path) -> Iterator[object]:
    from backend.settings import Settings
    from backend.store import open_store

    opened = open_store(Settings(data_dir=tmp_path, database_url=database_url))
    try:
        yield opened
    finally:
        opened.close()
