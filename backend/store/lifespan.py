"""The memory's part of the service's lifespan: the writer runs while the app does, and drains at shutdown."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

import anyio.to_thread

from backend.engine import Engine
from backend.store.memory import Memory


def memory_lifespan(
    engine: Engine, memory: Memory | None, inner: Callable[[object], AbstractAsyncContextManager[None]]
) -> Callable[[object], AbstractAsyncContextManager[None]]:
    @asynccontextmanager
    async def lifespan(app: object) -> AsyncIterator[None]:
        if memory is not None:
            await anyio.to_thread.run_sync(memory.start)
            engine.memory = memory
        try:
            async with inner(app):
                yield
        finally:
            if memory is not None:
                engine.memory = None
                await anyio.to_thread.run_sync(memory.stop)

    return lifespan
