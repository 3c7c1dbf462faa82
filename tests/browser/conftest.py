"""Reusable fixtures for browser tests: the real app over real HTTP, and headless Chromium.

- `serve(app)` runs any ASGI app with uvicorn on 127.0.0.1, on a free port, in a background thread
  (a context manager yielding the base URL, without a trailing slash).
- `live_server` is that, once per session, for `create_app()` with the demo district's policy.
- `browser` is one headless Chromium per session, launched through Playwright from the system's
  own Chromium (`chromium` on PATH, else Debian's /usr/bin/chromium); nothing is downloaded. Without
  Chromium the browser tests fail: `scripts/test` installs Debian's package.
- `page` is a fresh context and page per test. It refuses every request that is not to loopback,
  so a page that reaches for a CDN fails the test, and it fails the test on uncaught page errors.
- `screenshot(name)` saves `test-output/<name>.png` (the page, or one element) and returns its path.

Example, for another page of the service::

    @pytest.mark.browser
    def test_taskpane(page, live_server, screenshot):
        page.goto(live_server + "/addin/outlook/taskpane.html")
        screenshot("taskpane")
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import uvicorn

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
DEBIAN_CHROMIUM = "/usr/bin/chromium"
OUTPUT_DIR = Path(__file__).resolve().parents[2] / "test-output"
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}


def chromium_executable() -> str | None:
    """The system Chromium: `CHROMIUM` from the environment, `chromium` on PATH, or Debian's path."""
    for candidate in (os.environ.get("CHROMIUM"), shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return DEBIAN_CHROMIUM if os.access(DEBIAN_CHROMIUM, os.X_OK) else None


@contextlib.contextmanager
def serve(app: Any, *, timeout: float = 10.0) -> Iterator[str]:
    """Run `app` with uvicorn on a free loopback port in a thread; yield its base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="auto")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            sock.close()
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout)
        sock.close()


@pytest.fixture(scope="session")
def live_server() -> Iterator[str]:
    """Base URL of the real app (demo district policy, no API keys) served over real HTTP."""
    from backend.app import create_app
    from backend.settings import Settings

    with serve(create_app(Settings(demo=True))) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One headless Chromium per test module; fails (never skips) when Chromium is missing.

    Module scope, not session: Playwright's sync API holds an asyncio loop in the main thread while
    it runs, and later tests (the command line) start loops of their own."""
    from playwright import sync_api

    executable = chromium_executable()
    if executable is None:
        pytest.fail("no Chromium installed: run scripts/test, or set CHROMIUM to its path")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


def _is_loopback(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return parts.hostname in LOOPBACK_HOSTS or (parts.hostname or "").startswith("127.")


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh page (1280x900). Requests off loopback are refused and recorded; page errors fail the test."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    blocked: list[str] = []
    errors: list[str] = []

    def guard(route: Any) -> None:
        if _is_loopback(route.request.url):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    new_page = context.new_page()
    new_page.set_default_timeout(10_000)
    new_page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        yield new_page
    finally:
        context.close()
    assert not blocked, f"the page tried to reach beyond loopback: {blocked}"
    assert not errors, f"uncaught errors in the page: {errors}"


@pytest.fixture
def screenshot(page: Any) -> Callable[..., Path]:
    """`screenshot(name, element=None, full_page=False)` -> path of test-output/<name>.png."""

    def take(name: str, element: Any = None, *, full_page: bool = False) -> Path:
        OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
        path = OUTPUT_DIR / f"{name}.png"
        if element is not None:
            element.screenshot(path=str(path))
        else:
            page.screenshot(path=str(path), full_page=full_page)
        return path

    return take
