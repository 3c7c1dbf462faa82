"""The IT console at `/admin`: what was warned and blocked, trends, one check, the incident export, the breaker.

`console_mount(settings, policy)` declares it to the app factory as one `Mount` and a lifespan: the
console opens the store (`backend.store.open_store`) once when the app starts and closes it at
shutdown (a database that is down then is opened on a later request, see `records`); a console
that is off opens nothing. Pages are server-rendered HTML (Jinja2, every value
escaped, no script, no external asset); scripts read the same data as JSON and CSV with an admin key.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

import httpx
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.routing import Mount, Route

from backend.admin.config import ConsoleConfig
from backend.admin.records import Records
from backend.admin.views import Console
from backend.integrations.http import tls_context
from backend.policy import Policy
from backend.settings import Settings

Lifespan = Callable[[object], AbstractAsyncContextManager[None]]
TIMEOUT_SECONDS = 10.0


def build_console(settings: Settings, policy: Policy) -> Console:
    config = ConsoleConfig.build(settings, policy)
    client = None
    if config.signin:
        client = httpx.Client(verify=tls_context(config.ca_file), timeout=TIMEOUT_SECONDS,
                              follow_redirects=False, trust_env=False)
    return Console(config, Records(settings), client)


def routes(console: Console) -> list[Route]:
    if not console.config.enabled:
        return [Route("/console.css", console.stylesheet), Route("/", console.off), Route("/{rest:path}", console.off)]
    page, data = console.for_people, console.for_scripts
    return [
        Route("/", page(console.recent_page)),
        Route("/trends", page(console.trends_page)),
        Route("/checks/{check_id}", page(console.check_page)),
        Route("/export", page(console.export_page)),
        Route("/export.csv", data(console.export_csv)),
        Route("/breakers", page(console.breakers_page)),
        Route("/breakers/reset", page(console.breaker_reset), methods=["POST"]),
        Route("/api/checks", data(console.recent_json)),
        Route("/api/checks/{check_id}", data(console.check_json)),
        Route("/api/trends", data(console.trends_json)),
        Route("/api/breakers", data(console.breakers_json)),
        Route("/signin", console.auth.signin),
        Route("/signin/callback", console.auth.callback, name="admin_callback"),
        Route("/signin/{provider}", console.auth.start),
        Route("/signout", console.auth.signout, methods=["POST"]),
        Route("/console.css", console.stylesheet),
    ]


def console_mount(settings: Settings, policy: Policy) -> tuple[Mount, Callable[[Lifespan], Lifespan]]:
    """The console's Mount, and a wrapper that adds its store to the app's lifespan."""
    console = build_console(settings, policy)
    config = console.config
    mount = Mount("/admin", routes=routes(console), middleware=[Middleware(
        SessionMiddleware, secret_key=config.session_secret, session_cookie="cg_admin",
        max_age=config.admin.session_minutes * 60, path="/admin", same_site="lax", https_only=config.https,
    )])

    def wrap(inner: Lifespan) -> Lifespan:
        @asynccontextmanager
        async def lifespan(app: object) -> AsyncIterator[None]:
            # A deployment's console opens the store now; the demo's waits for its first page, so
            # starting the demo creates no database of the console's own.
            if config.signin or config.api_keys:
                await run_in_threadpool(console.records.open)
            try:
                async with inner(app):
                    yield
            finally:
                console.records.close()
                if console.client is not None:
                    console.client.close()

        return lifespan

    return mount, wrap


__all__ = ["Console", "ConsoleConfig", "console_mount"]
