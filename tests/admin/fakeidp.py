"""A local Entra ID and Google sign-in, over HTTPS on loopback, speaking their documented endpoints.

Entra ID: `/{tenant}/v2.0/.well-known/openid-configuration`, `/{tenant}/oauth2/v2.0/authorize`,
`/{tenant}/oauth2/v2.0/token`, `/{tenant}/discovery/v2.0/keys`. Google: the same four under
`/google/`. The authorize endpoint signs in `idp.user` (claims the test sets) and redirects back with
a code; the token endpoint checks the client secret and the PKCE verifier (S256) and answers an ID
token signed with a key made here, carrying the nonce the authorize request sent.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode

import jwt
import uvicorn
from cryptography.hazmat.primitives.asymmetric import rsa
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from tests.integrations.fakecloud import TLSFiles, free_port

TENANT = "11111111-2222-3333-4444-555555555555"
ENTRA_CLIENT = "console-client"
ENTRA_SECRET = "entra-console-secret-do-not-log"
GOOGLE_CLIENT = "console.apps.googleusercontent.com"
GOOGLE_SECRET = "google-console-secret-do-not-log"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


@dataclass
class IdP:
    port: int
    user: dict[str, Any] = field(default_factory=dict)  # claims of whoever signs in next
    forge: bool = False  # sign ID tokens with a key the JWKS does not publish
    key: Any = field(default_factory=lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048))
    other: Any = field(default_factory=lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048))
    codes: dict[str, dict[str, str]] = field(default_factory=dict)
    authorize_requests: list[dict[str, str]] = field(default_factory=list)
    token_requests: list[dict[str, str]] = field(default_factory=list)

    @property
    def base(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    def jwks(self) -> dict[str, Any]:
        jwk = jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
        return {"keys": [{**jwk, "kid": "k1", "use": "sig", "alg": "RS256"}]}

    def id_token(self, issuer: str, audience: str, nonce: str) -> str:
        now = int(time.time())
        claims = {"iss": issuer, "aud": audience, "sub": "subject-1", "iat": now, "nbf": now, "exp": now + 3600,
                  "nonce": nonce, **self.user}
        return jwt.encode(claims, self.other if self.forge else self.key, algorithm="RS256", headers={"kid": "k1"})


def build_app(idp: IdP) -> Starlette:
    def discovery(prefix: str, issuer: str) -> dict[str, Any]:
        return {"issuer": issuer, "authorization_endpoint": f"{idp.base}{prefix}/authorize",
                "token_endpoint": f"{idp.base}{prefix}/token", "jwks_uri": f"{idp.base}{prefix}/keys",
                "response_types_supported": ["code"], "subject_types_supported": ["pairwise"],
                "id_token_signing_alg_values_supported": ["RS256"]}

    def issuer(kind: str) -> str:
        return f"{idp.base}/{TENANT}/v2.0" if kind == "entra" else f"{idp.base}/google"

    async def entra_config(request: Request) -> Response:
        if request.path_params["tenant"] != TENANT:
            return JSONResponse({"error": "invalid_tenant"}, status_code=400)
        doc = discovery(f"/{TENANT}/oauth2/v2.0", issuer("entra"))
        doc["jwks_uri"] = f"{idp.base}/{TENANT}/discovery/v2.0/keys"
        return JSONResponse(doc)

    async def google_config(request: Request) -> Response:
        return JSONResponse(discovery("/google", issuer("google")))

    async def keys(request: Request) -> Response:
        return JSONResponse(idp.jwks())

    def authorize(kind: str):  # type: ignore[no-untyped-def]
        async def endpoint(request: Request) -> Response:
            q = dict(request.query_params)
            idp.authorize_requests.append(q)
            code = secrets.token_urlsafe(16)
            idp.codes[code] = {**q, "kind": kind}
            return RedirectResponse(f"{q['redirect_uri']}?{urlencode({'code': code, 'state': q['state']})}",
                                    status_code=302)
        return endpoint

    def token(kind: str):  # type: ignore[no-untyped-def]
        async def endpoint(request: Request) -> Response:
            form = dict(parse_qsl((await request.body()).decode()))
            idp.token_requests.append(form)
            started = idp.codes.pop(form.get("code", ""), None)
            client, secret = (ENTRA_CLIENT, ENTRA_SECRET) if kind == "entra" else (GOOGLE_CLIENT, GOOGLE_SECRET)
            verifier = form.get("code_verifier", "")
            if (started is None or started["kind"] != kind or form.get("client_id") != client
                    or form.get("client_secret") != secret or form.get("redirect_uri") != started["redirect_uri"]
                    or started.get("code_challenge_method") != "S256"
                    or _b64(hashlib.sha256(verifier.encode()).digest()) != started.get("code_challenge")):
                return JSONResponse({"error": "invalid_grant"}, status_code=400)
            return JSONResponse({"token_type": "Bearer", "access_token": "opaque", "expires_in": 3600,
                                 "scope": started.get("scope", "openid"),
                                 "id_token": idp.id_token(issuer(kind), client, started.get("nonce", ""))})
        return endpoint

    return Starlette(routes=[
        Route("/{tenant}/v2.0/.well-known/openid-configuration", entra_config),
        Route(f"/{TENANT}/oauth2/v2.0/authorize", authorize("entra")),
        Route(f"/{TENANT}/oauth2/v2.0/token", token("entra"), methods=["POST"]),
        Route(f"/{TENANT}/discovery/v2.0/keys", keys),
        Route("/google/.well-known/openid-configuration", google_config),
        Route("/google/authorize", authorize("google")),
        Route("/google/token", token("google"), methods=["POST"]),
        Route("/google/keys", keys),
    ])


@contextmanager
def serve(tls: TLSFiles) -> Iterator[IdP]:
    idp = IdP(free_port())
    config = uvicorn.Config(build_app(idp), host="127.0.0.1", port=idp.port, ssl_certfile=tls.server_pem,
                            ssl_keyfile=tls.server_pem, log_level="critical", lifespan="off", access_log=False,
                            timeout_graceful_shutdown=1)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("local identity provider did not start")
        time.sleep(0.02)
    try:
        yield idp
    finally:
        server.should_exit = True
        thread.join(timeout=10)
