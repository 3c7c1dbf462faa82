"""CORS for the Outlook add-in, and for nothing else.

The add-in's pages and its Send handler are served by this service, so the only origin that may
call it from a browser is the service's own: CROSSING_GUARD_PUBLIC_URL. An origin built from the
request's Host header is never trusted when a public URL is set (a forged Host, or DNS pointed at
the service, would make any page "the service's own"); without one (trying the service on a
workstation) the request's own origin is accepted only when its host is this machine's loopback
name. Classic Outlook on Windows sends that origin with a trailing slash
(`https://guard.district.example/`), so both spellings are accepted and echoed back as sent.
Requests from any other origin get no CORS headers (the browser then refuses the answer), and
their preflights get a 403.
"""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backend.errors import error_body

ALLOW_METHODS = "GET, POST, OPTIONS"
ALLOW_HEADERS = "Authorization, Content-Type"
MAX_AGE = "600"


def normalize_origin(origin: str) -> str:
    return origin.strip().rstrip("/").lower()


LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "[::1]"})


def own_origin(scope: Scope, headers: Headers) -> str:
    """The origin this request was addressed to (scheme and Host header), when that host is loopback."""
    host = headers.get("host", "")
    name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
    if name.lower() not in LOOPBACK_HOSTS:
        return ""
    return f"{scope.get('scheme', 'http')}://{host}"


class OutlookCORSMiddleware:
    def __init__(self, app: ASGIApp, public_url: str = "") -> None:
        self.app = app
        self.public_origin = normalize_origin(public_url) if public_url else ""

    def allowed(self, origin: str, scope: Scope, headers: Headers) -> bool:
        wanted = normalize_origin(origin)
        if not wanted or wanted == "null":
            return False
        if self.public_origin:
            return wanted == self.public_origin
        return wanted == normalize_origin(own_origin(scope, headers)) != ""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        origin = headers.get("origin")
        if origin is None:
            await self.app(scope, receive, send)
            return
        allowed = self.allowed(origin, scope, headers)
        if scope["method"] == "OPTIONS" and "access-control-request-method" in headers:
            response: Response
            if not allowed:
                response = JSONResponse(
                    error_body("cors_origin", "This origin may not call the service."), status_code=403
                )
            else:
                response = PlainTextResponse("", status_code=204, headers=self._headers(origin, preflight=True))
            await response(scope, receive, send)
            return
        if not allowed:
            await self.app(scope, receive, send)
            return

        async def send_with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                raw = list(message.get("headers", []))
                raw.extend((k.lower().encode("latin-1"), v.encode("latin-1"))
                           for k, v in self._headers(origin, preflight=False).items())
                message = {**message, "headers": raw}
            await send(message)

        await self.app(scope, receive, send_with_cors)

    @staticmethod
    def _headers(origin: str, *, preflight: bool) -> dict[str, str]:
        headers = {"Access-Control-Allow-Origin": origin, "Vary": "Origin"}
        if preflight:
            headers.update({
                "Access-Control-Allow-Methods": ALLOW_METHODS,
                "Access-Control-Allow-Headers": ALLOW_HEADERS,
                "Access-Control-Max-Age": MAX_AGE,
            })
        return headers
