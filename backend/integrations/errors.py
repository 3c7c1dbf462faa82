"""The one way a lookup says it could not be made.

    LookupFailed(reason)        carries a short code and nothing else
      reason "timeout"          the API did not answer in time
      reason "denied"           401/403: the district's account may not see it
      reason "not_found"        404: no such file or group
      reason "error"            anything else: down, refused, a 5xx, an answer we cannot parse

The code is what `backend.messages` turns into words. A LookupFailed never holds a URL, an address,
a token or a response body, so it is safe in any log line or repr.
"""

from __future__ import annotations

from typing import Literal

import httpx

Reason = Literal["timeout", "denied", "not_found", "error"]


class LookupFailed(Exception):
    """A result, not a bug: the lookup could not be made, and why (a code)."""

    def __init__(self, reason: Reason) -> None:
        super().__init__(reason)
        self.reason: Reason = reason


def for_status(status: int) -> LookupFailed:
    if status in (401, 403):
        return LookupFailed("denied")
    if status in (404, 410):
        return LookupFailed("not_found")
    if status in (408, 504):
        return LookupFailed("timeout")
    return LookupFailed("error")


def from_httpx(exc: Exception) -> LookupFailed:
    """Map a transport error to a reason without keeping its text (which may name a URL)."""
    if isinstance(exc, LookupFailed):
        return exc
    if isinstance(exc, httpx.TimeoutException):
        return LookupFailed("timeout")
    return LookupFailed("error")
