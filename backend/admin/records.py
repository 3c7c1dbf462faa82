"""The console's handle on the store: opened at start-up, or later if the database was down then.

A console must never stop the service from starting: mail is checked whether or not IT can read
the records. When the database cannot be opened at start-up, the console says so on its pages and
tries again on a later request, at most every `RETRY_SECONDS`. The log names the error's type only
(a database URL may hold a password).
"""

from __future__ import annotations

import logging
import threading
import time

from backend.settings import Settings
from backend.store import Store, open_store, store_configured

log = logging.getLogger("crossing_guard.admin")

RETRY_SECONDS = 30.0


class Records:
    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self.configured = store_configured(settings)
        self.store: Store | None = None
        self._failed_at: float | None = None
        self._lock = threading.Lock()

    def open(self) -> Store | None:
        """The open store, opening it if need be; None when none is configured or it cannot be opened now."""
        with self._lock:
            if self.store is not None or not self.configured:
                return self.store
            if self._failed_at is not None and time.monotonic() - self._failed_at < RETRY_SECONDS:
                return None
            try:
                self.store = open_store(self._settings)
            except Exception as exc:  # any driver error: the console waits, the service runs
                log.warning("the console could not open the store: %s", type(exc).__name__)
                self._failed_at = time.monotonic()
            return self.store

    def close(self) -> None:
        with self._lock:
            if self.store is not None:
                self.store.close()
                self.store = None
