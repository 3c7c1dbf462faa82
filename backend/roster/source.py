"""The roster a running service uses: loaded from the store, reloaded when an import makes a new
generation active. The generation number is read at most every `refresh_seconds`, before detection
(detectors never touch the store); reader processes receive the new matcher with their next file.
"""

from __future__ import annotations

import logging
import threading
import time

from sqlalchemy.exc import SQLAlchemyError

from backend.policy import Policy
from backend.roster.hashing import ENV_KEY, MissingKey, RosterKey
from backend.roster.index import RosterIndex
from backend.roster.store import active_generation, load
from backend.settings import Settings
from backend.store import Store

log = logging.getLogger("crossing_guard")


class RosterSource:
    def __init__(self, store: Store, key: RosterKey, refresh_seconds: float = 5.0) -> None:
        self.store = store
        self.key = key
        self.refresh_seconds = refresh_seconds
        self._index: RosterIndex | None = None
        self._checked = float("-inf")
        self._lock = threading.Lock()
        self._loading: threading.Thread | None = None

    def current(self) -> RosterIndex | None:
        """The active roster; a failing database keeps the one already loaded."""
        now = time.monotonic()
        if now - self._checked < self.refresh_seconds:
            return self._index
        with self._lock:
            if now - self._checked < self.refresh_seconds:
                return self._index
            self._checked = now
            try:
                with self.store.engine.connect() as conn:
                    generation = active_generation(conn)
                if generation is None:
                    self._index = None
                elif self._index is None:
                    self._index = load(self.store, self.key)  # the first roster: nothing to serve meanwhile
                elif self._index.generation != generation and self._loading is None:
                    self._loading = threading.Thread(target=self._reload, name="roster-load", daemon=True)
                    self._loading.start()  # the old roster serves until the new one is in memory
            except SQLAlchemyError as exc:
                log.warning("roster not refreshed", extra={"error_type": type(exc).__name__})
            return self._index

    def _reload(self) -> None:
        try:
            index = load(self.store, self.key)
            with self._lock:
                self._index = index
        except SQLAlchemyError as exc:
            log.warning("roster not refreshed", extra={"error_type": type(exc).__name__})
        finally:
            self._loading = None

    def wait(self, seconds: float = 60.0) -> None:
        """Until a reload under way has finished (tests, and a service shutting down)."""
        loading = self._loading
        if loading is not None:
            loading.join(seconds)


class FixedRoster:
    """A roster held in memory only (tests, benchmarks): no store behind it."""

    def __init__(self, index: RosterIndex | None) -> None:
        self.index = index

    def current(self) -> RosterIndex | None:
        return self.index


def roster_source(settings: Settings, policy: Policy) -> RosterSource | None:
    """The service's roster when a roster key is set (and a store configured); None otherwise."""
    from backend.store import open_store, store_configured

    secret = settings.extra.get(ENV_KEY, "")
    if not secret or not store_configured(settings):
        return None
    try:
        key = RosterKey(secret)
    except MissingKey:
        log.warning("roster key too short: the roster is not used")
        return None
    return RosterSource(open_store(settings), key, policy.roster.refresh_seconds)
