"""The real app on a real loopback socket, in a background thread, for end-to-end tests and the benchmark."""

from __future__ import annotations

import os
import socket
import threading
import time
from types import TracebackType

import uvicorn
from starlette.types import ASGIApp

API_KEY = "test-key"


def make_app() -> ASGIApp:
    """`create_app()` with the test key configured (the app reads its keys from the environment)."""
    os.environ["CROSSING_GUARD_API_KEYS"] = API_KEY
    from backend.app import create_app

    return create_app()


class LiveServer:
    """`with LiveServer(app) as base_url:` serves `app` on 127.0.0.1 on a free port until the block ends."""

    def __init__(self, app: ASGIApp) -> None:
        config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", access_log=False, ws="none")
        self.server = uvicorn.Server(config)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self.sock.getsockname()[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the app did not start")
            time.sleep(0.02)
        return self.base_url

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.sock.close()
