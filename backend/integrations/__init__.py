"""Microsoft Graph and Google lookups: list sizes, sharing scope and linked file content.

`build_enricher(settings, policy)` returns a `LookupEnricher` when lookup credentials are set in the
environment (see `secrets.ENV`), or None when they are not: the service then judges links and lists
by what the message alone shows. Integrations never decide; they only find facts for the detectors.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

from backend.integrations import http
from backend.integrations.cache import LookupCache
from backend.integrations.enricher import LookupEnricher
from backend.integrations.google import GoogleClient
from backend.integrations.graph import GraphClient
from backend.integrations.secrets import ENV, Credentials, load_credentials
from backend.policy import Policy
from backend.settings import Settings


def build_enricher(settings: Settings, policy: Policy) -> LookupEnricher | None:
    return enricher_for(load_credentials(settings.extra), policy)


def enricher_for(creds: Credentials, policy: Policy) -> LookupEnricher | None:
    if not creds.any:
        return None
    lookups = policy.lookups
    tls = http.tls_context(creds.ca_file)
    timeout = max(lookups.deadline_seconds, 1.0)
    closers: list[Callable[[], Awaitable[None]]] = []
    graph = google = None
    if creds.graph is not None:
        client = http.async_client(tls, timeout)
        graph = GraphClient(creds.graph, lookups, tls, client)
        closers += [graph.aclose, client.aclose]
    if creds.google is not None:
        client = http.async_client(tls, timeout)
        google = GoogleClient(creds.google, lookups, client)
        closers += [google.aclose, client.aclose]
    cache = LookupCache(lookups.group_ttl_seconds, lookups.file_ttl_seconds)
    return LookupEnricher(graph, google, cache, tuple(closers))


def closing(enricher: LookupEnricher | None) -> Callable[[object], AbstractAsyncContextManager[None]]:
    """A Starlette lifespan that closes the enricher's HTTP clients at shutdown."""

    @asynccontextmanager
    async def lifespan(app: object) -> AsyncIterator[None]:
        try:
            yield
        finally:
            if enricher is not None:
                await enricher.aclose()

    return lifespan


__all__ = ["ENV", "LookupEnricher", "build_enricher", "closing", "enricher_for"]
