"""The background writer: check records reach the database without a verdict waiting for them.

One thread per process takes operations from a bounded queue and writes each in its own transaction.
A full queue, or a database that is down or slow, sends operations to the spool (`spool.py`); while
degraded the writer tries the database every `memory.retry_seconds` and, once it answers, replays the
spool in order before anything newer. It also retries undelivered alerts and runs the purge job.

Operations are plain JSON: {"op": "record", "record": {...}, "hit": bool} and
{"op": "outcome", "check_id", "outcome", "at", "caller"}.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

from backend.policy import Policy
from backend.settings import Settings
from backend.store import Store, breaker, open_store
from backend.store import alerts as alert_rows
from backend.store.deliver import Deliverer
from backend.store.purge import purge
from backend.store.spool import Spool
from backend.store.tables import alerts as alerts_table
from backend.store.write import insert_record, parse_time, set_outcome

log = logging.getLogger("crossing_guard.store")

Op = dict[str, Any]
_STOP: Op = {"op": "stop"}
DELIVERY_RETRY_SECONDS = 30.0
# The writer's work is Python (SQLAlchemy) holding the GIL: it waits this long at most for the checks
# in flight to finish, then writes everything queued, so under load it still keeps up.
QUIET_SECONDS = 0.05
SETTLE_SECONDS = 0.003  # quiet this long counts as a gap between requests, not the next one arriving


class Writer:
    def __init__(self, settings: Settings, policy: Policy, opener: Callable[[Settings], Store] = open_store) -> None:
        self.settings = settings
        self.policy = policy
        self.opener = opener
        self.store: Store | None = None
        self.degraded = False
        rules = policy.memory
        self.spool = Spool(settings.data_dir or Path("data"), rules.spool_bytes)
        self.queue: queue.Queue[Op] = queue.Queue(maxsize=max(1, rules.queue))
        self.pending: OrderedDict[str, str] = OrderedDict()  # check id -> caller, until written
        self._pending_lock = threading.Lock()
        self.deliverer = Deliverer(policy)
        self._thread: threading.Thread | None = None
        self.opened = threading.Event()  # the first attempt to open the store has ended
        self.quiet = threading.Event()  # no check in flight in this process (see `Memory.checking`)
        self.quiet.set()
        self.began = 0  # requests begun: a new one during the settle time means the gap was not one
        self._last_try = 0.0
        self._last_delivery = 0.0
        self._last_purge = 0.0

    # ---- what the service calls ----

    @property
    def healthy(self) -> bool:
        return self.store is not None and not self.degraded

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="crossing-guard-store", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Write what is queued (or spool it), then stop."""
        if self._thread is None:
            return
        try:
            self.queue.put(_STOP, timeout=timeout)
        except queue.Full:  # a writer stuck on a frozen database: what it holds is lost with the process
            log.warning("store writer did not drain before shutdown")
        self._thread.join(timeout)
        self._thread = None
        if self.store is not None:
            self.store.close()
            self.store = None

    def suspect(self) -> None:
        """A read on a verdict's path timed out or failed: treat the store as degraded until a probe answers."""
        if self.store is not None and not self.degraded:
            log.warning("store slow or unavailable; verdicts go out without it")
        self.degraded = True
        self._last_try = time.monotonic()

    def submit(self, op: Op) -> None:
        if op["op"] == "record":
            with self._pending_lock:
                self.pending[op["record"]["check_id"]] = op["record"]["caller"]
                while len(self.pending) > 2 * self.queue.maxsize:
                    self.pending.popitem(last=False)
        try:
            self.queue.put_nowait(op)
        except queue.Full:
            self._spool(op)

    def pending_owner(self, check_id: str) -> str | None:
        with self._pending_lock:
            return self.pending.get(check_id)

    def flush(self, timeout: float = 30.0) -> bool:
        """Wait until the queue is written (tests, the command line); True when it was."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.queue.unfinished_tasks == 0:
                return True
            time.sleep(0.02)
        return False

    # ---- the thread ----

    def _run(self) -> None:
        self._open()
        self.opened.set()
        while True:
            try:
                op = self.queue.get(timeout=min(1.0, self.policy.memory.retry_seconds))
            except queue.Empty:
                op = None
            if op is None:
                self._step(None)
                continue
            if op is not _STOP:
                self._wait_for_a_gap()
            batch = [op]
            while batch[-1] is not _STOP:
                try:
                    batch.append(self.queue.get_nowait())
                except queue.Empty:
                    break
            for op in self._merged(batch):
                if op is _STOP:
                    self.queue.task_done()
                    return
                self._step(op)

    def _merged(self, batch: list[Op]) -> list[Op]:
        """The batch with each outcome folded into its record when both wait here (the gateway's
        "relayed" follows its record by milliseconds): one INSERT instead of an INSERT and an UPDATE.
        Each folded operation is done with here."""
        records: dict[str, Op] = {}
        out: list[Op] = []
        for op in batch:
            if op["op"] == "record":
                records[op["record"]["check_id"]] = op
            elif op["op"] == "outcome" and (held := records.get(op["check_id"])) is not None \
                    and op.get("caller") in (None, held["record"]["caller"]):
                held["record"] = {**held["record"], "outcome": op["outcome"], "outcome_at": op["at"]}
                self.queue.task_done()
                continue
            out.append(op)
        return out

    def _wait_for_a_gap(self) -> None:
        """Until no request has been in flight for SETTLE_SECONDS, or QUIET_SECONDS have passed."""
        deadline = time.monotonic() + QUIET_SECONDS
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not self.quiet.wait(left):
                return
            began = self.began
            time.sleep(SETTLE_SECONDS)
            if self.quiet.is_set() and self.began == began:
                return

    def _step(self, op: Op | None) -> None:
        try:
            self._housekeeping()
            if op is not None:
                self._handle(op)
        except Exception as exc:  # never let one bad operation stop the writer
            log.warning("store writer error: %s", type(exc).__name__)
        finally:
            if op is not None:
                self.queue.task_done()

    def _open(self) -> None:
        self._last_try = time.monotonic()
        try:
            self.store = self.opener(self.settings)
            self.degraded = False
        except Exception as exc:
            log.warning("store unavailable: %s", type(exc).__name__)
            self.degraded = True

    def _housekeeping(self) -> None:
        now = time.monotonic()
        if (self.degraded or self.store is None) and now - self._last_try >= self.policy.memory.retry_seconds:
            self._probe()
        if not self.healthy:
            return
        if self.spool.size():
            self._replay()
        if now - self._last_delivery >= DELIVERY_RETRY_SECONDS:
            self._last_delivery = now
            self._retry_deliveries()
        if now - self._last_purge >= self.policy.memory.purge_hours * 3600:
            self._last_purge = now
            deleted = purge(self._engine(), self.policy.memory.retention_days, breaker.now())
            if deleted:
                log.info("store purge: %d check records past retention", deleted)

    def _probe(self) -> None:
        if self.store is None:
            self._open()
            return
        self._last_try = time.monotonic()
        try:
            with self.store.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
            self.degraded = False
            log.info("store available again")
        except Exception as exc:
            log.warning("store still unavailable: %s", type(exc).__name__)

    def _engine(self) -> Engine:
        assert self.store is not None
        return self.store.engine

    def _handle(self, op: Op) -> None:
        if not self.healthy:
            self._spool(op)
            return
        if self.spool.size():
            self._replay()
            if not self.healthy:
                self._spool(op)
                return
        try:
            self._apply(op)
        except Exception as exc:
            log.warning("store write failed, spooling: %s", type(exc).__name__)
            self.degraded = True
            self._last_try = time.monotonic()
            self._spool(op)

    def _spool(self, op: Op) -> None:
        if not self.spool.append(op):
            log.warning("store spool full: %d records dropped", self.spool.dropped)

    def _replay(self) -> None:
        ops = self.spool.read()
        done = 0
        try:
            for op in ops:
                if op is not None:
                    self._apply(op)
                done += 1
        except Exception as exc:
            log.warning("store replay stopped: %s", type(exc).__name__)
            self.degraded = True
            self._last_try = time.monotonic()
        self.spool.keep(done)
        if done:
            log.info("store replayed %d spooled operations", done)

    def _apply(self, op: Op) -> None:
        raised: list[tuple[str, str]] = []
        with self._engine().begin() as connection:
            if op["op"] == "record":
                record = op["record"]
                raised += self._record(connection, record, bool(op.get("hit")))
            elif op["op"] == "outcome":
                set_outcome(connection, op["check_id"], op["outcome"], parse_time(op["at"]), op.get("caller"))
            elif op["op"] == "deliver":
                raised.append((op["kind"], op["subject"]))
        if op["op"] == "record":
            with self._pending_lock:
                self.pending.pop(op["record"]["check_id"], None)
        for kind, subject in raised:
            self._deliver(kind, subject)

    def _record(self, connection: Connection, record: dict[str, Any], hit: bool) -> list[tuple[str, str]]:
        """Insert a record, then what follows from it: a breaker hit left to the writer, the repeat alert."""
        raised: list[tuple[str, str]] = []
        at = parse_time(record["at"])
        if not insert_record(connection, record):
            return raised  # already there: replayed from the spool after it was written
        key = record["breaker_key"]
        rules = self.policy
        if hit and key and breaker.hit(connection, key, record["check_id"], at, rules.breaker) \
                and alert_rows.breaker_alert(connection, key, at):
            raised.append(("breaker", key))
        if record["repeat"] and alert_rows.note_repeat(connection, record["sender"], at, rules.alerts):
            raised.append(("repeat", record["sender"]))
        return raised

    def _deliver(self, kind: str, subject: str) -> None:
        with self._engine().connect() as connection:
            row = connection.execute(alerts_table.select().where(
                alerts_table.c.kind == kind, alerts_table.c.subject == subject)).first()
            if row is None or row.delivered_at is not None or row.attempts >= self.policy.alerts.attempts:
                return
            if not alert_rows.claim(connection, kind, subject, row.attempts):
                connection.commit()
                return
            connection.commit()
        body = alert_rows.payload(row, self.policy.district.name)
        if self.deliverer.deliver(body):
            with self._engine().begin() as connection:
                alert_rows.delivered(connection, kind, subject, breaker.now())

    def _retry_deliveries(self) -> None:
        with self._engine().connect() as connection:
            rows = alert_rows.undelivered(connection, self.policy.alerts.attempts)
        for row in rows:
            self._deliver(row.kind, row.subject)
