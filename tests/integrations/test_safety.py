"""Safe by construction: the link travels as data, redirects obey an allow-list, nothing leaks."""

from __future__ import annotations

import base64
import logging

import anyio
import pytest

from backend.integrations.errors import LookupFailed
from backend.integrations.google import drive_file_id, is_published
from backend.integrations.graph import share_id
from backend.integrations.http import host_allowed
from backend.integrations.secrets import Credentials, Secret, load_credentials
from backend.models import OutgoingMessage, Person, Recipient
from backend.policy import Policy
from tests.fakedata.students import generate
from tests.integrations.conftest import ROSTER_URL, SHEET_ID, SHEET_URL, STAFF, STUDENTS, make_enricher
from tests.integrations.fakecloud import CLIENT_SECRET, Cloud, DriveFile, GraphGroup


def test_share_id_is_unpadded_base64url_with_u_bang() -> None:
    url = "https://onedrive.live.com/redir?resid=1231244193912!12&authKey=1201919!12921!1"
    encoded = share_id(url)
    assert encoded.startswith("u!") and "=" not in encoded and "/" not in encoded and "+" not in encoded
    raw = encoded[2:]
    assert base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)).decode() == url


@pytest.mark.parametrize(("url", "file_id"), [
    (SHEET_URL, SHEET_ID),
    (f"https://docs.google.com/document/d/{SHEET_ID}/edit#heading=h.1", SHEET_ID),
    (f"https://docs.google.com/presentation/d/{SHEET_ID}", SHEET_ID),
    (f"https://drive.google.com/file/d/{SHEET_ID}/view?usp=sharing", SHEET_ID),
    (f"https://drive.google.com/open?id={SHEET_ID}", SHEET_ID),
    (f"https://drive.google.com/uc?id={SHEET_ID}&export=download", SHEET_ID),
    (f"https://drive.google.com/drive/folders/{SHEET_ID}", SHEET_ID),
    ("https://docs.google.com/spreadsheets/d/e/2PACX-1vQabcdefghijkl/pubhtml", None),
    (f"https://evil.example/spreadsheets/d/{SHEET_ID}/edit", None),
    ("https://drive.google.com/open?id=../../admin", None),
    ("https://drive.google.com/open?id=short", None),
    (f"https://docs.google.com.evil.example/spreadsheets/d/{SHEET_ID}", None),
])
def test_drive_file_id_is_parsed_never_fetched(url: str, file_id: str | None) -> None:
    assert drive_file_id(url) == file_id


def test_published_link() -> None:
    assert is_published("https://docs.google.com/spreadsheets/d/e/2PACX-1vQabc/pubhtml")
    assert not is_published(SHEET_URL)


HOSTS = ("*.sharepoint.com", "*.files.1drv.com", "download.example")


@pytest.mark.parametrize(("url", "allowed"), [
    ("https://maplevalley.sharepoint.com/_layouts/15/download.aspx?UniqueId=1", True),
    ("https://maplevalley-my.sharepoint.com/personal/x/_layouts/15/download.aspx", True),
    ("https://public.am.files.1drv.com/y4m", True),
    ("https://download.example/file", True),
    ("https://DOWNLOAD.example./file", True),
    ("http://maplevalley.sharepoint.com/file", False),  # not https
    ("https://sharepoint.com/file", False),  # "*." means a subdomain
    ("https://evilsharepoint.com/file", False),
    ("https://maplevalley.sharepoint.com.evil.example/file", False),
    ("https://user:pw@maplevalley.sharepoint.com/file", False),
    ("https://sub.download.example/file", False),  # exact entries are exact
    ("https://127.0.0.1/file", False),
    ("https://maplevalley.sharepoint.com:8443/file", False),  # an allowed name, another port
    ("https://maplevalley.sharepoint.com:443/file", True),
    ("https://download.example:22/file", False),
    ("https://maplevalley.sharepoint.com:99999/file", False),  # not a port at all
    ("file:///etc/passwd", False),
    ("not a url", False),
])
def test_redirect_allow_list(url: str, allowed: bool) -> None:
    assert host_allowed(url, HOSTS) is allowed


def test_secret_never_prints() -> None:
    secret = Secret("s3cr3t-value")
    assert "s3cr3t" not in repr(secret) and "s3cr3t" not in str(secret) and "s3cr3t" not in f"{secret}"
    assert secret.reveal() == "s3cr3t-value"
    creds = load_credentials({"CROSSING_GUARD_GRAPH_TENANT_ID": "t", "CROSSING_GUARD_GRAPH_CLIENT_ID": "c",
                              "CROSSING_GUARD_GRAPH_CLIENT_SECRET": "s3cr3t-value"})
    assert "s3cr3t" not in repr(creds)


def test_lookup_failed_carries_a_code_only() -> None:
    exc = LookupFailed("denied")
    assert str(exc) == "denied" and exc.args == ("denied",)


def test_logs_hold_no_secret_token_link_or_content(cloud: Cloud, creds: Credentials, policy: Policy,
                                                   bus_roster: bytes, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    cloud.graph_files[ROSTER_URL] = DriveFile("Bus Roster 2024-25.xlsx", bus_roster)
    cloud.graph_groups[f"allstudents@{STUDENTS}"] = GraphGroup("g-1", 9000, 0)
    message = OutgoingMessage(sender=Person(f"transport@{STAFF}"), links=(ROSTER_URL, SHEET_URL),
                              to=(Recipient(f"allstudents@{STUDENTS}", kind="list"),))

    async def go() -> None:
        enricher = make_enricher(creds, policy)
        try:
            await enricher.enrich(message, message.links, policy)
            cloud.mode = "garbage"
            enricher.cache.files = type(enricher.cache.files)(1, 0, b"k" * 32)  # no cache: fail again
            await enricher.enrich(message, message.links, policy)
        finally:
            await enricher.aclose()

    anyio.run(go)
    logged = caplog.text
    student = generate(3000, seed=1)[0]
    for leaked in (CLIENT_SECRET, "graph-token", "google-token", ROSTER_URL, "EbusRosterAll2024", SHEET_ID,
                   share_id(ROSTER_URL)[2:20], f"allstudents@{STUDENTS}", student.street, "Bus Roster 2024-25"):
        assert leaked not in logged


def test_every_variable_read_is_documented() -> None:
    from backend.integrations.secrets import ENV
    from backend.settings import ENV_HELP

    assert set(ENV) <= set(ENV_HELP)
