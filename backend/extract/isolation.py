"""Attachments are read in a few separate reader processes, so a file can cost one finding, never the service.

Native readers (calamine in Rust, the PDF and XML libraries' C parts) can abort on a 2 KB file,
allocate without bound, or spin. Each reader process runs with an address-space limit
(`capacity.reader_memory_mb`), reads one file at a time and is given a hard deadline: what is left
of `limits.read_seconds` for the check. A reader that dies (a native crash, out of memory) is
replaced and the file becomes `unreadable` with reason `unsafe`; one that overruns the deadline is
killed and the file is `timeout`. The service process, its other checks and its threads go on.

Readers start from a fork server that has already imported the readers and detectors (no service
thread is ever forked, and a new reader is ready in milliseconds). They are started when the pool
is, and kept warm, so a small attachment pays only the round trip. A reader analyses what it read
too, and sends back only the Evidence (counts, kinds, headings, masked samples) and a Document with
its tables and text dropped: a 50,000-row sheet crosses the pipe as a few kilobytes. A reader whose
memory grew past what it started with (a big file) is recycled after that job, so the memory goes
back to the system.

The message body is parsed in the service process (it is text, read by pure-Python parsers).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import queue
import resource
import threading
import time
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager, suppress
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection
from multiprocessing.context import ForkServerContext
from multiprocessing.process import BaseProcess
from typing import TYPE_CHECKING

import anyio.to_thread

from backend.detectors.base import Evidence
from backend.detectors.content import analyze, keys
from backend.extract.base import ReadContext
from backend.extract.registry import read_attachment
from backend.models import Attachment, Document, Unreadable, UnreadableReason
from backend.policy import Policy
from backend.policy.schema import Capacity
from backend.roster import matching

if TYPE_CHECKING:
    from backend.engine import Engine

log = logging.getLogger("crossing_guard.readers")

MIB = 1024 * 1024
_SAME_ROSTER = "same"  # in a job: keep the roster matcher this reader already holds
CRASH_MARKER_ENV = "CROSSING_GUARD_TEST_CRASH_MARKER"
"""Tests only: an attachment whose bytes start with this variable's value (at least 32 characters)
makes its reader abort, as a native crash would. Unset in any deployment, and read by the reader
from its own environment, so no request can turn it on."""

Result = tuple[tuple[Document, ...], tuple[Evidence, ...]]


def read_and_analyze(attachment: Attachment, policy: Policy, seconds: float) -> Result:
    """What a reader does for one attachment; also the in-process path when there is no pool."""
    ctx = ReadContext(limits=policy.limits, deadline=time.monotonic() + seconds)
    docs = read_attachment(attachment, ctx)
    evidence = tuple(analyze(doc, policy) for doc in docs if doc.unreadable is None)
    return tuple(docs), evidence


def _crash_if_asked(attachment: Attachment) -> None:
    marker = os.environ.get(CRASH_MARKER_ENV, "").encode()
    if len(marker) >= 32 and attachment.content is not None and attachment.content.startswith(marker):
        os.abort()


def _reader_main(conn: Connection, memory_bytes: int, salt: bytes) -> None:
    """A reader process: limit its own address space, then read jobs until told to stop."""
    if memory_bytes > 0:
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    keys.use_salt(salt)  # person keys must match the service's, to count a student once across files
    conn.send(_rss_bytes())  # what this reader holds before any file: the mark it is recycled against
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        attachment, policy, seconds, roster = job
        if roster != _SAME_ROSTER:
            matching.use(roster)
        _crash_if_asked(attachment)
        try:
            docs, evidence = read_and_analyze(attachment, policy, seconds)
            slim = tuple(replace(d, tables=(), text="") for d in docs)
            conn.send((slim, evidence, _rss_bytes()))
        except MemoryError:
            return  # the address-space limit: this reader is done; the service reports the file
        except Exception as exc:  # the registry never raises on bad input; a bug here costs one file
            log.warning("reader failed", extra={"error_type": type(exc).__name__})
            conn.send(((Document(name=attachment.name, source="attachment", unreadable=Unreadable("corrupt")),),
                       (), _rss_bytes()))


def _rss_bytes() -> int:
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        return 0


@dataclass
class _Reader:
    process: BaseProcess
    conn: Connection
    baseline: int = -1  # resident bytes before its first job, once it has said
    jobs: int = 0
    roster: int = 0  # the roster generation this reader matches against (0: none)


class ReaderPool:
    """`size` warm reader processes. `read` blocks (call it from a worker thread), never raises."""

    def __init__(self, size: int, memory_mb: int, *, max_jobs: int = 500, regrow_mb: int = 64) -> None:
        self.size = max(1, size)
        self.memory_bytes = memory_mb * MIB
        self.max_jobs = max_jobs
        self.regrow_bytes = regrow_mb * MIB
        self._salt = keys.salt()
        self._context: ForkServerContext = multiprocessing.get_context("forkserver")
        self._context.set_forkserver_preload(["backend.extract.isolation", "backend.extract.sheetscan"])
        self._idle: queue.Queue[_Reader] = queue.Queue()
        self._lock = threading.Lock()
        self._readers: set[int] = set()
        self._closed = False
        self.replaced = 0  # readers that died or were killed, for tests and health

    def start(self) -> None:
        for _ in range(self.size):
            self._idle.put(self._spawn())

    def _spawn(self) -> _Reader:
        parent, child = self._context.Pipe()
        process = self._context.Process(target=_reader_main, args=(child, self.memory_bytes, self._salt),
                                        name="crossing-guard-reader", daemon=True)
        process.start()
        child.close()
        assert process.pid is not None
        with self._lock:
            self._readers.add(process.pid)
        return _Reader(process, parent)

    def pids(self) -> set[int]:
        with self._lock:
            return set(self._readers)

    def read(self, attachment: Attachment, policy: Policy, deadline: float) -> Result:
        """Read and analyse one attachment in a reader by `deadline` (time.monotonic())."""
        if attachment.content is None:  # nothing to parse: links and client read errors
            return read_and_analyze(attachment, policy, 0.0)
        try:
            reader = self._idle.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            return _unreadable(attachment, "timeout")
        outcome: Result | None = None
        reason: UnreadableReason = "unsafe"
        try:
            if reader.baseline < 0:  # a new reader says it is ready first
                if not reader.conn.poll(max(0.0, deadline - time.monotonic())):
                    raise TimeoutError
                reader.baseline = reader.conn.recv()
            seconds = max(0.0, deadline - time.monotonic())
            matcher = matching.active()  # sent only when the reader does not have this generation yet
            generation = matcher.generation if matcher is not None else 0
            roster = matcher if generation != reader.roster else _SAME_ROSTER
            reader.conn.send((attachment, policy, seconds, roster))
            reader.roster = generation
            if reader.conn.poll(seconds + 0.25):  # the reader checks its own deadline too
                docs, evidence, rss = reader.conn.recv()
                outcome = (docs, evidence)
                reader.jobs += 1
                if reader.jobs < self.max_jobs and rss - reader.baseline < self.regrow_bytes:
                    self._idle.put(reader)
                    return outcome
                # Recycled: a reader that grew takes tens of milliseconds to hand its memory back as it
                # exits, which the check that made it grow need not wait for.
                threading.Thread(target=self._replace, args=(reader,), kwargs={"dead": False},
                                 name="crossing-guard-reader-recycle", daemon=True).start()
                return outcome
            else:
                reason = "timeout"
        except TimeoutError:
            reason = "timeout"
        except (EOFError, OSError):
            pass  # the reader died: a native crash or its memory limit
        except Exception as exc:
            log.warning("reader answer unusable", extra={"error_type": type(exc).__name__})
        self._replace(reader, dead=outcome is None)
        return outcome if outcome is not None else _unreadable(attachment, reason)

    def _replace(self, reader: _Reader, *, dead: bool) -> None:
        """Stop a reader (killed if it may be stuck) and put a fresh one in its place."""
        if dead:
            self.replaced += 1
            log.warning("a reader was replaced")
        self._stop(reader, wait=0.0 if dead else 0.5)
        with self._lock:
            closed = self._closed
        if closed:
            return
        fresh = self._spawn()
        with self._lock:
            closed = self._closed
        if closed:  # the pool closed while this reader started (a recycle runs in its own thread)
            self._stop(fresh)
        else:
            self._idle.put(fresh)

    def close(self) -> None:
        with self._lock:
            self._closed = True
        while True:
            try:
                reader = self._idle.get_nowait()
            except queue.Empty:
                return
            self._stop(reader)

    def _stop(self, reader: _Reader, wait: float = 1.0) -> None:
        """Ask a reader to exit, give it `wait` seconds, then kill it."""
        with suppress(OSError):
            reader.conn.send(None)
        reader.process.join(wait)
        if reader.process.is_alive():
            reader.process.kill()
            reader.process.join(2)
        reader.conn.close()
        with self._lock:
            self._readers.discard(reader.process.pid or 0)


def _unreadable(attachment: Attachment, reason: UnreadableReason) -> Result:
    return (Document(name=attachment.name, source="attachment", unreadable=Unreadable(reason)),), ()


def reader_lifespan(
    engine: Engine, capacity: Capacity, inner: Callable[[object], AbstractAsyncContextManager[None]]
) -> Callable[[object], AbstractAsyncContextManager[None]]:
    """A Starlette lifespan: warm readers while the service runs (inside `inner`), stopped at shutdown."""

    @asynccontextmanager
    async def lifespan(app: object) -> AsyncIterator[None]:
        pool = None
        if capacity.reader_processes > 0:
            pool = ReaderPool(capacity.reader_processes, capacity.reader_memory_mb)
            await anyio.to_thread.run_sync(pool.start)
            engine.readers = pool
        try:
            async with inner(app):
                yield
        finally:
            engine.readers = None
            if pool is not None:
                await anyio.to_thread.run_sync(pool.close)

    return lifespan
