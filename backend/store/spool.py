"""The local spool: records the database could not take, as JSON lines in the data directory.

Bounded by `memory.spool_bytes`: past it, a record is dropped and counted (the count is logged, never
the record). What is spooled is what the database would hold, metadata only; it is replayed in order
once the database answers, and the spool is then emptied.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

SPOOL_FILE = "spool.jsonl"


class Spool:
    def __init__(self, directory: Path, max_bytes: int) -> None:
        self.path = Path(directory) / SPOOL_FILE
        self.max_bytes = max_bytes
        self.dropped = 0
        self._lock = threading.Lock()

    def size(self) -> int:
        try:
            return self.path.stat().st_size
        except FileNotFoundError:
            return 0

    def append(self, op: dict[str, Any]) -> bool:
        line = (json.dumps(op, separators=(",", ":")) + "\n").encode("utf-8")
        with self._lock:
            if self.size() + len(line) > self.max_bytes:
                self.dropped += 1
                return False
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("ab") as f:
                f.write(line)
            return True

    def read(self) -> list[dict[str, Any] | None]:
        """Every line in order; None for a line cut short by a crash (nothing to replay)."""
        with self._lock:
            try:
                lines = self.path.read_bytes().splitlines()
            except FileNotFoundError:
                return []
        ops: list[dict[str, Any] | None] = []
        for line in lines:
            try:
                ops.append(json.loads(line))
            except ValueError:
                ops.append(None)
        return ops

    def keep(self, done: int) -> None:
        """Forget the first `done` operations read (replayed), keeping any appended since."""
        with self._lock:
            try:
                lines = self.path.read_bytes().splitlines(keepends=True)
            except FileNotFoundError:
                return
            rest = lines[done:]
            if rest:
                tmp = self.path.with_suffix(".tmp")
                tmp.write_bytes(b"".join(rest))
                tmp.replace(self.path)
            else:
                self.path.unlink(missing_ok=True)
