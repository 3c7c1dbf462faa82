"""Thin endpoints: parse -> engine -> JSON."""

from __future__ import annotations

from importlib import resources

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from backend import __version__
from backend.errors import PayloadTooLarge, RequestError
from backend.openapi import OPENAPI
from backend.request import parse_json, parse_message
from backend.response import verdict_json
from backend.state import AppState
from backend.store.memory import StoreUnavailable
from backend.store.records import caller_id
from backend.store.write import CLIENT_OUTCOMES


async def read_body(request: Request, limit: int) -> bytes:
    """Read at most `limit` bytes; stop and answer 413 as soon as the body is larger."""
    declared = request.headers.get("content-length")
    if declared is not None:
        try:
            if int(declared) > limit:
                raise PayloadTooLarge(limit)
        except ValueError:
            raise RequestError("invalid_header", "Content-Length is not a number.") from None
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise PayloadTooLarge(limit)
        chunks.append(chunk)
    return b"".join(chunks)


async def check(request: Request) -> Response:
    state: AppState = request.app.state.cg
    caller = await state.auth.authenticate(request, allow_loopback=state.settings.demo_access)
    content_type = request.headers.get("content-type", "application/json").split(";")[0].strip().lower()
    if content_type not in ("application/json", ""):
        raise RequestError("unsupported_media_type", "Send the check as application/json.", status=415)
    raw = await read_body(request, state.policy.limits.request_bytes)
    data = parse_json(raw, state.policy.limits)
    message = parse_message(data, state.policy.limits, caller)
    if caller.kind == "loopback" and message.client_app != "demo":
        raise RequestError("unauthorized", "A valid credential is required.", status=401)
    verdict = await state.engine.check(message)
    earlier = data.get("recheck_of")
    if state.memory is not None and isinstance(earlier, str) and earlier:
        state.memory.recheck(earlier[:64], message)
    return JSONResponse(verdict_json(verdict))


async def outcome(request: Request) -> Response:
    """What happened next, reported by the client that made the check (only that caller may)."""
    state: AppState = request.app.state.cg
    caller = await state.auth.authenticate(request, allow_loopback=state.settings.demo_access)
    check_id = request.path_params["check_id"]
    data = parse_json(await read_body(request, 4096), state.policy.limits)
    value = data.get("outcome")
    if value not in CLIENT_OUTCOMES:
        raise RequestError("invalid_outcome", "`outcome` must be sent_anyway, fixed or cancelled.", "outcome")
    unknown = sorted(set(data) - {"outcome"})
    if unknown:
        raise RequestError("unknown_field", f"`{unknown[0]}` is not a field of an outcome.", unknown[0])
    if state.memory is None:
        raise RequestError("not_found", "This service keeps no check records.", status=404)
    try:
        owner = await state.memory.owner(check_id)
    except StoreUnavailable:
        raise RequestError("store_unavailable", "Check records cannot be reached just now; try again.",
                           status=503) from None
    if owner is None or owner != caller_id(caller):
        raise RequestError("not_found", "No check of yours has that check id.", status=404)
    state.memory.outcome(check_id, str(value), owner)
    return JSONResponse({"check_id": check_id, "outcome": value}, status_code=202)


async def healthz(request: Request) -> Response:
    state: AppState = request.app.state.cg
    store = "off" if state.memory is None else state.memory.health
    body = {"status": "ok", "version": __version__, "district": state.policy.district.name, "store": store}
    return JSONResponse(body)


async def openapi(request: Request) -> Response:
    return JSONResponse(OPENAPI)


async def demo(request: Request) -> Response:
    page = resources.files("backend").joinpath("static/demo.html").read_text("utf-8")
    return HTMLResponse(page)


def core_routes() -> list[BaseRoute]:
    return [
        Route("/v1/check", check, methods=["POST"]),
        Route("/v1/checks/{check_id}/outcome", outcome, methods=["POST"]),
        Route("/healthz", healthz, methods=["GET"]),
        Route("/openapi.json", openapi, methods=["GET"]),
        Route("/demo", demo, methods=["GET"]),
        Mount("/static", app=StaticFiles(packages=[("backend", "static")]), name="static"),
    ]
