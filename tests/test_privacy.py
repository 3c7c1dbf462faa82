"""No message content, names or matched values in logs, errors or files. Canary strings prove it."""

from __future__ import annotations

import base64
import logging

import pytest
from starlette.testclient import TestClient

from backend.app import create_app
from backend.policy import load_demo_policy
from backend.settings import Settings

KEY = "k-privacy-test"
CANARIES = ["Zanzibarova", "Quetzalina", "CANARYSUBJECT", "CANARYBODY", "987-65-4329", "QX77CANARY"]


def roster_csv() -> bytes:
    rows = ["Student_Number,First_Name,Last_Name,Allergies,Medication,Guardian Cell"]
    for i in range(60):
        rows.append(f"{100200 + i},Quetzalina{i},Zanzibarova{i},Peanuts QX77CANARY,EpiPen,555-01{i:02d}")
    return "\n".join(rows).encode()


def message() -> dict[str, object]:
    return {
        "client": {"app": "api"},
        "sender": {"email": "kpatel@maplevalley.k12.example", "name": "Zanzibarova Teacher"},
        "to": [{"email": f"family{i}@gmail.com", "name": f"Quetzalina Parent {i}"} for i in range(30)],
        "subject": "CANARYSUBJECT for Quetzalina",
        "body": {"text": "CANARYBODY Quetzalina Zanzibarova SSN 987-65-4329 has a seizure plan."},
        "attachments": [{"name": "roster.csv", "content_b64": base64.b64encode(roster_csv()).decode()},
                        {"name": "broken.xlsx", "content_b64": base64.b64encode(b"PK\x03\x04 QX77CANARY").decode()}],
    }


def test_logs_carry_no_content(caplog: pytest.LogCaptureFixture) -> None:
    client = TestClient(create_app(Settings(api_keys=frozenset({KEY})), load_demo_policy()))
    caplog.set_level(logging.DEBUG)
    r = client.post("/v1/check", json=message(), headers={"authorization": f"Bearer {KEY}"})
    assert r.status_code == 200
    assert r.json()["verdict"] == "block"
    audit = [rec for rec in caplog.records if rec.name == "crossing_guard.audit"]
    assert len(audit) == 1 and '"verdict":"block"' in audit[0].getMessage()
    logged = "\n".join(rec.getMessage() for rec in caplog.records)
    for canary in CANARIES:
        assert canary not in logged
    response = r.text
    for canary in CANARIES:
        assert canary not in response, canary


def test_errors_do_not_echo_values() -> None:
    client = TestClient(create_app(Settings(api_keys=frozenset({KEY})), load_demo_policy()))
    bad = {"to": [{"email": "Zanzibarova-not-an-address"}], "subject": "CANARYSUBJECT"}
    r = client.post("/v1/check", json=bad, headers={"authorization": f"Bearer {KEY}"})
    assert r.status_code == 400
    for canary in CANARIES:
        assert canary not in r.text
