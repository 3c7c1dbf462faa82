"""Attachment analyses kept for a short while, so a Send after a check-ahead posts a reference, not the file.

A 25 MB attachment is a 33 MB JSON post; over a school's Wi-Fi that alone can pass the add-in's
3.5-second budget. So the add-in sends each attachment's bytes once, when it is added, and the
service answers with a `ref` for it. Later checks of the same message send `{"name", "ref"}`; the
service reuses what it concluded about the file.

What is kept is the *analysis*, never the bytes or the text read from them: the documents' names
and whether they could be read (tables and text dropped), and the `Evidence` the content analysers
built (counts, data kinds, column headings, masked samples, salted person keys). Memory only,
bounded by an estimate of its size and by `attachment_cache.ttl_seconds`.

The ref is an HMAC of the caller's identity and the content under a key drawn at start-up: it says
nothing about the file to anyone without the key, and two people sending the same file get
different refs. The cache is keyed by identity *and* ref, so one user who learns another's ref
still finds nothing. A restart, another worker or an expired entry answers "not known": the
add-in sends the bytes once more (`AttachmentNotCached`, 409).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from cachetools import TTLCache

from backend.detectors.base import Evidence
from backend.models import Attachment, Caller, Document

_ENTRY_OVERHEAD = 512  # dataclasses, tuples and the cache's own bookkeeping, per entry
_KEY_BYTES = 120  # one salted person key in a frozenset: the string and its slot


@dataclass(frozen=True)
class AttachmentAnalysis:
    """What one attachment told the engine. `documents` carry names and readability only."""

    documents: tuple[Document, ...]
    evidence: tuple[Evidence, ...]

    @classmethod
    def of(cls, documents: tuple[Document, ...], evidence: tuple[Evidence, ...]) -> AttachmentAnalysis:
        return cls(tuple(replace(d, tables=(), text="") for d in documents), evidence)

    @property
    def complete(self) -> bool:
        """A read cut off by this check's deadline says nothing lasting about the file: not kept."""
        return all(d.unreadable is None or d.unreadable.reason != "timeout" for d in self.documents)


def identity_of(caller: Caller) -> bytes:
    """Who may reuse an analysis: the authenticated subject within its tenant, by kind."""
    return "\x1f".join((caller.kind, caller.tenant, caller.subject, caller.email.lower())).encode("utf-8")


def _size_of(analysis: AttachmentAnalysis) -> int:
    size = _ENTRY_OVERHEAD
    for d in analysis.documents:
        size += 200 + len(d.name) + len(d.parent or "") + len(d.url or "")
    for ev in analysis.evidence:
        size += 400 + len(ev.person_keys) * _KEY_BYTES + len(ev.source) + len(ev.url or "")
        size += sum(len(s) + 60 for s in (*ev.columns, *ev.samples, *ev.reasons, *ev.data))
    return size


class AnalysisCache:
    def __init__(
        self, ttl_seconds: float, max_bytes: int, *, timer: Callable[[], float] = time.monotonic
    ) -> None:
        self._enabled = ttl_seconds > 0 and max_bytes > 0
        self._secret = secrets.token_bytes(32)
        self._entries: TTLCache[str, AttachmentAnalysis] = TTLCache(
            maxsize=max(1, max_bytes), ttl=max(ttl_seconds, 0.001), timer=timer, getsizeof=_size_of
        )

    @property
    def enabled(self) -> bool:
        return self._enabled

    def ref_for(self, caller: Caller, content: bytes) -> str:
        mac = hmac.new(self._secret, b"ref\x00" + identity_of(caller) + b"\x00", hashlib.sha256)
        mac.update(content)
        return mac.hexdigest()

    def _key(self, caller: Caller, ref: str) -> str:
        message = b"key\x00" + identity_of(caller) + b"\x00" + ref.encode("ascii", "replace")
        return hmac.new(self._secret, message, hashlib.sha256).hexdigest()

    def get(self, caller: Caller, ref: str) -> AttachmentAnalysis | None:
        if not self._enabled:
            return None
        return self._entries.get(self._key(caller, ref))

    def remember(self, caller: Caller, attachment: Attachment, analysis: AttachmentAnalysis) -> str | None:
        """Keep the analysis of an attachment sent with its bytes; return its ref, or None if not kept."""
        if not self._enabled or attachment.content is None or not analysis.complete:
            return None
        ref = self.ref_for(caller, attachment.content)
        try:
            self._entries[self._key(caller, ref)] = AttachmentAnalysis.of(analysis.documents, analysis.evidence)
        except ValueError:  # larger than the whole budget: checked again next time, as before
            return None
        return ref

    def __len__(self) -> int:
        return len(self._entries)
