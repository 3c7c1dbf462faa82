"""Whom lookups act for, against `crossing-guard serve` as its own process over real HTTP.

The service reaches Microsoft Graph, Entra ID and Google only through the local cloud (over TLS,
trusted through `CROSSING_GUARD_LOOKUP_CA_FILE`), and Outlook's tokens are signed with a key made
here and published by a local Entra-shaped key server. A signed-in caller's lookups run as the
token's user whatever the body's sender says; an API key's run as the application; the demo's
no-key checks run none.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from tests.hostile.server import serve
from tests.integrations.conftest import ROSTER_URL, SHEET_ID, SHEET_URL, STAFF
from tests.integrations.fakecloud import CLIENT_ID, CLIENT_SECRET, SERVICE_ACCOUNT, TENANT, Cloud, DriveFile, TLSFiles
from tests.outlook import tokens
from tests.outlook.servers import JWKSServer, jwks_server

KEY = "k-identity"
SUPERINTENDENT = f"superintendent@{STAFF}"
KPATEL = f"kpatel@{STAFF}"
ADMIN = f"admin@{STAFF}"
DRIVE = "https://www.googleapis.com/auth/drive.readonly"


@pytest.fixture(scope="module")
def entra() -> Iterator[tuple[JWKSServer, tokens.Key]]:
    key = tokens.Key("identity-key")
    with jwks_server() as server:
        server.keys[tokens.TENANT] = [key.jwk()]
        yield server, key


def district(cloud: Cloud, authority: str) -> str:
    demo = (Path(__file__).resolve().parents[2] / "backend" / "policy" / "demo.toml").read_text()
    base = cloud.base
    return demo + f"""
[outlook]
client_id = "{tokens.CLIENT_ID}"
tenant_ids = ["{tokens.TENANT}"]
authority_host = "{authority}"

[lookups]
graph_base = "{base}/v1.0"
google_drive_base = "{base}/drive/v3"
google_directory_base = "{base}/admin/directory/v1"
entra_authority = "{base}"
google_token_url = "{base}/token"
download_hosts = ["localhost:{urlsplit(base).port}"]
deadline_seconds = 10.0
"""


def environment(tmp: Path, tls: TLSFiles, service_key: tuple[str, str]) -> dict[str, str]:
    key_file = tmp / "service-account.json"
    key_file.write_text(json.dumps({"client_email": SERVICE_ACCOUNT, "private_key": service_key[0],
                                    "private_key_id": "k1"}))
    return {
        "CROSSING_GUARD_API_KEYS": KEY,
        "CROSSING_GUARD_GRAPH_TENANT_ID": TENANT,
        "CROSSING_GUARD_GRAPH_CLIENT_ID": CLIENT_ID,
        "CROSSING_GUARD_GRAPH_CLIENT_SECRET": CLIENT_SECRET,
        "CROSSING_GUARD_GOOGLE_SERVICE_ACCOUNT_FILE": str(key_file),
        "CROSSING_GUARD_GOOGLE_ADMIN_SUBJECT": ADMIN,
        "CROSSING_GUARD_LOOKUP_CA_FILE": tls.ca_file,
    }


def body(app: str, link: str) -> dict[str, object]:
    """A check whose body names the superintendent as its sender, with one link to look up."""
    return {"client": {"app": app}, "sender": {"email": SUPERINTENDENT, "name": "Dr. Alvarez"},
            "to": [{"email": "family@gmail.com"}], "subject": "Buses",
            "body": {"text": f"The bus list: {link}"}}


def drive_subjects(cloud: Cloud) -> list[str]:
    return [sub for sub, scope in cloud.google_subjects if scope == DRIVE]


def test_lookups_act_for_the_token_or_the_application_never_the_body_sender(
    cloud: Cloud, tls: TLSFiles, service_key: tuple[str, str], bus_roster: bytes,
    entra: tuple[JWKSServer, tokens.Key], tmp_path: Path,
) -> None:
    keys, key = entra
    cloud.google_files[SHEET_ID] = DriveFile("Bus Roster", bus_roster, mime="application/vnd.google-apps.spreadsheet",
                                             link_scopes=("anyone",))
    cloud.graph_files[ROSTER_URL] = DriveFile("Bus Roster 2024-25.xlsx", bus_roster, link_scopes=("anonymous",))
    token = tokens.sign(key, tokens.claims(keys.url, preferred_username=KPATEL.upper()))
    signed_in = {"authorization": f"Bearer {token}"}
    keyed = {"authorization": f"Bearer {KEY}"}
    with serve(tmp_path, district(cloud, keys.url), environment(tmp_path, tls, service_key)) as (base, _), \
            httpx.Client(base_url=base, timeout=60) as client:
        as_kpatel = client.post("/v1/check", json=body("outlook", SHEET_URL), headers=signed_in)
        assert as_kpatel.status_code == 200, as_kpatel.text[:300]
        assert drive_subjects(cloud) == [KPATEL]  # the token's user, not the superintendent the body names
        assert as_kpatel.json()["findings"][0]["code"] == "roster_linked"

        as_app = client.post("/v1/check", json=body("api", SHEET_URL), headers=keyed)
        assert as_app.status_code == 200, as_app.text[:300]
        assert drive_subjects(cloud) == [KPATEL, ADMIN]  # an API key: the application's own identity
        assert as_app.json()["findings"][0]["code"] == "roster_linked"  # read again for it, not from kpatel's cache

        graph_kpatel = client.post("/v1/check", json=body("outlook", ROSTER_URL), headers=signed_in)
        assert graph_kpatel.status_code == 200
        assert cloud.obo_assertions == [token]  # Graph on behalf of the signed-in user's own token
        graph_app = client.post("/v1/check", json=body("api", ROSTER_URL), headers=keyed)
        assert graph_app.status_code == 200
        assert cloud.obo_assertions == [token]  # and the API key with the application's token, no user's
        assert "graph-token-client_credentials" in cloud.bearer_tokens
    assert SUPERINTENDENT not in drive_subjects(cloud)


def test_the_demo_never_runs_lookups_with_the_districts_credentials(
    cloud: Cloud, tls: TLSFiles, service_key: tuple[str, str], bus_roster: bytes,
    entra: tuple[JWKSServer, tokens.Key], tmp_path: Path,
) -> None:
    keys, _ = entra
    cloud.graph_files[ROSTER_URL] = DriveFile("Bus Roster 2024-25.xlsx", bus_roster, link_scopes=("anonymous",))
    env = environment(tmp_path, tls, service_key)
    with serve(tmp_path, district(cloud, keys.url), env, ("--demo",)) as (base, _):
        demo = httpx.post(base + "/v1/check", json=body("demo", ROSTER_URL), timeout=60)
        assert demo.status_code == 200, demo.text[:300]
        assert cloud.requests == [] and cloud.token_requests == 0 and cloud.google_subjects == []
        keyed = httpx.post(base + "/v1/check", json=body("api", ROSTER_URL), timeout=60,
                           headers={"authorization": f"Bearer {KEY}"})
        assert keyed.status_code == 200 and cloud.requests  # the same service looks links up for a key
