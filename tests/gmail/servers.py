"""Real HTTP servers on loopback for the Gmail add-on tests.

- `KeyServer`: Google's signing-key endpoint (JWKS), with keys made in the test;
- `AppServer`: the real app (`create_app`) under uvicorn in a background thread.

Nothing here talks to anything but 127.0.0.1.
"""

from __future__ import annotations

import base64
import json
import socket
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
import uvicorn
from cryptography.hazmat.primitives.asymmetric import rsa
from starlette.applications import Starlette

SERVICE_ACCOUNT = "service-123456789012@gcp-sa-gsuiteaddons.iam.gserviceaccount.com"
BASE_URL = "https://guard.district.example"


def b64url(data: bytes, *, pad: bool = False) -> str:
    encoded = base64.urlsafe_b64encode(data).decode()
    return encoded if pad else encoded.rstrip("=")


class _Quiet(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _json(self, status: int, body: Any, headers: Mapping[str, str] | None = None) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=UTF-8")
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that gave up (the timeout test) is expected; tests assert on answers instead


@contextmanager
def _serving(handler: type[BaseHTTPRequestHandler], owner: Any) -> Iterator[str]:
    server = _Server(("127.0.0.1", 0), handler)
    server.owner = owner  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


# --- Google's signing keys ----------------------------------------------------------------------


@dataclass
class SigningKey:
    kid: str
    private: rsa.RSAPrivateKey = field(default_factory=lambda: rsa.generate_private_key(65537, 2048))

    def jwk(self) -> dict[str, Any]:
        entry: dict[str, Any] = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.private.public_key()))
        entry.update(kid=self.kid, alg="RS256", use="sig")
        return entry


class KeyServer:
    """Serves `{"keys": [...]}` at /oauth2/v3/certs with a Cache-Control max-age, counting fetches."""

    def __init__(self, keys: list[SigningKey]) -> None:
        self.keys = keys
        self.fetches = 0
        self.url = ""

    @contextmanager
    def running(self) -> Iterator[KeyServer]:
        with _serving(_KeyHandler, self) as base:
            self.url = base + "/oauth2/v3/certs"
            yield self


class _KeyHandler(_Quiet):
    def do_GET(self) -> None:
        owner: KeyServer = self.server.owner  # type: ignore[attr-defined]
        if self.path != "/oauth2/v3/certs":
            self._json(404, {"error": "not found"})
            return
        owner.fetches += 1
        self._json(
            200,
            {"keys": [k.jwk() for k in owner.keys]},
            {"Cache-Control": "public, max-age=22464, must-revalidate, no-transform"},
        )


def id_token(key: SigningKey, audience: str, **overrides: Any) -> str:
    """A Google-shaped ID token for the add-on's service account, signed with `key`."""
    now = int(time.time())
    claims: dict[str, Any] = {
        "aud": audience,
        "azp": "107215489273941036412",
        "email": SERVICE_ACCOUNT,
        "email_verified": True,
        "exp": now + 3600,
        "iat": now,
        "iss": "https://accounts.google.com",
        "sub": "107215489273941036412",
    }
    claims.update(overrides)
    claims = {k: v for k, v in claims.items() if v is not None}
    return jwt.encode(claims, key.private, algorithm="RS256", headers={"kid": key.kid})


class AppServer:
    """The real app under uvicorn, in a thread, on a loopback port chosen by the OS."""

    def __init__(self, app: Starlette) -> None:
        self.config = uvicorn.Config(app, log_level="warning", lifespan="off", ws="none", http="h11")
        self.server = uvicorn.Server(self.config)
        self.url = ""

    @contextmanager
    def running(self) -> Iterator[AppServer]:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{sock.getsockname()[1]}"
        thread = threading.Thread(target=self.server.run, kwargs={"sockets": [sock]}, daemon=True)
        thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline or not thread.is_alive():
                raise RuntimeError("the app did not start")
            time.sleep(0.02)
        try:
            yield self
        finally:
            self.server.should_exit = True
            thread.join(10)
            sock.close()
