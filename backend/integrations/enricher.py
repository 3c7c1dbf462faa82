"""LookupEnricher: every link and list of one message looked up at once, under one deadline.

Which lookups a message gets:

- a SharePoint / OneDrive for Business link (body, `links`, or a cloud attachment) -> Graph;
- a Google Docs / Sheets / Slides / Drive link -> Drive, acting as the sender (a district user);
- a list address at a district domain -> Graph (or the Directory, when only Google is configured):
  recipients marked as lists, protected list names, addresses named for families or students
  (`parents-grade5@`), and, from clients that cannot tell lists from
  people (Gmail, automations), other district addresses too. For those last, "not a list" and
  "could not tell" are both silent: nothing was claimed about them;
- the sender's own directory record, when a recipient is outside the district: the personal
  addresses it lists (Graph `otherMails`; the Directory's recovery and other addresses), so the
  personal-account rule knows an address no name could tell it. Silent when it fails.

Every lookup runs concurrently; at `lookups.deadline_seconds` whatever has not answered becomes a
LookupFailure("timeout"), so a verdict always arrives and says what was not checked. `enrich`
never raises. Content read from a linked file goes through the same readers and limits as an
attachment, lives in memory only, and is cached at most `lookups.file_ttl_seconds`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from typing import Literal

import anyio
import anyio.to_thread

from backend.audience import normalise_list_name
from backend.extract import ReadContext, read_bytes
from backend.integrations.cache import LookupCache
from backend.integrations.errors import LookupFailed
from backend.integrations.fetched import Fetched
from backend.integrations.google import PUBLISHED, GoogleClient, drive_file_id, is_published
from backend.integrations.graph import GraphClient
from backend.links import classify
from backend.list_names import reaches_families_or_students
from backend.models import Document, Enrichment, GroupInfo, LinkedFile, LookupFailure, OutgoingMessage, Unreadable
from backend.policy import Policy

log = logging.getLogger("crossing_guard.lookups")

_TYPE_LESS_CLIENTS = ("gmail", "api", "cli", "demo", "gateway")  # clients that do not say which addresses are lists


@dataclass
class _Job:
    what: Literal["link", "list", "sender"]
    target: str
    run: Callable[[], Awaitable[None]]
    report: bool = True  # a failure becomes a LookupFailure in the verdict (never for "sender")
    done: bool = False


@dataclass
class _Results:
    files: dict[str, LinkedFile] = field(default_factory=dict)
    groups: dict[str, GroupInfo] = field(default_factory=dict)
    failures: list[LookupFailure] = field(default_factory=list)
    personal: frozenset[str] = frozenset()


class LookupEnricher:
    """The `Enricher` the engine calls before detection. Owns its HTTP clients: call `aclose()`."""

    def __init__(self, graph: GraphClient | None, google: GoogleClient | None, cache: LookupCache,
                 closers: tuple[Callable[[], Awaitable[None]], ...] = ()) -> None:
        self.graph = graph
        self.google = google
        self.cache = cache
        self._closers = closers

    def __repr__(self) -> str:
        return f"LookupEnricher(graph={self.graph is not None}, google={self.google is not None})"

    async def aclose(self) -> None:
        for close in self._closers:
            await close()

    async def enrich(self, message: OutgoingMessage, links: tuple[str, ...], policy: Policy) -> Enrichment:
        results = _Results()
        started = time.monotonic()
        try:
            jobs = self._plan(message, links, policy, results, started)
            with anyio.move_on_after(policy.lookups.deadline_seconds):
                async with anyio.create_task_group() as tg:
                    for job in jobs:
                        tg.start_soon(_run, job, results)
            for job in jobs:
                if not job.done and job.report and job.what != "sender":
                    results.failures.append(LookupFailure(job.what, job.target, "timeout"))
        except Exception as exc:  # never let a lookup break a check; say nothing about content
            log.warning("lookups failed", extra={"error_type": type(exc).__name__})
        return Enrichment(groups=dict(results.groups), files=dict(results.files),
                          failures=tuple(results.failures), personal_addresses=results.personal)

    # --- planning -----------------------------------------------------------------------------

    def _plan(self, message: OutgoingMessage, links: tuple[str, ...], policy: Policy, results: _Results,
              started: float) -> list[_Job]:
        jobs: list[_Job] = []
        budget = policy.lookups.max_lookups
        for address, certain in self._addresses(message, policy):
            if len(jobs) >= budget:
                break
            jobs.append(self._list_job(address, certain, policy, results))
        for url in links:
            if len(jobs) >= budget:
                break
            job = self._link_job(url, message, policy, results, started)
            if job is not None:
                jobs.append(job)
        sender = self._sender_job(message, policy, results)
        if sender is not None and len(jobs) < budget:
            jobs.append(sender)
        return jobs

    def _sender_job(self, message: OutgoingMessage, policy: Policy, results: _Results) -> _Job | None:
        """The sender's personal addresses, when someone outside the district would receive the message."""
        sender = (message.caller.email or message.sender.email).strip().lower()
        staff = tuple(d.lower() for d in policy.district.domains)
        district = staff + tuple(d.lower() for d in policy.district.student_domains)
        local, _, domain = sender.rpartition("@")
        if not local or len(sender) > 254 or not _in(domain, staff):
            return None
        if not any(not _in(r.domain, district) for r in message.recipients):
            return None
        cache = self.cache.people
        graph, google = self.graph, self.google

        async def run() -> None:
            hit, cached = cache.get("person", sender)
            if hit and cached is not None:
                results.personal = cached
                return
            if graph is not None:
                found = await graph.personal_addresses(sender)
            else:
                assert google is not None
                found = await google.personal_addresses(sender)
            found = frozenset(a for a in found if not _in(a.rpartition("@")[2], district))
            cache.put("person", sender, found)
            results.personal = found

        return _Job("sender", sender, run, report=False)

    def _addresses(self, message: OutgoingMessage, policy: Policy) -> list[tuple[str, bool]]:
        if self.graph is None and self.google is None:
            return []
        district = tuple(d.lower() for d in policy.district.domains + policy.district.student_domains)
        protected = {normalise_list_name(n) for n in policy.audience.protected_lists}
        seen: dict[str, bool] = {}
        for r in message.recipients:
            if not any(r.domain == d or r.domain.endswith("." + d) for d in district):
                continue
            certain = (
                r.kind in ("list", "other")
                or normalise_list_name(r.local_part) in protected
                or reaches_families_or_students(r.local_part)
            )
            maybe = r.kind == "user" and message.client_app in _TYPE_LESS_CLIENTS
            if certain or maybe:
                address = r.email.lower()
                seen[address] = seen.get(address, False) or certain
        return sorted(seen.items(), key=lambda item: not item[1])  # certain lists first

    def _list_job(self, address: str, certain: bool, policy: Policy, results: _Results) -> _Job:
        staff = tuple(d.lower() for d in policy.district.domains)
        cache = self.cache.groups

        async def run() -> None:
            hit, cached = cache.get("group", address)
            if hit:
                group = cached
            elif self.graph is not None:
                group = await self.graph.group(address, staff)
                cache.put("group", address, group)
            else:
                assert self.google is not None
                group = await self.google.group(address, staff)
                cache.put("group", address, group)
            if group is not None:
                results.groups[address] = group

        return _Job("list", address, run, report=certain)

    def _link_job(self, url: str, message: OutgoingMessage, policy: Policy, results: _Results,
                  started: float) -> _Job | None:
        link = classify(url)
        if link.file_type in ("form", "page"):
            return None
        lookups = policy.lookups
        limit = min(lookups.download_bytes, policy.limits.attachment_bytes)
        hosts = tuple(lookups.download_hosts)
        fetch: Callable[[], Awaitable[Fetched]]
        if link.service == "sharepoint" and self.graph is not None:
            graph = self.graph
            assertion = assertion_of(message)

            async def fetch_graph() -> Fetched:
                return await graph.linked_file(url, limit, hosts, assertion)

            fetch = fetch_graph
        elif link.service == "google" and self.google is not None and is_published(url):

            async def fetch_published() -> Fetched:
                return PUBLISHED

            fetch = fetch_published
        elif link.service == "google" and self.google is not None:
            google = self.google
            file_id = drive_file_id(url)
            if file_id is None:
                return None
            subject = drive_subject(message, google)
            staff = tuple(d.lower() for d in policy.district.domains)

            async def fetch_google() -> Fetched:
                assert file_id is not None
                return await google.linked_file(file_id, subject, staff, limit, hosts)

            fetch = fetch_google
        else:
            return None  # personal OneDrive, Box, Dropbox: judged by the link alone (shared_link)

        # A file is cached for the identity it was read as: another caller may not see it.
        cache_key = f"{url}\0{lookup_identity(message, link.service, self.google)}"

        async def run() -> None:
            hit, cached = self.cache.files.get("file", cache_key)
            if hit and cached is not None:
                results.files[url] = cached
                return
            fetched = await fetch()
            linked = await _read(url, fetched, policy, started)
            self.cache.files.put("file", cache_key, linked)
            results.files[url] = linked

        return _Job("link", url, run)


def _in(domain: str, domains: tuple[str, ...]) -> bool:
    return any(domain == d or domain.endswith("." + d) for d in domains)


async def _run(job: _Job, results: _Results) -> None:
    try:
        await job.run()
    except Exception as exc:
        failed = _lookup_failed(exc)
        if failed is None:  # a bug or a surprise from a library: reported as "error", type only
            log.warning("lookup failed", extra={"what": job.what, "error_type": type(exc).__name__})
        if job.report and job.what != "sender":
            results.failures.append(LookupFailure(job.what, job.target, failed.reason if failed else "error"))
    job.done = True


def _lookup_failed(exc: BaseException) -> LookupFailed | None:
    """The LookupFailed behind an exception, looking inside task groups' exception groups."""
    if isinstance(exc, LookupFailed):
        return exc
    if isinstance(exc, BaseExceptionGroup):
        for inner in exc.exceptions:
            found = _lookup_failed(inner)
            if found is not None:
                return found
    return None


def assertion_of(message: OutgoingMessage) -> str:
    """The Outlook user's token, for on-behalf-of lookups; empty for every other caller."""
    return message.caller.assertion if message.caller.kind == "entra" else ""


def drive_subject(message: OutgoingMessage, google: GoogleClient) -> str:
    """Whom Drive lookups act as: the signed-in user their token names, never the body's sender.

    An Outlook or Gmail caller proved who they are; an API key did not (the body's `sender` is only
    what the caller wrote), so its lookups use the application's own identity, the admin subject."""
    if message.caller.kind in ("entra", "google") and message.caller.email:
        return message.caller.email.lower()
    return google.admin_subject


def lookup_identity(message: OutgoingMessage, service: str, google: GoogleClient | None) -> str:
    """The identity a linked file is read as, which keys its cache entry."""
    if service == "google" and google is not None:
        return "google:" + drive_subject(message, google)
    if assertion_of(message):
        return "entra:" + message.caller.subject
    return "app"


async def _read(url: str, fetched: Fetched, policy: Policy, started: float) -> LinkedFile:
    """Bytes -> Document with the attachment readers and limits, in a worker thread, by the deadline."""
    document: Document | None = None
    name = fetched.name or "linked file"
    if fetched.too_large:
        document = Document(name=name, source="link", url=url, unreadable=Unreadable("too_large"))
    elif fetched.content is not None:
        remaining = policy.lookups.deadline_seconds - (time.monotonic() - started)
        limit = max(0.05, min(policy.limits.read_seconds, remaining))
        ctx = ReadContext(limits=policy.limits, deadline=time.monotonic() + limit)
        content = fetched.content
        docs = await anyio.to_thread.run_sync(
            lambda: read_bytes(content, name, "", ctx, source="link"), abandon_on_cancel=True
        )
        document = _one(docs, name, url)
    return LinkedFile(url=url, name=fetched.name, size=fetched.size, file_type=fetched.file_type,
                      scope=fetched.scope, document=document)


def _one(docs: list[Document], name: str, url: str) -> Document | None:
    """One Document for the file: an archive's members are merged, the worst unreadable kept."""
    if not docs:
        return None
    if len(docs) == 1:
        return replace(docs[0], url=url)
    readable = [d for d in docs if d.unreadable is None]
    if not readable:
        return replace(docs[0], name=name, url=url)
    tables = tuple(t for d in readable for t in d.tables)
    text = "\n".join(d.text for d in readable if d.text)
    return Document(name=name, source="link", tables=tables, text=text, url=url)
