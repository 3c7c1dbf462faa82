"""Small request helpers of the console: its forms, where to go after signing in, rows as JSON."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import parse_qsl, quote, urlsplit

from starlette.requests import Request

from backend.errors import RequestError

MAX_FORM_BYTES = 4096


async def form(request: Request) -> dict[str, str]:
    """The console's two small forms, urlencoded; no multipart parser is needed for a key and a token."""
    body = await request.body()
    if len(body) > MAX_FORM_BYTES:
        raise RequestError("bad_form", "The form is larger than this console accepts.")
    try:
        return dict(parse_qsl(body.decode("utf-8", errors="replace"), max_num_fields=8))
    except ValueError:
        raise RequestError("bad_form", "The form has more fields than this console accepts.") from None


def here(request: Request) -> str:
    """This request's path and query, quoted for a `next` parameter."""
    path = request.url.path + ("?" + request.url.query if request.url.query else "")
    return quote(path, safe="/")


def safe_next(value: str) -> str:
    """Only a path inside the console: never another site after signing in."""
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or not value.startswith("/admin") or value.startswith("//"):
        return "/admin/"
    return value


def as_json(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, datetime) else v for k, v in row.items()}
