"""Requests in flight hold back the store's writer, from the first byte in to the last byte out.

The writer's work is Python holding the GIL; if it starts while a response is still being written,
that response waits for it. Counting whole HTTP requests (not only the engine's part) lets records be
written in the gaps between them; under steady load the writer still runs (see `writer.QUIET_SECONDS`).
"""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from backend.store.memory import Memory


class InFlightMiddleware:
    def __init__(self, app: ASGIApp, memory: Memory) -> None:
        self.app = app
        self.memory = memory

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        with self.memory.checking():
            await self.app(scope, receive, send)
