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
    return JSONResponse(verdict_json(verdict))


async def healthz(request: Request) -> Response:
    state: AppState = request.app.state.cg
    return JSONResponse({"status": "ok", "version": __version__, "district": state.policy.district.name})


async def openapi(request: Request) -> Response:
    return JSONResponse(OPENAPI)


async def demo(request: Request) -> Response:
    page = resources.files("backend").joinpath("static/demo.html").read_text("utf-8")
    return HTMLResponse(page)


def core_routes() -> list[BaseRoute]:
    return [
        Route("/v1/check", check, methods=["POST"]),
        Route("/healthz", healthz, methods=["GET"]),
        Route("/openapi.json", openapi, methods=["GET"]),
        Route("/demo", demo, methods=["GET"]),
        Mount("/static", app=StaticFiles(packages=[("backend", "static")]), name="static"),
    ]
