"""The spool: bounded, replayed in order, and a line cut short by a crash costs that line only."""

from __future__ import annotations

from pathlib import Path

from backend.store.spool import SPOOL_FILE, Spool


def test_bounded_by_bytes(tmp_path: Path) -> None:
    spool = Spool(tmp_path, 100)
    assert spool.append({"op": "outcome", "n": 1})
    assert not spool.append({"op": "outcome", "pad": "x" * 100})
    assert spool.dropped == 1 and spool.size() <= 100


def test_replay_keeps_what_came_after(tmp_path: Path) -> None:
    spool = Spool(tmp_path, 10_000)
    for n in range(3):
        spool.append({"n": n})
    read = spool.read()
    spool.append({"n": 3})  # arrives while the replay runs
    spool.keep(len(read))
    assert spool.read() == [{"n": 3}]
    spool.keep(1)
    assert not (tmp_path / SPOOL_FILE).exists() and spool.read() == []


def test_a_torn_line_is_skipped_not_replayed(tmp_path: Path) -> None:
    spool = Spool(tmp_path, 10_000)
    spool.append({"n": 0})
    with (tmp_path / SPOOL_FILE).open("ab") as f:
        f.write(b'{"n": 1, "cut sho\n')
    spool.append({"n": 2})
    assert spool.read() == [{"n": 0}, None, {"n": 2}]
