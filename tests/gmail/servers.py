"""Real HTTP servers on loopback for the Gmail add-on tests.

- `KeyServer`: Google's signing-key endpoint (JWKS), with keys made in the test;
- `FakeGmail`: the documented `users.drafts.list` / `users.drafts.get` / `users.messages.attachments.get`
  responses (base64url bodies, multipart payloads), and the failures the real API gives;
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
from urllib.parse import parse_qs, urlsplit

import jwt
import uvicorn
from cryptography.hazmat.primitives.asymmetric import rsa
from starlette.applications import Starlette

SERVICE_ACCOUNT = "service-123456789012@gcp-sa-gsuiteaddons.iam.gserviceaccount.com"
BASE_URL = "https://guard.district.example"
USER_TOKEN = "ya29.a0-test-user-oauth-token"


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


# --- the Gmail API ------------------------------------------------------------------------------


@dataclass
class StoredDraft:
    draft_id: str
    message_id: str
    payload: dict[str, Any]
    attachments: dict[str, bytes] = field(default_factory=dict)


@dataclass
class FakeGmail:
    """`mode`: "ok", "drafts_get_404", "drafts_get_403", "list_401", "slow"."""

    drafts: list[StoredDraft] = field(default_factory=list)
    mode: str = "ok"
    slow_seconds: float = 5.0
    requests: list[str] = field(default_factory=list)
    url: str = ""

    @contextmanager
    def running(self) -> Iterator[FakeGmail]:
        with _serving(_GmailHandler, self) as base:
            self.url = base
            yield self


class _GmailHandler(_Quiet):
    def do_GET(self) -> None:
        owner: FakeGmail = self.server.owner  # type: ignore[attr-defined]
        parts = urlsplit(self.path)
        owner.requests.append(parts.path)
        if self.headers.get("Authorization") != f"Bearer {USER_TOKEN}" or owner.mode == "list_401":
            self._json(
                401,
                {
                    "error": {
                        "code": 401,
                        "message": "Request had invalid authentication credentials.",
                        "status": "UNAUTHENTICATED",
                    }
                },
            )
            return
        if owner.mode == "slow":
            time.sleep(owner.slow_seconds)
        segments = parts.path.split("/")
        query = parse_qs(parts.query)
        if parts.path == "/gmail/v1/users/me/drafts":
            self._json(
                200,
                {
                    "drafts": [
                        {"id": d.draft_id, "message": {"id": d.message_id, "threadId": d.message_id}}
                        for d in owner.drafts
                    ],
                    "resultSizeEstimate": len(owner.drafts),
                },
            )
            return
        if len(segments) == 7 and segments[5] == "drafts":
            if owner.mode == "drafts_get_404":
                self._json(
                    404, {"error": {"code": 404, "message": "Requested entity was not found.", "status": "NOT_FOUND"}}
                )
                return
            if owner.mode == "drafts_get_403":
                self._json(
                    403,
                    {
                        "error": {
                            "code": 403,
                            "message": "Request had insufficient authentication scopes.",
                            "status": "PERMISSION_DENIED",
                        }
                    },
                )
                return
            found = next((d for d in owner.drafts if d.draft_id == segments[6]), None)
            if found is None or query.get("format") != ["full"]:
                self._json(404, {"error": {"code": 404, "message": "Requested entity was not found."}})
                return
            self._json(
                200,
                {
                    "id": found.draft_id,
                    "message": {
                        "id": found.message_id,
                        "threadId": found.message_id,
                        "labelIds": ["DRAFT"],
                        "snippet": "",
                        "historyId": "4417",
                        "internalDate": "1725000000000",
                        "sizeEstimate": 1000 + sum(len(v) for v in found.attachments.values()),
                        "payload": found.payload,
                    },
                },
            )
            return
        if len(segments) == 9 and segments[5] == "messages" and segments[7] == "attachments":
            found = next((d for d in owner.drafts if d.message_id == segments[6]), None)
            data = found.attachments.get(segments[8]) if found else None
            if data is None:
                self._json(404, {"error": {"code": 404, "message": "Requested entity was not found."}})
                return
            self._json(200, {"attachmentId": segments[8], "size": len(data), "data": b64url(data, pad=True)})
            return
        self._json(404, {"error": {"code": 404, "message": "Not found"}})


def text_part(part_id: str, mime: str, text: str) -> dict[str, Any]:
    data = text.encode()
    return {
        "partId": part_id,
        "mimeType": mime,
        "filename": "",
        "headers": [{"name": "Content-Type", "value": f'{mime}; charset="UTF-8"'}],
        "body": {"size": len(data), "data": b64url(data)},
    }


def attachment_part(part_id: str, name: str, mime: str, attachment_id: str, size: int) -> dict[str, Any]:
    return {
        "partId": part_id,
        "mimeType": mime,
        "filename": name,
        "headers": [
            {"name": "Content-Type", "value": f'{mime}; name="{name}"'},
            {"name": "Content-Disposition", "value": f'attachment; filename="{name}"'},
            {"name": "Content-Transfer-Encoding", "value": "base64"},
        ],
        "body": {"attachmentId": attachment_id, "size": size},
    }


def draft_payload(
    sender: str,
    to: list[str],
    subject: str,
    text: str,
    html: str,
    attachments: list[dict[str, Any]],
    bcc: list[str] | None = None,
) -> dict[str, Any]:
    headers = [
        {"name": "MIME-Version", "value": "1.0"},
        {"name": "From", "value": sender},
        {"name": "To", "value": ", ".join(to)},
        {"name": "Subject", "value": subject},
        {"name": "Content-Type", "value": 'multipart/mixed; boundary="000000000000a1b2c3"'},
    ]
    if bcc:
        headers.append({"name": "Bcc", "value": ", ".join(bcc)})
    alternative = {
        "partId": "0",
        "mimeType": "multipart/alternative",
        "filename": "",
        "headers": [{"name": "Content-Type", "value": 'multipart/alternative; boundary="000000000000d4e5f6"'}],
        "body": {"size": 0},
        "parts": [text_part("0.0", "text/plain", text), text_part("0.1", "text/html", html)],
    }
    return {
        "partId": "",
        "mimeType": "multipart/mixed",
        "filename": "",
        "headers": headers,
        "body": {"size": 0},
        "parts": [alternative, *attachments],
    }


# --- the app --------------------------------------------------------------------------------------


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
