"""Signing in to the console through local Entra ID and Google servers: msal and httpx really run."""

from __future__ import annotations

import logging
import ssl
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from starlette.testclient import TestClient

from tests.admin import fakeidp
from tests.admin.console import ADMIN, ADMIN_GROUP, TEACHER, build
from tests.admin.fakeidp import IdP
from tests.integrations.fakecloud import TLSFiles, make_tls


@pytest.fixture(scope="module")
def tls(tmp_path_factory: pytest.TempPathFactory) -> TLSFiles:
    return make_tls(tmp_path_factory.mktemp("idp-tls"))


@pytest.fixture(scope="module")
def idp(tls: TLSFiles) -> Iterator[IdP]:
    with fakeidp.serve(tls) as running:
        yield running


def console(idp: IdP, tls: TLSFiles, tmp_path: Path, **kw: object) -> TestClient:
    admin = (f'entra_tenant_id = "{fakeidp.TENANT}"\nentra_client_id = "{fakeidp.ENTRA_CLIENT}"\n'
             f'entra_authority = "{idp.base}"\ngoogle_client_id = "{fakeidp.GOOGLE_CLIENT}"\n'
             f'google_discovery_url = "{idp.base}/google/.well-known/openid-configuration"\n')
    env = {"CROSSING_GUARD_LOOKUP_CA_FILE": tls.ca_file,
           "CROSSING_GUARD_ADMIN_ENTRA_CLIENT_SECRET": fakeidp.ENTRA_SECRET,
           "CROSSING_GUARD_ADMIN_GOOGLE_CLIENT_SECRET": fakeidp.GOOGLE_SECRET}
    app = build(f"sqlite:///{tmp_path / 'store.sqlite3'}", tmp_path, admin=admin, env=env, **kw)  # type: ignore[arg-type]
    return TestClient(app, follow_redirects=False)


def sign_in(c: TestClient, tls: TLSFiles, provider: str, next_path: str = "/admin/") -> httpx.Response:
    start = c.get(f"/admin/signin/{provider}?next={next_path}")
    assert start.status_code == 303, start.text
    with httpx.Client(verify=ssl.create_default_context(cafile=tls.ca_file)) as browser:
        back = browser.get(start.headers["location"])
    assert back.status_code == 302
    parts = urlsplit(back.headers["location"])
    return c.get(f"{parts.path}?{parts.query}")


ENTRA_USER = {"tid": fakeidp.TENANT, "oid": "oid-1", "preferred_username": ADMIN.upper(), "name": "IT Lead"}


def test_entra_sign_in_with_pkce_lets_an_admin_in(idp: IdP, tls: TLSFiles, tmp_path: Path) -> None:
    idp.forge, idp.user = False, dict(ENTRA_USER)
    with console(idp, tls, tmp_path) as c:
        page = c.get("/admin/signin")
        assert "Sign in with Microsoft" in page.text and "Sign in with Google" in page.text
        done = sign_in(c, tls, "entra", "/admin/trends")
        assert done.status_code == 303 and done.headers["location"] == "/admin/trends"
        cookie = next(v for k, v in done.headers.multi_items() if k == "set-cookie").lower()
        assert "httponly" in cookie and "samesite=lax" in cookie and "path=/admin" in cookie
        home = c.get("/admin/")
        assert home.status_code == 200 and f"Signed in as {ADMIN}" in home.text
    asked = idp.authorize_requests[-1]
    assert asked["code_challenge_method"] == "S256" and asked["client_id"] == fakeidp.ENTRA_CLIENT
    assert "openid" in asked["scope"].split() and asked["nonce"]


def test_entra_group_members_are_admins(idp: IdP, tls: TLSFiles, tmp_path: Path) -> None:
    idp.forge = False
    idp.user = {**ENTRA_USER, "preferred_username": "helpdesk@lincoln.k12.example", "groups": [ADMIN_GROUP]}
    with console(idp, tls, tmp_path) as c:
        assert sign_in(c, tls, "entra").status_code == 303
        assert c.get("/admin/").status_code == 200


def test_a_non_admin_gets_a_plain_403_and_no_session(idp: IdP, tls: TLSFiles, tmp_path: Path) -> None:
    idp.forge, idp.user = False, {**ENTRA_USER, "preferred_username": TEACHER, "groups": ["some-other-group"]}
    with console(idp, tls, tmp_path) as c:
        refused = sign_in(c, tls, "entra")
        assert refused.status_code == 403 and "Not an administrator" in refused.text
        assert c.get("/admin/").status_code == 303


def test_a_token_signed_by_another_key_is_refused(idp: IdP, tls: TLSFiles, tmp_path: Path) -> None:
    idp.forge, idp.user = True, dict(ENTRA_USER)
    try:
        with console(idp, tls, tmp_path) as c:
            refused = sign_in(c, tls, "entra")
            assert refused.status_code == 403 and "could not be confirmed" in refused.text
            assert c.get("/admin/").status_code == 303
    finally:
        idp.forge = False


def test_a_callback_with_another_state_is_refused(idp: IdP, tls: TLSFiles, tmp_path: Path) -> None:
    idp.forge, idp.user = False, dict(ENTRA_USER)
    with console(idp, tls, tmp_path) as c:
        start = c.get("/admin/signin/entra")
        with httpx.Client(verify=ssl.create_default_context(cafile=tls.ca_file)) as browser:
            back = urlsplit(browser.get(start.headers["location"]).headers["location"])
        code = parse_qs(back.query)["code"][0]
        assert c.get(f"/admin/signin/callback?code={code}&state=forged").status_code == 403
        assert c.get("/admin/").status_code == 303
        fresh = TestClient(c.app, follow_redirects=False)
        assert fresh.get(f"/admin/signin/callback?code={code}&state=x").status_code == 400  # no flow started


GOOGLE_USER = {"email": ADMIN, "email_verified": True, "hd": "lincoln.k12.example"}


@pytest.mark.parametrize(("user", "admitted"), [
    (GOOGLE_USER, True),
    ({**GOOGLE_USER, "hd": "eastside.lincoln.k12.example", "email": ADMIN}, True),
    ({**GOOGLE_USER, "hd": "gmail-workspace.example"}, False),
    ({"email": ADMIN, "email_verified": True}, False),  # a consumer account: no hd
    ({**GOOGLE_USER, "email_verified": False}, False),
    ({**GOOGLE_USER, "email": TEACHER}, False),
])
def test_google_sign_in_checks_the_domain_and_the_admin(idp: IdP, tls: TLSFiles, tmp_path: Path,
                                                        user: dict[str, object], admitted: bool,
                                                        caplog: pytest.LogCaptureFixture) -> None:
    idp.forge, idp.user = False, dict(user)
    caplog.set_level(logging.DEBUG)
    with console(idp, tls, tmp_path) as c:
        done = sign_in(c, tls, "google")
        assert (done.status_code == 303) is admitted
        assert (c.get("/admin/").status_code == 200) is admitted
    assert idp.token_requests[-1]["code_verifier"]
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert fakeidp.GOOGLE_SECRET not in logged and ADMIN not in logged and TEACHER not in logged


def test_https_deployments_get_a_secure_cookie(idp: IdP, tls: TLSFiles, tmp_path: Path) -> None:
    with console(idp, tls, tmp_path, public_url="https://guard.lincoln.k12.example") as c:
        start = c.get("/admin/signin/google")
        cookie = next(v for k, v in start.headers.multi_items() if k == "set-cookie").lower()
        assert "secure" in cookie and "httponly" in cookie
        assert "redirect_uri=https%3A%2F%2Fguard.lincoln.k12.example%2Fadmin%2Fsignin%2Fcallback" in \
            start.headers["location"]


def test_next_never_leaves_the_console(idp: IdP, tls: TLSFiles, tmp_path: Path) -> None:
    idp.forge, idp.user = False, dict(ENTRA_USER)
    with console(idp, tls, tmp_path) as c:
        assert sign_in(c, tls, "entra", "https://evil.example/").headers["location"] == "/admin/"
        assert sign_in(c, tls, "entra", "//evil.example/admin").headers["location"] == "/admin/"


def test_an_unreachable_provider_is_a_plain_page(tls: TLSFiles, tmp_path: Path) -> None:
    dead = IdP(fakeidp.free_port())
    with console(dead, tls, tmp_path) as c:
        r = c.get("/admin/signin/entra")
        assert r.status_code == 502 and "could not be reached" in r.text
