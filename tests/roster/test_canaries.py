"""A dump of the store after an import holds no student name, ID or guardian address: only keyed
hashes, counts and times. On both engines, every cell of every table; on SQLite the file's bytes too."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import MetaData, select

from backend.cli import main
from backend.store import Store
from tests.fakedata import oneroster
from tests.roster.helpers import SECRET, population

HEX = re.compile(r"[0-9a-f]{32}")


def _canaries() -> set[str]:
    out: set[str] = set()
    for s in population():
        out |= {s.first.lower(), s.last.lower(), s.local_id, s.state_id, s.state_id.lstrip("0"),
                oneroster.student_id(s), oneroster.student_email(s)}
        out |= {g.email for g in s.guardians}
    return {c for c in out if len(c) >= 4}


def test_the_store_holds_no_plain_name_id_or_address(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CROSSING_GUARD_DATABASE_URL", store.url.render_as_string(hide_password=False))
    monkeypatch.setenv("CROSSING_GUARD_ROSTER_KEY", SECRET)
    assert main(["roster", "import", str(oneroster.write_dir(oneroster.bundle(population()), tmp_path / "b"))]) == 0
    canaries = _canaries()
    meta = MetaData()
    meta.reflect(store.engine)
    words = [c for c in canaries if not c.isdigit()]
    cells = 0
    texts: set[tuple[str, str]] = set()
    with store.engine.connect() as conn:
        for table in meta.sorted_tables:
            for row in conn.execute(select(table)):
                for value in row:
                    cells += 1
                    text = str(value).lower()
                    if not HEX.fullmatch(text):  # a keyed hash: no plain value is 32 hex digits
                        texts.add((table.name, text))
    assert cells > 10_000
    for name, text in texts:
        assert text not in canaries, name
        assert not any(c in text for c in words), name
    if store.dialect == "sqlite":
        raw = Path(store.url.database or "").read_bytes().lower()
        wal = Path(f"{store.url.database}-wal")
        raw += wal.read_bytes().lower() if wal.exists() else b""
        tokens = set(re.findall(rb"[\w.@'-]+", raw)) | set(re.findall(rb"[^\W\d_]+", raw))
        assert not tokens & {c.encode() for c in words}
