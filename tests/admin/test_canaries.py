"""End to end: a check full of canary content, then every console page: none of it may appear.

The check goes through the real `/v1/check`; whatever record the service keeps of it (the store's
writer decides), the console's pages, JSON, CSV and logs must show no subject, body, file name,
cell value or name from the message.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from backend.app import create_app
from backend.policy.loader import parse_policy
from backend.settings import Settings
from tests.admin.console import ADMIN_KEY, policy_text, session_cookie
from tests.test_privacy import CANARIES, message

CHECK_KEY = "k-console-canary"
NAMES = ["roster.csv", "broken.xlsx", "Zanzibarova Teacher", "Quetzalina Parent"]


def test_console_shows_and_logs_no_message_content(database_url: str, tmp_path: Path,
                                                   caplog: pytest.LogCaptureFixture) -> None:
    settings = Settings(api_keys=frozenset({CHECK_KEY}), data_dir=tmp_path, database_url=database_url,
                        extra={"CROSSING_GUARD_ADMIN_API_KEYS": ADMIN_KEY,
                               "CROSSING_GUARD_ADMIN_SESSION_SECRET": "console-session-secret-for-tests"})
    caplog.set_level(logging.DEBUG)
    key = {"Authorization": f"Bearer {ADMIN_KEY}"}
    with TestClient(create_app(settings, parse_policy(policy_text()))) as c:
        checked = c.post("/v1/check", json=message(), headers={"Authorization": f"Bearer {CHECK_KEY}"})
        assert checked.status_code == 200
        check_id = checked.json()["check_id"]
        listed = c.get("/admin/api/checks?verdict=allow&verdict=warn&verdict=block", headers=key)
        assert listed.status_code == 200
        ids = {r["check_id"] for r in listed.json()["checks"]} | {check_id}
        c.cookies.set("cg_admin", session_cookie())
        texts = [listed.text, c.get("/admin/api/trends", headers=key).text, c.get("/admin/trends").text,
                 c.get("/admin/?verdict=allow&verdict=warn&verdict=block").text]
        for one in ids:
            texts += [c.get(f"/admin/checks/{one}").text, c.get(f"/admin/api/checks/{one}", headers=key).text,
                      c.get(f"/admin/export.csv?check={one}", headers=key).text,
                      c.get(f"/admin/export?check={one}").text]
    shown = "\n".join(texts)
    logged = "\n".join(r.getMessage() for r in caplog.records)
    for canary in [*CANARIES, *NAMES]:
        assert canary not in shown, canary
        assert canary not in logged, canary
