"""Fixtures: one local cloud over TLS for the session, a policy pointing at it, and an enricher."""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from openpyxl import Workbook

from backend.integrations import LookupEnricher, enricher_for
from backend.integrations.secrets import Credentials, GoogleCredentials, GraphCredentials, Secret
from backend.policy import Policy, load_demo_policy
from tests.fakedata.students import generate
from tests.integrations.fakecloud import (
    CLIENT_ID,
    CLIENT_SECRET,
    SERVICE_ACCOUNT,
    TENANT,
    Cloud,
    TLSFiles,
    free_port,
    make_tls,
    serve,
)

STAFF = "maplevalley.k12.example"
STUDENTS = "students.maplevalley.k12.example"
ROSTER_URL = "https://maplevalley.sharepoint.com/:x:/s/transportation/EbusRosterAll2024?e=Xy12Ab"
SHEET_ID = "1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms"
SHEET_URL = f"https://docs.google.com/spreadsheets/d/{SHEET_ID}/edit?usp=sharing"


@pytest.fixture(scope="session")
def tls(tmp_path_factory: pytest.TempPathFactory) -> TLSFiles:
    return make_tls(tmp_path_factory.mktemp("tls"))


@pytest.fixture(scope="session")
def service_key() -> tuple[str, str]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode()
    public = key.public_key().public_bytes(serialization.Encoding.PEM,
                                           serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    return private, public


@pytest.fixture(scope="session")
def _cloud(tls: TLSFiles, service_key: tuple[str, str]) -> Iterator[Cloud]:
    with serve(Cloud(port=free_port(), public_key=service_key[1]), tls) as running:
        yield running


@pytest.fixture
def cloud(_cloud: Cloud) -> Iterator[Cloud]:
    _cloud.reset()
    yield _cloud
    _cloud.reset()


def policy_for(base: str, **lookups: object) -> Policy:
    demo = load_demo_policy()
    settings = dict(
        graph_base=f"{base}/v1.0", google_drive_base=f"{base}/drive/v3",
        google_directory_base=f"{base}/admin/directory/v1", entra_authority=base,
        google_token_url=f"{base}/token", download_hosts=(f"localhost:{urlsplit(base).port}",), deadline_seconds=1.5,
    )
    settings.update(lookups)
    return dataclasses.replace(demo, lookups=dataclasses.replace(demo.lookups, **settings))  # type: ignore[arg-type]


@pytest.fixture
def policy(cloud: Cloud) -> Policy:
    return policy_for(cloud.base)


def credentials(tls: TLSFiles, private_key: str, *, graph: bool = True, google: bool = True) -> Credentials:
    return Credentials(
        graph=GraphCredentials(TENANT, CLIENT_ID, Secret(CLIENT_SECRET)) if graph else None,
        google=GoogleCredentials(SERVICE_ACCOUNT, Secret(private_key), "key-1", f"admin@{STAFF}")
        if google else None,
        ca_file=tls.ca_file,
    )


@pytest.fixture
def creds(tls: TLSFiles, service_key: tuple[str, str]) -> Credentials:
    return credentials(tls, service_key[0])


def make_enricher(creds: Credentials, policy: Policy) -> LookupEnricher:
    enricher = enricher_for(creds, policy)
    assert enricher is not None
    return enricher


@pytest.fixture(scope="session")
def bus_roster() -> bytes:
    """The incident-1 file: every student's name, home address and AM/PM bus stop, 3,000 rows."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Bus Roster")
    ws.append(["Student ID", "Last Name", "First Name", "Grade", "School", "Home Address", "City", "Zip",
               "AM Bus Stop", "AM Pickup", "PM Bus Stop", "PM Dropoff", "Route"])
    for s in generate(3000, seed=1):
        ws.append([s.local_id, s.last, s.first, s.grade_code, s.school, s.street, s.city, s.zip,
                   s.am_stop, s.am_time, s.pm_stop, s.pm_time, s.route])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


