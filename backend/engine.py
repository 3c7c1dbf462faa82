"""extract -> enrich -> detect -> decide -> words.

Extraction and analysis are CPU work and run in a worker thread; enrichment is I/O (directory and
drive lookups), concurrent and under one deadline, done by an `Enricher` from `integrations`.
Detectors are pure. Nothing here logs content: one metadata line per check goes to `audit`.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import replace
from typing import Protocol

import anyio.to_thread

from backend import audit
from backend.audience import Audience
from backend.decide import decide, exposure_of
from backend.detectors import REGISTRY
from backend.detectors.base import Context, Evidence
from backend.detectors.content import analyze
from backend.extract import ReadContext, read_attachment, read_body
from backend.links import find_links
from backend.models import Document, Enrichment, Finding, OutgoingMessage, Verdict
from backend.policy import Policy


class Enricher(Protocol):
    """Looks up lists and linked files before detection. Must return within the policy's deadline."""

    async def enrich(self, message: OutgoingMessage, links: tuple[str, ...], policy: Policy) -> Enrichment: ...


class Engine:
    def __init__(self, policy: Policy, enricher: Enricher | None = None) -> None:
        self.policy = policy
        self.enricher = enricher

    async def check(self, message: OutgoingMessage) -> Verdict:
        started = time.perf_counter()
        links = find_links(message)
        if self.enricher is not None:
            enrichment = await self.enricher.enrich(message, links, self.policy)
        else:
            enrichment = Enrichment()
        verdict = await anyio.to_thread.run_sync(self.check_sync, message, enrichment, links)
        audit.record(message, verdict, (time.perf_counter() - started) * 1000)
        return verdict

    def check_sync(
        self, message: OutgoingMessage, enrichment: Enrichment | None = None, links: tuple[str, ...] | None = None
    ) -> Verdict:
        """The whole check without I/O: for the command line, tests and benchmarks."""
        enrichment = enrichment or Enrichment()
        links = find_links(message) if links is None else links
        documents = self.extract(message) + linked_documents(enrichment)
        evidence = tuple(analyze(doc, self.policy) for doc in documents if doc.unreadable is None)
        return self.judge(message, documents, evidence, enrichment, links)

    def extract(self, message: OutgoingMessage) -> tuple[Document, ...]:
        limits = self.policy.limits
        ctx = ReadContext(limits=limits, deadline=time.monotonic() + limits.read_seconds)
        documents: list[Document] = list(read_body(message.body_text, message.body_html, ctx))
        for attachment in message.attachments:
            documents.extend(read_attachment(attachment, ctx))
        return tuple(documents)

    def judge(
        self,
        message: OutgoingMessage,
        documents: tuple[Document, ...],
        evidence: tuple[Evidence, ...],
        enrichment: Enrichment,
        links: tuple[str, ...],
    ) -> Verdict:
        audience = Audience.of(message, enrichment, self.policy)
        ctx = Context(message, documents, evidence, enrichment, audience, self.policy, links)
        findings: list[Finding] = [f for _, detect in REGISTRY for f in detect(ctx)]
        return decide(findings, exposure_of(findings, audience), uuid.uuid4().hex)


def linked_documents(enrichment: Enrichment) -> tuple[Document, ...]:
    """Files read through a lookup are judged like attachments, as links."""
    docs = []
    for url, linked in enrichment.files.items():
        if linked.document is not None:
            docs.append(replace(linked.document, source="link", url=url, name=linked.name or linked.document.name))
    return tuple(docs)
