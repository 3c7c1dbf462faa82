"""Lookup results kept in memory for a short while, so a resend or a recipient change is instant.

Group sizes and a sender's personal addresses change slowly and are cached for
`lookups.group_ttl_seconds` (an hour); a looked-up file,
whose content or sharing may change at any moment, for `lookups.file_ttl_seconds` (two minutes; 0
turns it off). Keys are keyed hashes of the link or address, made with a key drawn at start-up, so
neither the cache nor a memory dump of its keys holds a sharing link (a bearer capability) or an
address. Nothing here touches disk. Failures are never cached: the next check tries again.
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Generic, TypeVar

from cachetools import TTLCache

from backend.models import GroupInfo, LinkedFile

T = TypeVar("T")

_MAX_FILES = 256  # each may hold a read Document: bounded by count, each within the attachment limit
_MAX_GROUPS = 10_000


class _Store(Generic[T]):
    def __init__(self, maxsize: int, ttl: float, key: bytes) -> None:
        self._enabled = ttl > 0 and maxsize > 0
        self._cache: TTLCache[str, T] = TTLCache(maxsize=max(1, maxsize), ttl=max(ttl, 0.001))
        self._key = key

    def _k(self, kind: str, target: str) -> str:
        return hashlib.blake2b(f"{kind}\0{target}".encode(), key=self._key, digest_size=20).hexdigest()

    def get(self, kind: str, target: str) -> tuple[bool, T | None]:
        if not self._enabled:
            return False, None
        k = self._k(kind, target)
        if k in self._cache:
            return True, self._cache[k]
        return False, None

    def put(self, kind: str, target: str, value: T) -> None:
        if self._enabled:
            self._cache[self._k(kind, target)] = value

    def __len__(self) -> int:
        return len(self._cache)


class LookupCache:
    """TTL caches: groups (a `None` value means "not a group"), senders' personal addresses, linked files."""

    def __init__(self, group_ttl: float, file_ttl: float) -> None:
        key = secrets.token_bytes(32)
        self.groups: _Store[GroupInfo | None] = _Store(_MAX_GROUPS, group_ttl, key)
        self.files: _Store[LinkedFile] = _Store(_MAX_FILES, file_ttl, key)
        self.people: _Store[frozenset[str]] = _Store(_MAX_GROUPS, group_ttl, key)

    def __repr__(self) -> str:
        return f"LookupCache(groups={len(self.groups)}, files={len(self.files)})"
