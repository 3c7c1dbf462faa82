"""What every reader shares: the limits it must obey and the one way it says "I could not read this".

A reader is a module with `EXTENSIONS`, `CONTENT_TYPES` and `read(data, name, ctx) -> list[Document]`.
It raises `Unreadable` (never anything else on bad input); the registry turns that into a Document
whose `unreadable` is set, and anything unexpected into `corrupt`.

Limits on what a file expands to (decompressed bytes, cells) are spent from one `Budget` shared by
a file and everything nested in it, so a zip of zips cannot multiply its allowance by nesting.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from backend.models import UnreadableReason
from backend.policy.schema import Limits


class UnreadableFile(Exception):  # named for what it reports, a result, not a bug
    """Raised by readers. Carries a reason code only: no file content."""

    def __init__(self, reason: UnreadableReason) -> None:
        super().__init__(reason)
        self.reason: UnreadableReason = reason


@dataclass
class Budget:
    """What one top-level file and its nested files have expanded to so far (mutable, shared)."""

    decompressed_bytes: int = 0
    cells: int = 0

    def spend_bytes(self, n: int, limits: Limits) -> None:
        self.decompressed_bytes += n
        if self.decompressed_bytes > limits.decompressed_bytes:
            raise UnreadableFile("too_large")

    def spend_cells(self, n: int, limits: Limits) -> None:
        self.cells += n
        if self.cells > limits.cells:
            raise UnreadableFile("too_large")


@dataclass(frozen=True)
class ReadContext:
    limits: Limits
    deadline: float  # time.monotonic() by which reading must stop
    depth: int = 0  # how many archives or messages deep this file sits
    budget: Budget = field(default_factory=Budget, compare=False)

    def nested(self) -> ReadContext:
        if self.depth + 1 > self.limits.archive_depth:
            raise UnreadableFile("bomb")
        return ReadContext(self.limits, self.deadline, self.depth + 1, self.budget)

    def fresh(self) -> ReadContext:
        """The same limits and deadline with an unspent budget: for each top-level file."""
        return ReadContext(self.limits, self.deadline, self.depth, Budget())

    def check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise UnreadableFile("timeout")
