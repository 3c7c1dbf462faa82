"""The real app over real HTTP, building its LookupEnricher from environment-style settings."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest

from backend.app import create_app
from backend.errors import PolicyError
from backend.integrations import build_enricher
from backend.settings import Settings
from tests.corpus.server import LiveServer
from tests.integrations.conftest import ROSTER_URL, STAFF, STUDENTS, policy_for
from tests.integrations.fakecloud import CLIENT_ID, CLIENT_SECRET, TENANT, Cloud, DriveFile, GraphGroup, TLSFiles

API_KEY = "lookup-test-key"


def graph_env(tls: TLSFiles) -> dict[str, str]:
    return {
        "CROSSING_GUARD_GRAPH_TENANT_ID": TENANT,
        "CROSSING_GUARD_GRAPH_CLIENT_ID": CLIENT_ID,
        "CROSSING_GUARD_GRAPH_CLIENT_SECRET": CLIENT_SECRET,
        "CROSSING_GUARD_LOOKUP_CA_FILE": tls.ca_file,
    }


def test_bus_roster_link_blocked_through_the_app(cloud: Cloud, tls: TLSFiles, bus_roster: bytes) -> None:
    cloud.graph_files[ROSTER_URL] = DriveFile("Bus Roster 2024-25.xlsx", bus_roster, link_scopes=("anonymous",))
    cloud.graph_groups[f"allstudents@{STUDENTS}"] = GraphGroup("g-1", 9000, 0)
    settings = Settings(api_keys=frozenset({API_KEY}), extra=graph_env(tls))
    app = create_app(settings, policy_for(cloud.base))
    body = {
        "client": {"app": "api", "version": "1.0"},
        "sender": {"email": f"transport@{STAFF}"},
        "bcc": [{"email": f"family{i}@gmail.com"} for i in range(3000)],
        "subject": "Bus information",
        "body": {"text": f"Your child's bus stop is in this file: {ROSTER_URL}"},
    }
    with LiveServer(app) as base, httpx.Client(base_url=base, timeout=10) as client:
        headers = {"Authorization": f"Bearer {API_KEY}"}
        started = time.perf_counter()
        response = client.post("/v1/check", json=body, headers=headers)
        elapsed = time.perf_counter() - started
        listed = client.post("/v1/check", headers=headers, json={
            "client": {"app": "api"}, "sender": {"email": f"office@{STAFF}"},
            "to": [{"email": f"AllStudents@{STUDENTS}", "kind": "list"}], "body": {"text": "Picture day"},
        })
    assert response.status_code == 200, response.text
    verdict = response.json()
    assert verdict["verdict"] == "block"
    assert "3,000 students'" in verdict["message"] and "anyone with the link can open" in verdict["message"]
    assert verdict["findings"][0]["code"] == "roster_linked"
    assert elapsed < 5
    assert listed.json()["verdict"] == "block" and "9,000 people" in listed.json()["message"]


def test_no_credentials_no_enricher() -> None:
    assert build_enricher(Settings(), policy_for("https://127.0.0.1:1")) is None


def test_half_configured_credentials_stop_start_up_without_showing_values(tls: TLSFiles) -> None:
    settings = Settings(extra={"CROSSING_GUARD_GRAPH_TENANT_ID": TENANT,
                               "CROSSING_GUARD_GRAPH_CLIENT_SECRET": CLIENT_SECRET})
    with pytest.raises(PolicyError) as caught:
        create_app(settings, policy_for("https://127.0.0.1:1"))
    assert "CROSSING_GUARD_GRAPH_CLIENT_ID" in str(caught.value)
    assert CLIENT_SECRET not in str(caught.value) and TENANT not in str(caught.value)


def test_secrets_file(tmp_path: Path, tls: TLSFiles, service_key: tuple[str, str]) -> None:
    import json

    key_file = tmp_path / "sa.json"
    key_file.write_text(json.dumps({"client_email": "sa@p.iam.gserviceaccount.com", "private_key": service_key[0],
                                    "private_key_id": "k1"}))
    secrets = tmp_path / "secrets.json"
    secrets.write_text(json.dumps({"graph": {"tenant_id": TENANT, "client_id": CLIENT_ID,
                                             "client_secret": CLIENT_SECRET}}))
    enricher = build_enricher(
        Settings(extra={"CROSSING_GUARD_SECRETS_FILE": str(secrets),
                        "CROSSING_GUARD_GOOGLE_SERVICE_ACCOUNT_FILE": str(key_file),
                        "CROSSING_GUARD_GOOGLE_ADMIN_SUBJECT": f"admin@{STAFF}",
                        "CROSSING_GUARD_LOOKUP_CA_FILE": tls.ca_file}),
        policy_for("https://127.0.0.1:1"),
    )
    assert enricher is not None and enricher.graph is not None and enricher.google is not None
    shown = repr(enricher) + repr(enricher.graph) + repr(enricher.google) + repr(enricher.cache)
    assert CLIENT_SECRET not in shown and "PRIVATE KEY" not in shown
