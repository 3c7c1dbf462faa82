"""Fixtures: a signing key and its JWKS server, and the real app, all on loopback."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from backend.app import create_app
from backend.policy import parse_policy
from backend.settings import Settings
from tests.gmail.servers import BASE_URL, SERVICE_ACCOUNT, AppServer, KeyServer, SigningKey

POLICY = """
[district]
name = "Maple Valley Unified School District"
domains = ["maplevalley.k12.example"]
student_domains = ["students.maplevalley.k12.example"]

[gmail]
service_account = "{account}"
endpoint_base = "{base}"
certs_url = "{certs}"
"""


@pytest.fixture(scope="session")
def google_key() -> SigningKey:
    return SigningKey("7c309e3a1c1999cb0404ab7125ee40b7cdbcaf7d")


@pytest.fixture(scope="session")
def key_server(google_key: SigningKey) -> Iterator[KeyServer]:
    with KeyServer([google_key]).running() as server:
        yield server


@pytest.fixture(scope="session")
def app_server(key_server: KeyServer) -> Iterator[AppServer]:
    policy = parse_policy(
        POLICY.format(account=SERVICE_ACCOUNT, base=BASE_URL, certs=key_server.url)
    )
    with AppServer(create_app(Settings(), policy)).running() as server:
        yield server
