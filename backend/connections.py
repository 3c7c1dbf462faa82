"""How the server holds connections: how many at once, and how long a client may take to send headers.

uvicorn closes idle keep-alive connections and answers 503 past `limit_concurrency`
(`capacity.connections`), but it waits for a request's headers for as long as the client likes: a
slow client trickling header bytes holds a connection forever. `HeaderDeadline` closes a
connection whose request headers have not all arrived `capacity.header_seconds` after it opened (or
after its previous response). The body's deadline is `backend.capacity`'s.
"""

from __future__ import annotations

import asyncio
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from backend.policy.schema import Capacity


class HeaderDeadline(H11Protocol):
    header_seconds = 10.0
    _header_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def handle_events(self) -> None:
        super().handle_events()
        if self.conn.their_state is not h11.IDLE:
            self._disarm()  # the headers are in; the body has its own deadline

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self._arm()  # the next request on this connection gets the same time

    def _arm(self) -> None:
        self._disarm()
        self._header_timer = self.loop.call_later(self.header_seconds, self._too_slow)

    def _disarm(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _too_slow(self) -> None:
        self._header_timer = None
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self.transport.close()


def server_options(capacity: Capacity) -> dict[str, Any]:
    """uvicorn.run keyword arguments for the policy's connection limits."""
    protocol = type("HeaderDeadlineH11", (HeaderDeadline,), {"header_seconds": capacity.header_seconds})
    return {
        "http": protocol,
        "limit_concurrency": capacity.connections,
        "timeout_keep_alive": 5,
        "h11_max_incomplete_event_size": 16 * 1024,
    }
