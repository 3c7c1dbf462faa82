"""The district memory as the engine sees it: the breaker before a check, the record after it.

Nothing here may slow or lose a verdict. Reads on a verdict's path (is this automation's breaker
open? does this sender's alert escalate warnings?) wait at most `memory.read_seconds` on their own
few threads and are skipped while the store is degraded: an unknown breaker lets the check run as
usual. Records go to the background writer (`writer.py`).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import TypeVar

import anyio
import anyio.to_thread
from sqlalchemy.engine import Engine

from backend.audience import Audience
from backend.decide import decide
from backend.models import Exposure, Finding, OutgoingMessage, Verdict
from backend.policy import Policy
from backend.settings import Settings
from backend.store import Store, breaker, open_store
from backend.store import alerts as alert_rows
from backend.store.records import build, caller_id, is_breaker_hit, is_repeat
from backend.store.writer import Writer

T = TypeVar("T")


class StoreUnavailable(Exception):
    """The store could not answer in time (the outcome endpoint answers 503)."""


def breaker_verdict(audience: Audience, check_id: str) -> Verdict:
    finding = Finding("breaker_open", "block", recipients=audience.total)
    return decide([finding], Exposure(0, audience.total, 0, ()), check_id)


class Memory:
    def __init__(self, settings: Settings, policy: Policy, opener: Callable[[Settings], Store] = open_store) -> None:
        self.policy = policy
        self.writer = Writer(settings, policy, opener)
        self._limiter = anyio.CapacityLimiter(4)
        self._lock = threading.Lock()
        self._in_flight = 0

    def start(self, wait_seconds: float = 15.0) -> None:
        """Start the writer and give it a moment to open and migrate the store, so the first checks see
        the breaker; a store that is down does not hold start-up beyond `wait_seconds`."""
        self.writer.start()
        self.writer.opened.wait(wait_seconds)

    def stop(self) -> None:
        self.writer.stop()

    @contextmanager
    def checking(self) -> Iterator[None]:
        """Around each check: the writer holds its work until no check is in flight (or briefly)."""
        with self._lock:
            self._in_flight += 1
            self.writer.began += 1
            self.writer.quiet.clear()
        try:
            yield
        finally:
            with self._lock:
                self._in_flight -= 1
                if self._in_flight == 0:
                    self.writer.quiet.set()

    @property
    def health(self) -> str:
        return "ok" if self.writer.healthy else "degraded"

    async def _read(self, fn: Callable[[], T]) -> T:
        """Run a store read off the event loop, within `memory.read_seconds`; StoreUnavailable otherwise."""
        if not self.writer.healthy:
            raise StoreUnavailable
        try:
            with anyio.fail_after(self.policy.memory.read_seconds):
                return await anyio.to_thread.run_sync(fn, limiter=self._limiter, abandon_on_cancel=True)
        except Exception as exc:
            self.writer.suspect()
            raise StoreUnavailable from exc

    def _engine(self) -> Engine:
        store = self.writer.store
        if store is None:
            raise StoreUnavailable
        return store.engine

    async def breaker_open(self, key: str) -> bool:
        def read() -> bool:
            with self._engine().connect() as connection:
                return breaker.is_open(connection, key, breaker.now())

        try:
            return await self._read(read)
        except StoreUnavailable:
            return False  # unknown is not open: the check runs and is judged as usual

    async def after(
        self, message: OutgoingMessage, verdict: Verdict, audience: Audience, ms: float, *, refused: bool = False
    ) -> Verdict:
        """Escalate a repeat sender's warning when policy says so, count a breaker hit, queue the record."""
        at = breaker.now()
        escalated = False
        sender = message.sender.email.lower()
        if verdict.verdict == "warn" and self.policy.alerts.escalate and sender:
            escalated = await self._escalated(sender, at)
            if escalated:
                findings = [w.finding for w in verdict.findings] + [Finding("repeat_sender", "block")]
                verdict = replace(decide(findings, verdict.exposure, verdict.check_id),
                                  attachment_refs=verdict.attachment_refs)
        record = build(message, verdict, audience, ms, at, escalated=escalated)
        hit_pending = False
        key = record["breaker_key"]
        if key and not refused and is_breaker_hit(verdict, audience):
            hit_pending = not await self._hit(key, verdict.check_id, at)
        self.writer.submit({"op": "record", "record": record, "hit": hit_pending})
        return verdict

    async def _escalated(self, sender: str, at: dt.datetime) -> bool:
        def read() -> bool:
            with self._engine().connect() as connection:
                return alert_rows.escalated(connection, sender, at)

        try:
            return await self._read(read)
        except StoreUnavailable:
            return False

    async def _hit(self, key: str, check_id: str, at: dt.datetime) -> bool:
        """Count the hit now, so the next message (on any instance) sees a trip; False: left to the writer."""
        def write() -> bool:
            with self._engine().begin() as connection:
                tripped = breaker.hit(connection, key, check_id, at, self.policy.breaker)
                return tripped and alert_rows.breaker_alert(connection, key, at)

        try:
            raised = await self._read(write)
        except StoreUnavailable:
            return False
        if raised:
            self.writer.submit({"op": "deliver", "kind": "breaker", "subject": key})
        return True

    async def owner(self, check_id: str) -> str | None:
        """The caller id that made this check; None when no record holds it; StoreUnavailable."""
        pending = self.writer.pending_owner(check_id)
        if pending is not None:
            return pending

        def read() -> str | None:
            from backend.store.write import owner_of

            with self._engine().connect() as connection:
                return owner_of(connection, check_id)

        return await self._read(read)

    def outcome(self, check_id: str, outcome: str, caller: str | None = None) -> None:
        self.writer.submit({"op": "outcome", "check_id": check_id, "outcome": outcome,
                            "at": breaker.now().isoformat(), "caller": caller})

    def recheck(self, earlier: str, message: OutgoingMessage) -> None:
        """A fix-and-recheck: the earlier check of the same caller ends as "fixed"."""
        self.outcome(earlier, "fixed", caller_id(message.caller))


__all__ = ["Memory", "StoreUnavailable", "breaker_verdict", "is_repeat"]
