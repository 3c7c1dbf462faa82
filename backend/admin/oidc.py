"""OpenID Connect ID tokens: discovery documents, signing keys and the checks every sign-in makes.

Both sign-ins (Entra ID and Google) end with an ID token. It is accepted only when it is signed with
RS256 by a key the issuer publishes at its discovery document's `jwks_uri`, names this console's
client as its audience, comes from the expected issuer, has not expired, and carries the nonce this
browser's sign-in started with. Keys are fetched once and again when a token names an unknown key
id (providers rotate keys), at most every few minutes. Errors carry a reason, never a claim's value.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import httpx
import jwt

from backend.outlook.entra import parse_keys

LEEWAY_SECONDS = 60
REFETCH_SECONDS = 300.0


class SignInError(Exception):
    """A sign-in that did not prove who the person is; `reason` is a short code for the log."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def get_json(client: httpx.Client, url: str) -> dict[str, Any]:
    try:
        response = client.get(url)
        response.raise_for_status()
        document = response.json()
    except (httpx.HTTPError, ValueError):
        raise SignInError("provider_unreachable") from None
    if not isinstance(document, dict):
        raise SignInError("provider_garbage")
    return document


class SigningKeys:
    """The keys at one `jwks_uri`, refetched for an unknown key id at most every `REFETCH_SECONDS`."""

    def __init__(self, client: httpx.Client, url: str) -> None:
        self._client, self._url = client, url
        self._keys: dict[str, Any] = {}
        self._fetched_at: float | None = None
        self._lock = threading.Lock()

    def key(self, kid: str) -> Any:
        with self._lock:
            if kid not in self._keys and (
                self._fetched_at is None or time.monotonic() - self._fetched_at > REFETCH_SECONDS
            ):
                self._fetched_at = time.monotonic()
                self._keys = parse_keys(get_json(self._client, self._url))
            return self._keys.get(kid)


def verify_id_token(
    token: str, keys: SigningKeys, *, audience: str, issuers: tuple[str, ...], nonce: str
) -> dict[str, Any]:
    """The claims of a valid ID token, or SignInError."""
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError:
        raise SignInError("id_token_malformed") from None
    if header.get("alg") != "RS256":
        raise SignInError("id_token_algorithm")
    kid = header.get("kid")
    key = keys.key(kid) if isinstance(kid, str) and kid else None
    if key is None:
        raise SignInError("id_token_unknown_key")
    try:
        claims: dict[str, Any] = jwt.decode(
            token, key, algorithms=["RS256"], audience=audience, leeway=LEEWAY_SECONDS,
            options={"require": ["exp", "iat", "iss", "aud", "sub"]},
        )
    except jwt.ExpiredSignatureError:
        raise SignInError("id_token_expired") from None
    except jwt.InvalidAudienceError:
        raise SignInError("id_token_audience") from None
    except jwt.PyJWTError:
        raise SignInError("id_token_invalid") from None
    if claims.get("iss") not in issuers:
        raise SignInError("id_token_issuer")
    if not nonce or claims.get("nonce") != nonce:
        raise SignInError("id_token_nonce")
    return claims
