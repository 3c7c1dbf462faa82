"""Entra ID tokens through the real app over HTTP, against keys served by a real loopback JWKS endpoint."""

from __future__ import annotations

import asyncio
import dataclasses
import time
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any, TypeVar

import httpx
import pytest

from backend.app import create_app
from backend.errors import AuthError, PolicyError
from backend.outlook.entra import EntraVerifier
from backend.policy import Policy, load_demo_policy
from backend.policy.schema import Outlook
from backend.settings import Settings
from tests.browser.conftest import serve
from tests.outlook.servers import JWKSServer, jwks_server
from tests.outlook.tokens import (
    CLIENT_ID,
    OTHER_TENANT,
    SCOPE,
    TENANT,
    Key,
    claims,
    hmac_with_public_key,
    sign,
    unsigned,
)

API_KEY = "automation-key-for-tests"
T = TypeVar("T")
MESSAGE = {"client": {"app": "outlook"}, "to": ["family@example.org"], "subject": "Picnic", "body": "See you there."}


@pytest.fixture(scope="module")
def keys() -> dict[str, Key]:
    return {name: Key(kid=name) for name in ("k1", "k2", "other")}


@pytest.fixture(scope="module")
def jwks(keys: dict[str, Key]) -> Iterator[JWKSServer]:
    with jwks_server() as server:
        server.keys[TENANT] = [keys["k1"].jwk()]
        server.keys[OTHER_TENANT] = [keys["other"].jwk()]
        yield server


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    """asyncio.run in its own thread: Playwright's sync API may hold this thread's event loop."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def outlook_policy(authority: str, **overrides: Any) -> Policy:
    outlook = Outlook(
        tenant_ids=(TENANT,), client_id=CLIENT_ID, audience=f"api://guard.district.example/{CLIENT_ID}",
        scope=SCOPE, authority_host=authority, **overrides,
    )
    return dataclasses.replace(load_demo_policy(), outlook=outlook)


@contextmanager
def running_app(authority: str) -> Iterator[str]:
    app = create_app(Settings(api_keys=frozenset({API_KEY})), outlook_policy(authority))
    with serve(app) as url:
        yield url


@pytest.fixture(scope="module")
def app_url(jwks: JWKSServer) -> Iterator[str]:
    with running_app(jwks.url) as url:
        yield url


def check(url: str, token: str | None) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
    return httpx.post(url + "/v1/check", json=MESSAGE, headers=headers, timeout=10)


def test_a_good_token_is_accepted(app_url: str, jwks: JWKSServer, keys: dict[str, Key]) -> None:
    response = check(app_url, sign(keys["k1"], claims(jwks.url)))
    assert response.status_code == 200, response.text
    assert response.json()["verdict"] in ("allow", "warn", "block")


def test_the_v2_client_id_audience_is_accepted_too(app_url: str, jwks: JWKSServer, keys: dict[str, Key]) -> None:
    token = sign(keys["k1"], claims(jwks.url, aud=f"api://guard.district.example/{CLIENT_ID}"))
    assert check(app_url, token).status_code == 200


def test_expiry_has_a_small_leeway(app_url: str, jwks: JWKSServer, keys: dict[str, Key]) -> None:
    token = sign(keys["k1"], claims(jwks.url, exp=int(time.time()) - 30))
    assert check(app_url, token).status_code == 200


def test_api_keys_keep_working(app_url: str) -> None:
    assert check(app_url, API_KEY).status_code == 200


def bad_tokens(authority: str, keys: dict[str, Key]) -> dict[str, str]:
    k1 = keys["k1"]
    return {
        "expired": sign(k1, claims(authority, exp=int(time.time()) - 600)),
        "foreign tenant": sign(keys["other"], claims(authority, tid=OTHER_TENANT)),
        "wrong audience": sign(k1, claims(authority, aud="api://someone-else/app")),
        "missing scope": sign(k1, claims(authority, scp="openid profile")),
        "no scope claim": sign(k1, claims(authority, scp=None)),
        "scope as a substring": sign(k1, claims(authority, scp="Check.SendAll")),
        "unsigned (alg none)": unsigned(claims(authority), "k1"),
        "HS256 keyed with the public key": hmac_with_public_key(k1, claims(authority)),
        "signed by another key under our kid": sign(keys["other"], claims(authority), kid="k1"),
        "issuer of another tenant": sign(k1, claims(authority, iss=f"{authority}/{OTHER_TENANT}/v2.0")),
        "v1 issuer": sign(k1, claims(authority, iss=f"https://sts.windows.net/{TENANT}/")),
        "no expiry": sign(k1, claims(authority, exp=None)),
        "no tid": sign(k1, {**claims(authority), "tid": None}),
        "not yet valid": sign(k1, claims(authority, nbf=int(time.time()) + 600)),
        "tampered payload": sign(k1, claims(authority)).rsplit(".", 2)[0] + "."
        + sign(k1, claims(authority, preferred_username="boss@district.example")).split(".")[1] + "."
        + sign(k1, claims(authority)).rsplit(".", 1)[1],
        "garbage": "not-a-token",
        "empty kid": sign(k1, claims(authority), kid=""),
    }


BAD = [
    "expired", "foreign tenant", "wrong audience", "missing scope", "no scope claim", "scope as a substring",
    "unsigned (alg none)", "HS256 keyed with the public key", "signed by another key under our kid",
    "issuer of another tenant", "v1 issuer", "no expiry", "no tid", "not yet valid", "tampered payload",
    "garbage", "empty kid",
]


@pytest.mark.parametrize("kind", BAD)
def test_bad_tokens_get_401(app_url: str, jwks: JWKSServer, keys: dict[str, Key], kind: str) -> None:
    response = check(app_url, bad_tokens(jwks.url, keys)[kind])
    assert response.status_code == 401, kind
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json() == {"error": {"code": "unauthorized", "message": "A valid credential is required."}}


def test_no_credential_gets_401_over_the_network(app_url: str) -> None:
    # uvicorn's peer is loopback here, but an Outlook check is not the demo: it needs a credential.
    assert check(app_url, None).status_code == 401


def test_a_foreign_tenant_never_causes_a_key_fetch(jwks: JWKSServer, keys: dict[str, Key], app_url: str) -> None:
    before = jwks.fetches(OTHER_TENANT)
    check(app_url, sign(keys["other"], claims(jwks.url, tid=OTHER_TENANT)))
    assert jwks.fetches(OTHER_TENANT) == before == 0


def test_key_rotation_fetches_the_new_key_once(jwks: JWKSServer, keys: dict[str, Key]) -> None:
    with running_app(jwks.url) as url:
        jwks.requests.clear()
        jwks.keys[TENANT] = [keys["k1"].jwk()]
        assert check(url, sign(keys["k1"], claims(jwks.url))).status_code == 200
        assert check(url, sign(keys["k1"], claims(jwks.url))).status_code == 200
        assert jwks.fetches(TENANT) == 1, "keys are cached"

        jwks.keys[TENANT] = [keys["k1"].jwk(), keys["k2"].jwk()]  # Entra publishes a new key
        assert check(url, sign(keys["k2"], claims(jwks.url))).status_code == 200
        assert check(url, sign(keys["k2"], claims(jwks.url))).status_code == 200
        assert jwks.fetches(TENANT) == 2, "the new kid was fetched once"

        forged = Key(kid="forged")
        for _ in range(3):
            assert check(url, sign(forged, claims(jwks.url))).status_code == 401
        assert jwks.fetches(TENANT) == 2, "unknown kids within the refresh interval do not refetch"
        jwks.keys[TENANT] = [keys["k1"].jwk()]


def test_the_caller_is_the_signed_in_user(jwks: JWKSServer, keys: dict[str, Key]) -> None:
    verifier = EntraVerifier(outlook_policy(jwks.url).outlook)
    token = sign(keys["k1"], claims(jwks.url))
    assert verifier.accepts(token)
    caller = run(verifier.verify(token))
    assert (caller.kind, caller.email, caller.tenant) == ("entra", "kpatel@district.example", TENANT)
    assert caller.subject == "00000000-aaaa-bbbb-cccc-000000000001"


def test_upn_is_used_when_preferred_username_is_absent(jwks: JWKSServer, keys: dict[str, Key]) -> None:
    verifier = EntraVerifier(outlook_policy(jwks.url).outlook)
    token = sign(keys["k1"], claims(jwks.url, preferred_username=None, upn="Staff@District.Example"))
    assert run(verifier.verify(token)).email == "staff@district.example"


def test_unreachable_keys_mean_401_not_500(keys: dict[str, Key]) -> None:
    authority = "http://127.0.0.1:9"  # discard port: nothing listens
    verifier = EntraVerifier(outlook_policy(authority).outlook)
    with pytest.raises(AuthError):
        run(verifier.verify(sign(keys["k1"], claims(authority))))


def test_tokens_from_other_issuers_are_left_to_other_verifiers(jwks: JWKSServer, keys: dict[str, Key]) -> None:
    verifier = EntraVerifier(outlook_policy(jwks.url).outlook)
    assert not verifier.accepts(sign(keys["k1"], claims(jwks.url, iss="https://accounts.google.com")))
    assert not verifier.accepts("not-a-token")


def test_tenants_without_a_client_id_fail_loudly() -> None:
    with pytest.raises(PolicyError, match=r"outlook\.client_id"):
        EntraVerifier(Outlook(tenant_ids=(TENANT,)))


def test_no_tenants_means_no_entra_verifier(keys: dict[str, Key]) -> None:
    from backend.outlook import entra_verifiers

    assert entra_verifiers(load_demo_policy()) == []
