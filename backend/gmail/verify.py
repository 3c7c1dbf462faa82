"""Is this request really from Google, for this endpoint, on behalf of this district's add-on?

Google signs every call to an HTTP add-on with an OpenID Connect ID token in `Authorization: Bearer`,
issued to the add-on's own service account (`service-<project number>@gcp-sa-gsuiteaddons...`) with
the endpoint's URL as the audience. The token is checked here against Google's published keys:

- signature (RS256 only) by a key from `gmail.certs_url`, fetched with httpx and cached for the
  lifetime Google's `Cache-Control` gives (at least a minute, at most a day); an unknown key id
  refetches once, no more than once a minute, so forged key ids cannot hammer Google;
- issuer `accounts.google.com` or `https://accounts.google.com`;
- audience exactly `gmail.endpoint_base` + the endpoint's path (never read from the request's Host);
- expiry and issue time, with a small allowance for clock skew;
- `email` equal to `gmail.service_account`.

That is what Google's own samples check of these tokens (the audience, and that the email is the
add-on's service account), and the same for every endpoint: the trigger, the homepage and the
button callbacks all arrive with a token of this shape. Other claims (`email_verified`, `azp`, `sub`)
are not required: a service account's tokens carry no promise about them.

Anything else is `AuthError` (401) and no card. The reason is logged as a short code; the token and
its claims never are.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import cachetools
import httpx
import jwt

from backend.errors import AuthError
from backend.models import Caller

log = logging.getLogger("crossing_guard.gmail")

ISSUERS = ("accounts.google.com", "https://accounts.google.com")
ALGORITHMS = ["RS256"]
LEEWAY_SECONDS = 30
MIN_KEYS_TTL = 60
MAX_KEYS_TTL = 86_400
DEFAULT_KEYS_TTL = 3_600
REFETCH_INTERVAL = 60
KEYS_TIMEOUT = 3.0
_MAX_AGE = re.compile(r"max-age=(\d+)")


class VerificationFailed(AuthError):
    """A 401 whose `reason` is a short code for the log, never shown to the caller."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


@dataclass(frozen=True)
class _KeySet:
    keys: Mapping[str, jwt.PyJWK]
    ttl: float
    fetched_at: float


def _ttu(_key: str, value: _KeySet, now: float) -> float:
    return now + value.ttl


class GoogleKeys:
    """Google's signing keys, fetched over HTTPS and kept as long as Google says they stay valid."""

    def __init__(self, certs_url: str) -> None:
        self.certs_url = certs_url
        self._cache: cachetools.TLRUCache[str, _KeySet] = cachetools.TLRUCache(
            maxsize=1, ttu=_ttu, timer=time.monotonic
        )
        self._lock = asyncio.Lock()
        self._last_fetch = -float("inf")
        self.fetches = 0

    async def key(self, kid: str) -> jwt.PyJWK:
        async with self._lock:
            keyset = self._cache.get(self.certs_url)
            if keyset is None or (kid not in keyset.keys and time.monotonic() - self._last_fetch >= REFETCH_INTERVAL):
                keyset = await self._fetch()
                self._cache[self.certs_url] = keyset
        found = keyset.keys.get(kid)
        if found is None:
            raise VerificationFailed("unknown_key")
        return found

    async def _fetch(self) -> _KeySet:
        self._last_fetch = time.monotonic()
        self.fetches += 1
        try:
            async with httpx.AsyncClient(timeout=KEYS_TIMEOUT, follow_redirects=False) as client:
                response = await client.get(self.certs_url, headers={"Accept": "application/json"})
            response.raise_for_status()
            document = response.json()
        except (httpx.HTTPError, ValueError):
            raise VerificationFailed("keys_unavailable") from None
        keys: dict[str, jwt.PyJWK] = {}
        for entry in document.get("keys", []) if isinstance(document, dict) else []:
            if not isinstance(entry, dict) or entry.get("kty") != "RSA" or not isinstance(entry.get("kid"), str):
                continue
            try:
                keys[entry["kid"]] = jwt.PyJWK(entry, algorithm="RS256")
            except jwt.PyJWTError:
                continue
        if not keys:
            raise VerificationFailed("keys_unavailable")
        return _KeySet(keys, _ttl(response.headers.get("cache-control", "")), time.monotonic())


def _ttl(cache_control: str) -> float:
    match = _MAX_AGE.search(cache_control)
    if match is None:
        return DEFAULT_KEYS_TTL
    return float(min(MAX_KEYS_TTL, max(MIN_KEYS_TTL, int(match.group(1)))))


class GoogleRequestVerifier:
    """Checks the bearer ID token of one add-on request for one endpoint's audience."""

    def __init__(self, service_account: str, keys: GoogleKeys) -> None:
        self.service_account = service_account.strip().lower()
        self.keys = keys

    async def verify(self, token: str | None, audience: str) -> Caller:
        try:
            return await self._verify(token, audience)
        except VerificationFailed as exc:
            log.warning("gmail request refused: %s", exc.reason)
            raise

    async def _verify(self, token: str | None, audience: str) -> Caller:
        if not self.service_account or not audience.startswith(("https://", "http://")):
            raise VerificationFailed("not_configured")
        if not token:
            raise VerificationFailed("no_token")
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError:
            raise VerificationFailed("malformed") from None
        kid = header.get("kid")
        if header.get("alg") not in ALGORITHMS or not isinstance(kid, str):
            raise VerificationFailed("bad_algorithm")
        key = await self.keys.key(kid)
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                key=key,
                algorithms=ALGORITHMS,
                audience=audience,
                issuer=ISSUERS,
                leeway=LEEWAY_SECONDS,
                options={"require": ["exp", "iat", "iss", "aud", "email"]},
            )
        except jwt.ExpiredSignatureError:
            raise VerificationFailed("expired") from None
        except jwt.InvalidAudienceError:
            raise VerificationFailed("wrong_audience") from None
        except jwt.InvalidIssuerError:
            raise VerificationFailed("wrong_issuer") from None
        except jwt.PyJWTError:
            raise VerificationFailed("invalid") from None
        email = claims.get("email")
        if not isinstance(email, str) or email.strip().lower() != self.service_account:
            raise VerificationFailed("wrong_account")
        return Caller(kind="google", subject=str(claims.get("sub", "")))
