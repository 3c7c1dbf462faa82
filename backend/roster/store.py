"""Writing a roster generation, making it active in one transaction, and reading it back.

The old generation serves every check until the new one is complete: rows are staged under a new
generation number, then one transaction moves `roster_active` to it, marks it active and deletes
every other generation. Readers only ever see the generation the pointer names.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.engine import Connection

from backend.roster.hashing import RosterKey
from backend.roster.importer import Hashed
from backend.roster.index import RosterIndex
from backend.roster.tables import roster_active, roster_generations, roster_keys, roster_links
from backend.store import Store

BATCH = 5000


@dataclass(frozen=True)
class Status:
    generation: int
    imported_at: dt.datetime
    source: str
    students: int
    guardians: int
    links: int
    staff: int
    skipped: int


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


def _batches(rows: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    it = iter(rows)
    while batch := list(islice(it, BATCH)):
        yield batch


def write(store: Store, hashed: Hashed, skipped: int) -> int:
    """Stage `hashed` as a new generation, then make it the active one; returns its number."""
    with store.engine.begin() as conn:
        staged = conn.execute(insert(roster_generations).values(
            imported_at=_now(), source=hashed.source, state="staging", students=hashed.students,
            guardians=hashed.guardians, links=len(hashed.links), staff=hashed.staff, skipped=skipped,
        )).inserted_primary_key
        assert staged is not None
        generation = int(staged[0])
    try:
        with store.engine.begin() as conn:
            for batch in _batches([{"generation": generation, "kind": k, "digest": d.hex(), "student": s}
                                   for k, d, s in hashed.keys]):
                conn.execute(insert(roster_keys), batch)
            for batch in _batches([{"generation": generation, "student": s, "guardian": g.hex()}
                                   for s, g in hashed.links]):
                conn.execute(insert(roster_links), batch)
        with store.engine.begin() as conn:
            _activate(conn, generation)
    except Exception:
        _drop(store, generation)
        raise
    return generation


def _activate(conn: Connection, generation: int) -> None:
    moved = conn.execute(update(roster_active).where(roster_active.c.id == 1)
                         .values(generation=generation, changed_at=_now())).rowcount
    if not moved:
        conn.execute(insert(roster_active).values(id=1, generation=generation, changed_at=_now()))
    conn.execute(update(roster_generations).where(roster_generations.c.generation == generation)
                 .values(state="active"))
    for table in (roster_keys, roster_links, roster_generations):
        conn.execute(delete(table).where(table.c.generation != generation))


def _drop(store: Store, generation: int) -> None:
    with store.engine.begin() as conn:
        for table in (roster_keys, roster_links, roster_generations):
            conn.execute(delete(table).where(table.c.generation == generation))


def active_generation(conn: Connection) -> int | None:
    value = conn.execute(select(roster_active.c.generation).where(roster_active.c.id == 1)).scalar()
    return int(value) if value is not None else None


def status(store: Store) -> Status | None:
    with store.engine.connect() as conn:
        generation = active_generation(conn)
        if generation is None:
            return None
        row = conn.execute(select(roster_generations).where(roster_generations.c.generation == generation)).one()
    return Status(row.generation, row.imported_at, row.source, row.students, row.guardians, row.links,
                  row.staff, row.skipped)


def load(store: Store, key: RosterKey) -> RosterIndex | None:
    """The active generation in memory, or None when no roster was imported."""
    with store.engine.connect() as conn:
        generation = active_generation(conn)
        if generation is None:
            return None
        students = conn.execute(select(roster_generations.c.students)
                                .where(roster_generations.c.generation == generation)).scalar() or 0
        keys = [(k, bytes.fromhex(d), s) for k, d, s in conn.execute(
            select(roster_keys.c.kind, roster_keys.c.digest, roster_keys.c.student)
            .where(roster_keys.c.generation == generation))]
        links = [(s, bytes.fromhex(g)) for s, g in conn.execute(
            select(roster_links.c.student, roster_links.c.guardian).where(roster_links.c.generation == generation))]
    return RosterIndex.build(key, generation, int(students), keys, links)


def count_rows(store: Store) -> int:
    """Rows of every roster table (for tests that prove an import changed nothing)."""
    with store.engine.connect() as conn:
        return sum(int(conn.execute(select(func.count()).select_from(t)).scalar() or 0)
                   for t in (roster_generations, roster_keys, roster_links))
