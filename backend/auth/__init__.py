"""Who is calling: API keys (automations), Entra ID tokens (Outlook), the loopback demo.

A bearer credential is tried as an API key first, then by each token verifier in turn (Entra ID for
the Outlook add-in). Google-signed requests reach only the Gmail add-on's own endpoints, which verify
them there. No valid credential: 401, and the response never says which part failed.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
from collections.abc import Sequence
from typing import Protocol

from starlette.requests import Request

from backend.errors import AuthError
from backend.models import Caller


class TokenVerifier(Protocol):
    def accepts(self, token: str) -> bool:
        """Cheap check: does this token look like one this verifier handles (issuer, shape)?"""

    async def verify(self, token: str) -> Caller:
        """Return the caller or raise AuthError."""


def is_loopback(request: Request) -> bool:
    """The peer is this machine and no proxy forwarded the request on someone else's behalf."""
    if request.client is None:
        return False
    if any(h in request.headers for h in ("x-forwarded-for", "forwarded", "x-real-ip")):
        return False
    try:
        return ipaddress.ip_address(request.client.host).is_loopback
    except ValueError:
        return False


def bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, credential = header.partition(" ")
    if scheme.lower() != "bearer" or not credential.strip():
        return None
    return credential.strip()


class Authenticator:
    def __init__(self, api_keys: frozenset[str], verifiers: Sequence[TokenVerifier] = ()) -> None:
        self._keys = tuple(k.encode() for k in api_keys)
        self.verifiers = list(verifiers)

    def api_key(self, credential: str) -> Caller | None:
        """The automation an API key belongs to, or None (also used by the gateway's SMTP AUTH)."""
        return self._api_key(credential)

    def _api_key(self, credential: str) -> Caller | None:
        given = credential.encode()
        for key in self._keys:
            if hmac.compare_digest(given, key):
                return Caller(kind="api_key", subject="key:" + hashlib.sha256(key).hexdigest()[:8])
        return None

    async def authenticate(self, request: Request, *, allow_loopback: bool = False) -> Caller:
        credential = bearer(request)
        if credential is None:
            if allow_loopback and is_loopback(request):
                return Caller(kind="loopback")
            raise AuthError()
        caller = self._api_key(credential)
        if caller is not None:
            return caller
        for verifier in self.verifiers:
            if verifier.accepts(credential):
                return await verifier.verify(credential)
        raise AuthError()
