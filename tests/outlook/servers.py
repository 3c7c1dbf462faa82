"""Loopback servers for the Outlook tests: a JWKS endpoint Entra-shaped, and the real app."""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class JWKSServer:
    """Serves `{base}/{tenant}/discovery/v2.0/keys` from `keys[tenant]`, counting requests per tenant."""

    def __init__(self) -> None:
        self.keys: dict[str, list[dict[str, Any]]] = {}
        self.requests: list[str] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                parts = self.path.strip("/").split("/")
                outer.requests.append(self.path)
                if len(parts) == 4 and parts[1:] == ["discovery", "v2.0", "keys"] and parts[0] in outer.keys:
                    body = json.dumps({"keys": outer.keys[parts[0]]}).encode()
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                else:
                    body = b"{}"
                    self.send_response(404)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def fetches(self, tenant: str) -> int:
        return sum(1 for p in self.requests if p.startswith(f"/{tenant}/"))


@contextlib.contextmanager
def jwks_server() -> Iterator[JWKSServer]:
    server = JWKSServer()
    thread = threading.Thread(target=server.httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.httpd.shutdown()
        server.httpd.server_close()
        thread.join(5)
