"""A roster key, generated populations and an in-memory index built as the importer builds it."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path

from backend.roster.hashing import RosterKey
from backend.roster.importer import prepare
from backend.roster.index import RosterIndex
from tests.fakedata import oneroster
from tests.fakedata.students import Student, generate

SECRET = "test-roster-key-" + "k" * 16
KEY = RosterKey(SECRET)


@cache
def population(n: int = 2000, seed: int = 13) -> tuple[Student, ...]:
    return tuple(generate(n, seed))


def index_of(students: Sequence[Student], tmp: Path) -> RosterIndex:
    """The index the service would load after importing these students' OneRoster bundle."""
    folder = oneroster.write_dir(oneroster.bundle(students), tmp / "bundle")
    outcome = prepare(folder, KEY)
    assert outcome.hashed is not None, [str(r) for r in outcome.refused]
    h = outcome.hashed
    return RosterIndex.build(KEY, 1, h.students, h.keys, h.links)
