"""Entra ID v2 access tokens from the Outlook add-in -> Caller(kind="entra").

A token is accepted only if all of these hold:

- it is a JWS signed with RS256 (never `none`, never HMAC) by a key the tenant publishes at
  `{authority}/{tid}/discovery/v2.0/keys`;
- its `tid` is one of the policy's tenants, and its issuer is `{authority}/{tid}/v2.0`;
- its `aud` is the policy's audience or client id; it has not expired (60 s leeway);
- its `scp` holds the policy's scope.

Keys are fetched with httpx and cached per tenant. A token signed with a key id the cache does not
know triggers one refetch (Entra rotates keys), at most once per `refresh_interval` per tenant, so a
stream of forged key ids cannot make the service hammer Entra. The tenant is checked before any
fetch, so a token naming someone else's tenant never causes one.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

import httpx
import jwt
from cachetools import TTLCache

from backend.errors import AuthError, PolicyError
from backend.models import Caller
from backend.policy.schema import Outlook

log = logging.getLogger("crossing_guard.entra")

ALGORITHMS = ["RS256"]
LEEWAY_SECONDS = 60
KEYS_TTL_SECONDS = 24 * 3600
REFRESH_INTERVAL_SECONDS = 300.0
FAILED_FETCH_RETRY_SECONDS = 10.0
FETCH_TIMEOUT_SECONDS = 3.0

Keys = dict[str, Any]


class EntraVerifier:
    """Implements backend.auth.TokenVerifier for Entra ID v2 access tokens."""

    def __init__(
        self,
        config: Outlook,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        refresh_interval: float = REFRESH_INTERVAL_SECONDS,
    ) -> None:
        if not config.tenant_ids:
            raise PolicyError("policy", "outlook.tenant_ids", "must list at least one tenant to accept Entra tokens")
        audiences = [a for a in (config.audience, config.client_id) if a]
        if not audiences:
            raise PolicyError("policy", "outlook.client_id", "is required when outlook.tenant_ids is set")
        self.config = config
        self.authority = config.authority_host.rstrip("/")
        self.audiences = audiences
        self.tenants = frozenset(t.lower() for t in config.tenant_ids)
        self.refresh_interval = refresh_interval
        self._transport = transport
        self._keys: TTLCache[str, Keys] = TTLCache(maxsize=64, ttl=KEYS_TTL_SECONDS)
        self._refreshed_at: dict[str, float] = {}
        self._failed_at: dict[str, float] = {}
        self._locks: dict[str, asyncio.Lock] = {}
        self.fetches = 0

    def issuer(self, tenant: str) -> str:
        return f"{self.authority}/{tenant}/v2.0"

    def keys_url(self, tenant: str) -> str:
        return f"{self.authority}/{tenant}/discovery/v2.0/keys"

    def accepts(self, token: str) -> bool:
        """A JWT whose (unverified) issuer is this authority: Entra's to judge, and to refuse."""
        try:
            claims = jwt.decode(token, options={"verify_signature": False})
        except jwt.PyJWTError:
            return False
        issuer = claims.get("iss")
        return isinstance(issuer, str) and issuer.startswith(self.authority + "/")

    async def verify(self, token: str) -> Caller:
        try:
            header = jwt.get_unverified_header(token)
            unverified = jwt.decode(token, options={"verify_signature": False})
        except jwt.PyJWTError:
            raise self._reject("malformed") from None
        if header.get("alg") not in ALGORITHMS:
            raise self._reject("algorithm")
        kid = header.get("kid")
        tenant = str(unverified.get("tid", "")).lower()
        if not isinstance(kid, str) or not kid:
            raise self._reject("no_kid")
        if tenant not in self.tenants:
            raise self._reject("tenant")
        key = await self._key(tenant, kid)
        if key is None:
            raise self._reject("unknown_kid")
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                key,
                algorithms=ALGORITHMS,
                audience=self.audiences,
                issuer=self.issuer(tenant),
                leeway=LEEWAY_SECONDS,
                options={"require": ["exp", "iss", "aud", "tid"]},
            )
        except jwt.ExpiredSignatureError:
            raise self._reject("expired") from None
        except jwt.InvalidAudienceError:
            raise self._reject("audience") from None
        except jwt.InvalidIssuerError:
            raise self._reject("issuer") from None
        except jwt.PyJWTError:
            raise self._reject("invalid") from None
        if str(claims.get("tid", "")).lower() != tenant:
            raise self._reject("tenant")
        if self.config.scope not in str(claims.get("scp", "")).split():
            raise self._reject("scope")
        email = claims.get("preferred_username") or claims.get("upn") or claims.get("email") or ""
        subject = claims.get("oid") or claims.get("sub") or ""
        return Caller(kind="entra", subject=str(subject), email=str(email).lower(), tenant=tenant, assertion=token)

    @staticmethod
    def _reject(reason: str) -> AuthError:
        log.info("entra token rejected: %s", reason)
        return AuthError()

    async def _key(self, tenant: str, kid: str) -> Any:
        keys = self._keys.get(tenant)
        if keys is not None and kid in keys:
            return keys[kid]
        lock = self._locks.setdefault(tenant, asyncio.Lock())
        async with lock:
            keys = self._keys.get(tenant)
            if keys is not None and kid in keys:
                return keys[kid]
            now = time.monotonic()
            if keys is None:  # first use, or the cache expired: load, unless a load just failed
                failed = self._failed_at.get(tenant)
                if failed is not None and now - failed < FAILED_FETCH_RETRY_SECONDS:
                    return None
            else:  # an unknown key id: Entra may have rotated; refetch, at most once per interval
                refreshed = self._refreshed_at.get(tenant)
                if refreshed is not None and now - refreshed < self.refresh_interval:
                    return None
                self._refreshed_at[tenant] = now
            fetched = await self._fetch(tenant)
            if fetched is None:
                self._failed_at[tenant] = now
                return None
            self._keys[tenant] = fetched
            return fetched.get(kid)

    async def _fetch(self, tenant: str) -> Keys | None:
        self.fetches += 1
        try:
            async with httpx.AsyncClient(transport=self._transport, timeout=FETCH_TIMEOUT_SECONDS) as client:
                response = await client.get(self.keys_url(tenant))
                response.raise_for_status()
                document = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            log.warning("entra signing keys could not be fetched: %s", type(exc).__name__)
            return None
        return parse_keys(document)


def parse_keys(document: Any) -> Keys:
    """RSA signing keys of a JWKS document by key id; anything else in it is skipped."""
    keys: Keys = {}
    entries = document.get("keys", []) if isinstance(document, dict) else []
    for entry in entries:
        if not isinstance(entry, dict) or entry.get("kty") != "RSA" or entry.get("use", "sig") != "sig":
            continue
        kid = entry.get("kid")
        if not isinstance(kid, str):
            continue
        try:
            keys[kid] = jwt.PyJWK(entry, algorithm="RS256").key
        except jwt.PyJWTError:
            continue
    return keys
