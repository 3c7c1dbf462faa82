"""extract -> enrich -> detect -> decide -> words.

Extraction and analysis are CPU work and run in a worker thread; enrichment is I/O (directory and
drive lookups), concurrent and under one deadline, done by an `Enricher` from `integrations`.
Detectors are pure. Nothing here logs content: one metadata line per check goes to `audit`. With a
memory (`backend.store.memory`, while the service runs), an automation's breaker is read while its
message is judged, and the check's record is queued for the background writer.

With a district roster (`backend.roster`), content analysis also keeps the keyed hashes of roster
students' names and IDs a document holds; the engine turns them into students (`RosterView`) and hands
that to detectors as data. The roster itself is refreshed outside detection (`Roster.current`).

What each attachment held is remembered for a short while (`analysis_cache`), so a later check of the
same message may send a ref instead of the file; a ref the cache no longer knows is refused (409)
before any work starts, and the add-in sends the bytes again.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from dataclasses import replace
from typing import TYPE_CHECKING, Protocol

import anyio.to_thread

from backend import audit
from backend.analysis_cache import AnalysisCache, AttachmentAnalysis
from backend.audience import Audience
from backend.decide import decide, exposure_of
from backend.detectors import REGISTRY
from backend.detectors.base import Context, Evidence
from backend.detectors.content import analyze
from backend.errors import AttachmentNotCached
from backend.extract import ReadContext, read_attachment, read_body
from backend.links import find_links
from backend.models import Attachment, Document, Enrichment, Finding, OutgoingMessage, Verdict
from backend.policy import Policy
from backend.store.records import breaker_key

if TYPE_CHECKING:
    from backend.store.memory import Memory
from backend.roster import matching
from backend.roster.index import RosterIndex
from backend.roster.view import RosterView, augment


class Enricher(Protocol):
    """Looks up lists and linked files before detection. Must return within the policy's deadline."""

    async def enrich(self, message: OutgoingMessage, links: tuple[str, ...], policy: Policy) -> Enrichment: ...


class Readers(Protocol):
    """Reads and analyses one attachment away from the service (`backend.extract.isolation`)."""

    def read(
        self, attachment: Attachment, policy: Policy, deadline: float
    ) -> tuple[tuple[Document, ...], tuple[Evidence, ...]]: ...


class Roster(Protocol):
    """The district roster in memory (`backend.roster.source`), refreshed when an import lands."""

    def current(self) -> RosterIndex | None: ...


class Engine:
    def __init__(self, policy: Policy, enricher: Enricher | None = None, roster: Roster | None = None) -> None:
        self.policy = policy
        self.enricher = enricher
        self.roster = roster
        cache = policy.attachment_cache
        self.analyses = AnalysisCache(cache.ttl_seconds, cache.memory_bytes)
        self.readers: Readers | None = None  # set while the service runs its reader processes
        self.memory: Memory | None = None  # set while the service keeps records (`backend.store.memory`)

    async def check(self, message: OutgoingMessage) -> Verdict:
        if self.memory is None:
            return await self._check(message)
        with self.memory.checking():
            return await self._check(message)

    async def _check(self, message: OutgoingMessage) -> Verdict:
        started = time.perf_counter()
        self.recalled(message)  # an unknown ref is refused before any lookup or reading
        memory = self.memory
        key = breaker_key(message) if memory is not None else None
        # An automation's breaker is read while the message is judged, so the read costs no time.
        open_now = asyncio.ensure_future(memory.breaker_open(key)) if memory is not None and key else None
        try:
            links = find_links(message)
            # the demo never uses district credentials
            if self.enricher is not None and message.caller.kind != "loopback":
                enrichment = await self.enricher.enrich(message, links, self.policy)
            else:
                enrichment = Enrichment()
            verdict, audience = await anyio.to_thread.run_sync(self.decide_sync, message, enrichment, links)
            refused = open_now is not None and await open_now
        finally:
            if open_now is not None and not open_now.done():
                open_now.cancel()
        if refused:
            from backend.store.memory import breaker_verdict

            verdict = breaker_verdict(audience, verdict.check_id)
        if memory is not None:
            verdict = await memory.after(message, verdict, audience, _ms(started), refused=refused)
        audit.record(message, verdict, _ms(started))
        return verdict

    def check_sync(
        self, message: OutgoingMessage, enrichment: Enrichment | None = None, links: tuple[str, ...] | None = None
    ) -> Verdict:
        """The whole check without I/O: for the command line, tests and benchmarks."""
        return self.decide_sync(message, enrichment, links)[0]

    def decide_sync(
        self, message: OutgoingMessage, enrichment: Enrichment | None = None, links: tuple[str, ...] | None = None
    ) -> tuple[Verdict, Audience]:
        """The verdict and the `Audience` it was decided with: the record is built from both."""
        enrichment = enrichment or Enrichment()
        links = find_links(message) if links is None else links
        recalled = self.recalled(message)
        roster = self.roster.current() if self.roster is not None else None
        matching.use(roster.matcher if roster is not None else None)  # content analysis keeps roster hashes
        limits = self.policy.limits
        ctx = ReadContext(limits=limits, deadline=time.monotonic() + limits.read_seconds)
        parts = [self.analysis_of(tuple(read_body(message.body_text, message.body_html, ctx)))]
        refs: list[str | None] = []
        for i, attachment in enumerate(message.attachments):
            known = recalled.get(i)
            if known is None:
                known = self.read_attachment(attachment, ctx)
                refs.append(self.analyses.remember(message.caller, attachment, known))
            else:
                refs.append(attachment.ref)
            parts.append(known)
        parts.append(self.analysis_of(linked_documents(enrichment)))
        documents = tuple(d for part in parts for d in part.documents)
        evidence = tuple(ev for part in parts for ev in part.evidence)
        view = RosterView(roster) if roster is not None else None
        verdict, audience = self.judge(message, documents, evidence, enrichment, links, view)
        return replace(verdict, attachment_refs=tuple(refs)), audience

    def read_attachment(self, attachment: Attachment, ctx: ReadContext) -> AttachmentAnalysis:
        """In a reader process while the service runs them; here otherwise (command line, tests, benchmarks)."""
        if self.readers is None:
            return self.analysis_of(tuple(read_attachment(attachment, ctx)))
        documents, evidence = self.readers.read(attachment, self.policy, ctx.deadline)
        return AttachmentAnalysis(documents, evidence)

    def analysis_of(self, documents: tuple[Document, ...]) -> AttachmentAnalysis:
        evidence = tuple(analyze(doc, self.policy) for doc in documents if doc.unreadable is None)
        return AttachmentAnalysis(documents, evidence)

    def recalled(self, message: OutgoingMessage) -> dict[int, AttachmentAnalysis]:
        """The remembered analyses of attachments sent as refs; AttachmentNotCached for one not known."""
        found: dict[int, AttachmentAnalysis] = {}
        for i, attachment in enumerate(message.attachments):
            if is_recalled(attachment):
                analysis = self.analyses.get(message.caller, attachment.ref or "")
                if analysis is None:
                    raise AttachmentNotCached(f"attachments[{i}].ref")
                found[i] = analysis
        return found

    def judge(
        self,
        message: OutgoingMessage,
        documents: tuple[Document, ...],
        evidence: tuple[Evidence, ...],
        enrichment: Enrichment,
        links: tuple[str, ...],
        roster: RosterView | None = None,
    ) -> tuple[Verdict, Audience]:
        audience = Audience.of(message, enrichment, self.policy)
        if roster is not None:  # students the roster names count, with or without telling headings
            evidence = augment(evidence, roster)
        ctx = Context(message, documents, evidence, enrichment, audience, self.policy, links, roster)
        findings: list[Finding] = [f for _, detect in REGISTRY for f in detect(ctx)]
        return decide(findings, exposure_of(findings, audience), uuid.uuid4().hex), audience


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def is_recalled(attachment: Attachment) -> bool:
    """Sent as a ref alone: no bytes, no link, no read error from the client."""
    return bool(attachment.ref) and attachment.content is None and attachment.url is None \
        and attachment.read_error is None


def linked_documents(enrichment: Enrichment) -> tuple[Document, ...]:
    """Files read through a lookup are judged like attachments, as links."""
    docs = []
    for url, linked in enrichment.files.items():
        if linked.document is not None:
            docs.append(replace(linked.document, source="link", url=url, name=linked.name or linked.document.name))
    return tuple(docs)
