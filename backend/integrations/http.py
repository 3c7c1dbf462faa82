"""HTTP for the lookups: TLS, connection limits, bounded downloads and the redirect allow-list.

The service never fetches a URL taken from a message. Requests go only to the configured API bases
(the link travels as data: an encoded share id or a Drive file id). The one place a URL comes from
somewhere else is a download redirect from Graph or Drive; it is followed only over https to a host
on `lookups.download_hosts`, and without the API's Authorization header.
"""

from __future__ import annotations

import logging
import ssl
from collections.abc import Iterable, Mapping
from urllib.parse import urlsplit

import httpx

from backend.integrations.errors import LookupFailed, for_status, from_httpx

MAX_REDIRECTS = 3
CONNECTIONS_PER_HOST = 10


class _RedactURLs(logging.Filter):
    """httpx logs each request's full URL at INFO. Ours carry share ids (a sharing link, encoded),
    Drive file ids and list addresses, so the line keeps only the scheme and host."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and len(record.args) >= 2:
            args = list(record.args)
            url = args[1]
            if isinstance(url, httpx.URL | str):
                parts = urlsplit(str(url))
                args[1] = f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}/…"
                record.args = tuple(args)
        return True


logging.getLogger("httpx").addFilter(_RedactURLs())


def tls_context(ca_file: str | None) -> ssl.SSLContext:
    """The system's trust store, plus the extra CA bundle a district may configure."""
    ctx = ssl.create_default_context()
    if ca_file:
        ctx.load_verify_locations(cafile=ca_file)
    return ctx


def async_client(tls: ssl.SSLContext, timeout: float) -> httpx.AsyncClient:
    """One client per API (Graph, Google): its pool limits are the per-host connection limits."""
    return httpx.AsyncClient(
        verify=tls,
        timeout=httpx.Timeout(timeout),
        limits=httpx.Limits(max_connections=CONNECTIONS_PER_HOST, max_keepalive_connections=CONNECTIONS_PER_HOST),
        follow_redirects=False,
        trust_env=False,
        headers={"User-Agent": "crossing-guard"},
    )


def host_allowed(url: str, patterns: Iterable[str]) -> bool:
    """https on port 443 only; `*.name` matches subdomains of name, anything else matches exactly.

    A pattern may name another port (`host:8443`); without one, a redirect to any port but 443 is
    refused, so an allowed name cannot be used to reach another service on the same host."""
    try:
        parts = urlsplit(url)
        port = parts.port or 443
    except ValueError:
        return False
    host = (parts.hostname or "").lower().rstrip(".")
    if parts.scheme != "https" or not host or parts.username or parts.password:
        return False
    for pattern in (p.lower().strip() for p in patterns):
        name, _, wanted = pattern.partition(":")
        if port != (int(wanted) if wanted.isdigit() else 443):
            continue
        pattern = name
        if pattern.startswith("*."):
            if host.endswith(pattern[1:]) and len(host) > len(pattern) - 1:
                return True
        elif host == pattern:
            return True
    return False


async def get_json(client: httpx.AsyncClient, url: str, headers: Mapping[str, str],
                   params: Mapping[str, str] | None = None) -> dict[str, object]:
    try:
        response = await client.get(url, headers=dict(headers), params=params)
    except httpx.HTTPError as exc:
        raise from_httpx(exc) from None
    if response.status_code != 200:
        raise for_status(response.status_code)
    try:
        data = response.json()
    except ValueError:
        raise LookupFailed("error") from None
    if not isinstance(data, dict):
        raise LookupFailed("error")
    return data


async def get_count(client: httpx.AsyncClient, url: str, headers: Mapping[str, str],
                    params: Mapping[str, str] | None = None) -> int:
    """A `$count` answer: a bare integer as text/plain."""
    try:
        response = await client.get(url, headers=dict(headers), params=params)
    except httpx.HTTPError as exc:
        raise from_httpx(exc) from None
    if response.status_code != 200:
        raise for_status(response.status_code)
    text = response.text.strip().lstrip("\ufeff")
    if not text.isdigit() or len(text) > 12:
        raise LookupFailed("error")
    return int(text)


async def download(
    client: httpx.AsyncClient,
    url: str,
    headers: Mapping[str, str],
    limit: int,
    redirect_hosts: Iterable[str],
) -> bytes | None:
    """GET the content at an API URL, following redirects only to allowed hosts.

    Returns None when the content is larger than `limit` (stopped as soon as it is); raises
    LookupFailed otherwise. Bytes stay in memory, are never written anywhere, and are returned to be
    read once.
    """
    allowed = tuple(redirect_hosts)
    send_headers = dict(headers)
    for _ in range(MAX_REDIRECTS + 1):
        try:
            async with client.stream("GET", url, headers=send_headers) as response:
                if response.is_redirect:
                    location = response.headers.get("location", "")
                    target = str(response.url.join(location)) if location else ""
                    if not target or not host_allowed(target, allowed):
                        raise LookupFailed("denied")
                    url = target
                    send_headers = {}  # pre-authenticated download URL: never forward the API token
                    continue
                if response.status_code != 200:
                    raise for_status(response.status_code)
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > limit:
                    return None
                chunks: list[bytes] = []
                size = 0
                async for chunk in response.aiter_bytes():
                    size += len(chunk)
                    if size > limit:
                        return None
                    chunks.append(chunk)
                return b"".join(chunks)
        except httpx.HTTPError as exc:
            raise from_httpx(exc) from None
    raise LookupFailed("error")
