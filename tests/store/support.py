"""What the store's tests share: an app on a given database, messages that repeat, a webhook receiver."""

from __future__ import annotations

import base64
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, select, text
from starlette.applications import Starlette
from starlette.testclient import TestClient

from backend.app import create_app
from backend.policy import Policy, load_demo_policy
from backend.policy.schema import Alerts, Breaker, Memory
from backend.settings import Settings
from backend.store.url import database_url as url_of

KEY = "k-store-test"
OTHER_KEY = "k-store-other"
AUTH = {"authorization": f"Bearer {KEY}"}
SENDER = "kpatel@maplevalley.k12.example"


def policy(**sections: Any) -> Policy:
    base = load_demo_policy()
    memory = replace(Memory(), retry_seconds=0.2, read_seconds=2.0)
    return replace(base, memory=sections.pop("memory", memory), alerts=sections.pop("alerts", Alerts()),
                   breaker=sections.pop("breaker", Breaker()), **sections)


def app(database_url: str, data_dir: Path, pol: Policy | None = None) -> Starlette:
    settings = Settings(api_keys=frozenset({KEY, OTHER_KEY}), data_dir=data_dir, database_url=database_url)
    return create_app(settings, pol or policy())


def roster_csv(rows: int = 12, canary: str = "") -> bytes:
    lines = ["Student_Number,First_Name,Last_Name,Allergies,Medication,Guardian Cell"]
    for i in range(rows):
        lines.append(f"{300400 + i},Amara{canary}{i},Lindqvist{i},Peanuts {canary},EpiPen,555-01{i:02d}")
    return "\n".join(lines).encode()


def roster_to(address: str, *, sender: str = SENDER, app_name: str = "outlook", canary: str = "") -> dict[str, Any]:
    """Student health records to one outside address: a repeat check."""
    return {
        "client": {"app": app_name},
        "sender": {"email": sender, "name": "Kiran Patel"},
        "to": [{"email": address, "kind": "external"}],
        "subject": f"lists {canary}",
        "body": {"text": f"Here you go {canary}"},
        "attachments": [{"name": f"nurse{canary}.csv", "content_b64": base64.b64encode(roster_csv(canary=canary))
                         .decode()}],
    }


def note_to(address: str, *, sender: str = SENDER) -> dict[str, Any]:
    """A plain note to a parent: allowed, no records."""
    return {"client": {"app": "outlook"}, "sender": {"email": sender}, "to": [{"email": address, "kind": "external"}],
            "subject": "Field trip", "body": {"text": "The bus leaves at nine."}}


def storm(list_address: str = "allstudents@maplevalley.k12.example") -> dict[str, Any]:
    """An automation's message to a protected list (blocked for automations)."""
    return {"client": {"app": "api"}, "sender": {"email": "noreply-alerts@maplevalley.k12.example"},
            "to": [{"email": list_address, "kind": "list"}], "subject": "Snow day", "body": {"text": "Closed."}}


def wait_for(predicate: Any, timeout: float = 30.0) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.05)


def flush(client: TestClient) -> None:
    memory = client.app.state.cg.memory  # type: ignore[attr-defined]
    assert memory is not None and memory.writer.flush(30)


def rows(database_url: str, data_dir: Path, sql: str) -> list[Any]:
    url = url_of(database_url, data_dir)
    assert url is not None
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return list(connection.execute(text(sql)))
    finally:
        engine.dispose()


def dump(database_url: str, data_dir: Path) -> str:
    """Every row of every table, as text: what a stolen database would show."""
    from backend.store.tables import metadata

    url = url_of(database_url, data_dir)
    assert url is not None
    engine = create_engine(url)
    out: list[str] = []
    try:
        with engine.connect() as connection:
            names = [r[0] for r in connection.execute(text(
                "SELECT name FROM sqlite_master WHERE type='table'" if engine.dialect.name == "sqlite" else
                "SELECT tablename FROM pg_tables WHERE schemaname='public'"))]
            assert set(metadata.tables) <= set(names)
            for name in names:
                for row in connection.execute(select(text("*")).select_from(text(f'"{name}"'))):
                    out.append(f"{name}: {tuple(row)!r}")
    finally:
        engine.dispose()
    return "\n".join(out)


class Webhook:
    """A loopback server that records every JSON POST it receives; `fail` first answers 500."""

    def __init__(self, fail: int = 0) -> None:
        self.received: list[dict[str, Any]] = []
        self.fail = fail
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length", "0")))
                if owner.fail > 0:
                    owner.fail -= 1
                    self.send_response(500)
                else:
                    owner.received.append(json.loads(body))
                    self.send_response(204)
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/alerts"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def alerts(self, event: str) -> list[dict[str, Any]]:
        return [a for a in self.received if a["event"] == event]


@contextmanager
def webhook(fail: int = 0) -> Iterator[Webhook]:
    hook = Webhook(fail)
    hook.thread.start()
    try:
        yield hook
    finally:
        hook.httpd.shutdown()
        hook.httpd.server_close()
