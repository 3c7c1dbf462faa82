"""Admission: no caller can take more of the service than the policy's `[capacity]` gives it.

Every request that sends a body (a check, an add-in call) passes three gates before the app sees
it, and answers in the one JSON error shape when it cannot:

- a rate per credential (`capacity.rate_per_minute`, a token bucket keyed by a hash of the bearer
  credential, or by the peer when there is none): `429` with `Retry-After`;
- a memory budget (`capacity.memory_mb`) for the checks in flight, each counted as five times its
  request size (the JSON text, the decoded attachments and what is read from them), and a number of
  checks in flight (`capacity.checks`): over either, the request waits up to
  `capacity.queue_seconds` for room, then gets `503` with `Retry-After`;
- a deadline on receiving the body (`capacity.body_seconds`): a client that trickles its body gets
  `408` and is closed.

Reader processes are bounded separately (`backend.extract.isolation`), and connections and header
reads by the server (`backend.connections`).
"""

from __future__ import annotations

import hashlib
import math
import time
from collections import OrderedDict

import anyio
from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backend.errors import RequestError, error_body
from backend.policy.schema import MIB, Capacity, Limits

MEMORY_FACTOR = 5
MAX_BUCKETS = 10_000  # credentials remembered at once; the least recently seen is forgotten first


class RateLimiter:
    """A token bucket per key: `per_minute` requests a minute, in bursts of up to that many."""

    def __init__(self, per_minute: int) -> None:
        self.capacity = float(max(1, per_minute))
        self.refill = self.capacity / 60.0
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def take(self, key: str, now: float | None = None) -> float:
        """0 when the request may go; otherwise the seconds until it may."""
        now = time.monotonic() if now is None else now
        tokens, seen = self._buckets.pop(key, (self.capacity, now))
        tokens = min(self.capacity, tokens + (now - seen) * self.refill)
        wait = 0.0
        if tokens >= 1:
            tokens -= 1
        else:
            wait = (1 - tokens) / self.refill
        self._buckets[key] = (tokens, now)
        while len(self._buckets) > MAX_BUCKETS:
            self._buckets.popitem(last=False)
        return wait


class Budget:
    """Bytes and checks in flight; `acquire` waits for room up to a deadline."""

    def __init__(self, memory_bytes: int, checks: int) -> None:
        self.memory_bytes = memory_bytes
        self.checks = max(1, checks)
        self.used = 0
        self.running = 0
        self._changed = anyio.Event()

    def _fits(self, cost: int) -> bool:
        return self.running < self.checks and (self.used + cost <= self.memory_bytes or self.running == 0)

    async def acquire(self, cost: int, wait_seconds: float) -> bool:
        with anyio.move_on_after(wait_seconds):
            while not self._fits(cost):
                await self._changed.wait()
            self.used += cost
            self.running += 1
            return True
        return False

    def release(self, cost: int) -> None:
        self.used -= cost
        self.running -= 1
        self._changed.set()
        self._changed = anyio.Event()


def credential_key(scope: Scope, headers: Headers) -> str:
    """Whose rate this request spends: its bearer credential (hashed), else its peer address."""
    authorization = headers.get("authorization", "")
    if authorization:
        return "c:" + hashlib.sha256(authorization.encode("utf-8", "replace")).hexdigest()[:32]
    client = scope.get("client")
    return "p:" + (str(client[0]) if client else "")


class CapacityMiddleware:
    def __init__(self, app: ASGIApp, capacity: Capacity, limits: Limits) -> None:
        self.app = app
        self.capacity = capacity
        self.limits = limits
        self.rates = RateLimiter(capacity.rate_per_minute)
        self.budget = Budget(capacity.memory_mb * MIB, capacity.checks)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        wait = self.rates.take(credential_key(scope, headers))
        if wait > 0:
            await _refuse(scope, receive, send, 429, "rate_limited",
                          "Too many checks from this credential; try again shortly.", wait)
            return
        cost = self._cost(headers)
        if not await self.budget.acquire(cost, self.capacity.queue_seconds):
            await _refuse(scope, receive, send, 503, "busy",
                          "The service is busy; try again shortly.", self.capacity.queue_seconds)
            return
        try:
            await self.app(scope, self._deadline(receive), send)
        finally:
            self.budget.release(cost)

    def _cost(self, headers: Headers) -> int:
        declared = headers.get("content-length", "")
        size = int(declared) if declared.isdigit() else self.limits.request_bytes
        return min(size, self.limits.request_bytes) * MEMORY_FACTOR

    def _deadline(self, receive: Receive) -> Receive:
        """`receive`, failing with 408 once the body has taken longer than `capacity.body_seconds`."""
        deadline = time.monotonic() + self.capacity.body_seconds

        async def timed() -> Message:
            remaining = deadline - time.monotonic()
            if remaining > 0:
                with anyio.move_on_after(remaining):
                    return await receive()
            raise RequestError("body_timeout", "The request body did not arrive in time.", status=408)

        return timed


async def _refuse(scope: Scope, receive: Receive, send: Send, status: int, code: str, message: str,
                  retry_after: float) -> None:
    headers = {"Retry-After": str(max(1, math.ceil(retry_after)))}
    await JSONResponse(error_body(code, message), status_code=status, headers=headers)(scope, receive, send)
