"""What every reader shares: the limits it must obey and the one way it says "I could not read this".

A reader is a module with `EXTENSIONS`, `CONTENT_TYPES` and `read(data, name, ctx) -> list[Document]`.
It raises `Unreadable` (never anything else on bad input); the registry turns that into a Document
whose `unreadable` is set, and anything unexpected into `corrupt`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from backend.models import UnreadableReason
from backend.policy.schema import Limits


class UnreadableFile(Exception):  # noqa: N818 - it is a result, not a bug
    """Raised by readers. Carries a reason code only: no file content."""

    def __init__(self, reason: UnreadableReason) -> None:
        super().__init__(reason)
        self.reason: UnreadableReason = reason


@dataclass(frozen=True)
class ReadContext:
    limits: Limits
    deadline: float  # time.monotonic() by which reading must stop
    depth: int = 0  # how many archives or messages deep this file sits

    def nested(self) -> ReadContext:
        if self.depth + 1 > self.limits.archive_depth:
            raise UnreadableFile("bomb")
        return ReadContext(self.limits, self.deadline, self.depth + 1)

    def check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise UnreadableFile("timeout")
