"""create_app(settings, policy) -> Starlette: routes, middleware, error handlers.

One error shape for everything: {"error": {"code", "message", "field"?}} with a 4xx status for bad
input. A 500 is a bug; its body says only that, and the log line carries no request content.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from backend.admin import console_mount
from backend.auth import Authenticator, TokenVerifier
from backend.capacity import CapacityMiddleware
from backend.engine import Engine, Enricher
from backend.errors import RequestError, error_body
from backend.extract.isolation import reader_lifespan
from backend.integrations import build_enricher, closing
from backend.platforms import PLATFORMS
from backend.policy import Policy, load_demo_policy, load_policy
from backend.roster.source import roster_source
from backend.routes import core_routes
from backend.settings import Settings
from backend.state import AppState
from backend.store import keeps_records
from backend.store.inflight import InFlightMiddleware
from backend.store.lifespan import memory_lifespan
from backend.store.memory import Memory

log = logging.getLogger("crossing_guard")


async def _request_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestError)
    headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
    return JSONResponse(exc.to_json(), status_code=exc.status, headers=headers)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
    return JSONResponse(error_body(code, str(exc.detail)), status_code=exc.status_code)


async def _server_error(request: Request, exc: Exception) -> Response:
    log.error("internal error: %s", type(exc).__name__)
    return JSONResponse(error_body("internal_error", "Something went wrong inside the service."), status_code=500)


def create_app(
    settings: Settings | None = None,
    policy: Policy | None = None,
    *,
    enricher: Enricher | None = None,
    verifiers: Sequence[TokenVerifier] = (),
) -> Starlette:
    settings = settings or Settings.from_env()
    if policy is None:
        policy = load_policy(settings.policy_path) if settings.policy_path else load_demo_policy()
    owned = None
    if enricher is None:  # Graph/Google lookups when their credentials are in the environment
        enricher = owned = build_enricher(settings, policy)
    state = AppState(
        settings=settings,
        policy=policy,
        engine=Engine(policy, enricher, roster_source(settings, policy)),
        auth=Authenticator(settings.api_keys, [*verifiers, *(v for p in PLATFORMS for v in p.verifiers(policy))]),
        memory=Memory(settings, policy) if keeps_records(settings) else None,
    )
    console, console_lifespan = console_mount(settings, policy)
    app = Starlette(
        routes=core_routes() + [r for p in PLATFORMS for r in p.routes(settings, policy)] + [console],
        lifespan=reader_lifespan(
            state.engine, policy.capacity,
            console_lifespan(memory_lifespan(state.engine, state.memory, closing(owned))),
        ),
        middleware=[
            *([Middleware(InFlightMiddleware, memory=state.memory)] if state.memory is not None else []),
            *(m for p in PLATFORMS for m in p.middleware(settings)),
            Middleware(CapacityMiddleware, capacity=policy.capacity, limits=policy.limits),
        ],
        exception_handlers={
            RequestError: _request_error,
            HTTPException: _http_error,
            Exception: _server_error,
        },
    )
    app.state.cg = state
    return app
