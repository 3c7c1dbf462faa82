"""What Outlook fetches, and CORS, through the real app over HTTP."""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from backend.app import create_app
from backend.outlook.routes import handler_config, render_handler
from backend.policy import load_demo_policy
from backend.policy.schema import Failure, Outlook
from backend.settings import Settings
from tests.browser.conftest import serve

PUBLIC = "https://guard.district.example"
CLIENT_ID = "5e6f7a8b-1111-4222-8333-444455556666"
TENANT = "7d3c2b1a-0000-4000-8000-00000000d157"
ADDIN = Path(__file__).resolve().parents[2] / "addin" / "outlook"
CONFIG = re.compile(r"/\*@config\*/ (\{.*?\}) /\*@end-config\*/", re.DOTALL)


@pytest.fixture(scope="module")
def local() -> Iterator[str]:
    """No public URL: the service's own origin is the one each request was made to."""
    with serve(create_app(Settings(api_keys=frozenset({"k"})))) as url:
        yield url


@pytest.fixture(scope="module")
def public() -> Iterator[str]:
    """Behind a proxy: CROSSING_GUARD_PUBLIC_URL is the add-in's origin; hold mode; Entra client id."""
    policy = dataclasses.replace(
        load_demo_policy(),
        failure=Failure(mode="hold", client_timeout_seconds=2.5),
        outlook=Outlook(client_id=CLIENT_ID, tenant_ids=(TENANT,)),
    )
    with serve(create_app(Settings(api_keys=frozenset({"k"}), public_url=PUBLIC), policy)) as url:
        yield url


def served_config(url: str) -> dict[str, object]:
    response = httpx.get(url + "/addin/outlook/launchevent.js")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/javascript")
    match = CONFIG.search(response.text)
    assert match, "the config block is rendered"
    config: dict[str, object] = json.loads(match.group(1))
    return config


def test_the_handler_learns_the_service_url_and_the_policy(public: str) -> None:
    config = served_config(public)
    assert config["serviceUrl"] == PUBLIC
    assert config["failMode"] == "hold"
    assert config["timeoutMs"] == 2500
    assert config["clientId"] == CLIENT_ID
    assert config["scope"] == f"api://guard.district.example/{CLIENT_ID}/Check.Send"
    assert config["authority"] == f"https://login.microsoftonline.com/{TENANT}", "the district's tenant, not /common"
    assert "insideDomains" not in config, "who is outside is the service's to decide (fix_plan), not the client's"


def test_without_a_public_url_the_request_origin_is_used(local: str) -> None:
    config = served_config(local)
    assert config["serviceUrl"] == local
    assert config["failMode"] == "allow_with_note"
    assert config["timeoutMs"] == 3500
    assert config["clientId"] == "" and config["scope"] == ""
    assert config["authority"] == "https://login.microsoftonline.com/organizations"


def test_the_handler_is_served_with_msal_in_front_of_it_as_one_file(public: str) -> None:
    """Classic Outlook's event runtime loads this one file and nothing else: MSAL must be inside it.

    addin/test/signin.test.js runs exactly this concatenation, with the real MSAL, in a bare runtime."""
    served = httpx.get(public + "/addin/outlook/launchevent.js").text
    vendor = (ADDIN / "vendor" / "msal-browser.min.js").read_text("utf-8")
    policy = dataclasses.replace(
        load_demo_policy(), failure=Failure(mode="hold", client_timeout_seconds=2.5),
        outlook=Outlook(client_id=CLIENT_ID, tenant_ids=(TENANT,)),
    )
    handler = render_handler((ADDIN / "launchevent.js").read_text("utf-8"), handler_config(policy, PUBLIC))
    assert served == vendor + "\n" + handler
    assert served.startswith("/*! @azure/msal-browser v")


def test_the_bundle_is_revalidated_not_downloaded_again(public: str) -> None:
    first = httpx.get(public + "/addin/outlook/launchevent.js")
    assert first.headers["cache-control"] == "no-cache" and first.headers["etag"]
    again = httpx.get(public + "/addin/outlook/launchevent.js", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    stale = httpx.get(public + "/addin/outlook/launchevent.js", headers={"If-None-Match": '"0000"'})
    assert stale.status_code == 200 and stale.text == first.text


def test_render_refuses_a_file_without_its_config_block() -> None:
    with pytest.raises(RuntimeError):
        render_handler("function f() {}", handler_config(load_demo_policy(), PUBLIC))


def test_the_allow_list_names_the_handler_by_absolute_url(public: str, local: str) -> None:
    assert httpx.get(public + "/.well-known/microsoft-officeaddins-allowed.json").json() == {
        "allowed": [PUBLIC + "/addin/outlook/launchevent.js"]
    }
    assert httpx.get(local + "/.well-known/microsoft-officeaddins-allowed.json").json() == {
        "allowed": [local + "/addin/outlook/launchevent.js"]
    }


@pytest.mark.parametrize(("path", "kind"), [
    ("/addin/outlook/commands.html", "text/html"),
    ("/addin/outlook/taskpane.html", "text/html"),
    ("/addin/outlook/taskpane.js", "javascript"),
    ("/addin/outlook/taskpane.css", "text/css"),
    ("/addin/outlook/vendor/msal-browser.min.js", "javascript"),
    ("/addin/outlook/icons/icon-16.png", "image/png"),
    ("/addin/outlook/icons/icon-32.png", "image/png"),
    ("/addin/outlook/icons/icon-64.png", "image/png"),
    ("/addin/outlook/icons/icon-80.png", "image/png"),
    ("/addin/outlook/icons/icon-128.png", "image/png"),
    ("/addin/outlook/manifest.xml", "application/xml"),
    ("/addin/outlook/manifest.json", "application/json"),
])
def test_outlook_fetches_every_file(public: str, path: str, kind: str) -> None:
    response = httpx.get(public + path)
    assert response.status_code == 200, path
    assert kind in response.headers["content-type"]


def test_served_manifests_point_at_the_public_url(public: str) -> None:
    xml = httpx.get(public + "/addin/outlook/manifest.xml").text
    assert f'DefaultValue="{PUBLIC}/addin/outlook/launchevent.js"' in xml
    assert f"<Id>{CLIENT_ID}</Id>" in xml
    unified = httpx.get(public + "/addin/outlook/manifest.json").json()
    assert unified["webApplicationInfo"]["id"] == CLIENT_ID


@pytest.mark.parametrize("name", ["manifest.xml", "manifest.json"])
def test_without_an_entra_app_the_manifests_are_a_clear_404_naming_the_key(local: str, name: str) -> None:
    response = httpx.get(f"{local}/addin/outlook/{name}")
    assert response.status_code == 404
    error = response.json()["error"]
    assert error["code"] == "not_configured" and "outlook.client_id" in error["message"]


@pytest.mark.parametrize("path", [
    "/addin/outlook/manifest.example.xml", "/addin/outlook/manifest.example.json",
    "/manifests/outlook/manifest.example.xml", "/addin/outlook/../../manifests/outlook/manifest.example.json",
])
def test_the_example_manifests_are_never_served(public: str, path: str) -> None:
    response = httpx.get(public + path)
    assert response.status_code == 404, path
    assert "00000000-0000-0000-0000-000000000000" not in response.text


def test_no_file_outside_the_add_in_is_served(public: str) -> None:
    for path in ("/addin/outlook/../../backend/settings.py", "/addin/outlook/%2e%2e/package.json",
                 "/addin/package.json", "/addin/test/harness.js"):
        assert httpx.get(public + path).status_code == 404, path


# ---- CORS ----

def preflight(url: str, origin: str) -> httpx.Response:
    return httpx.options(url + "/v1/check", headers={
        "Origin": origin, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization, content-type",
    })


@pytest.mark.parametrize("origin", [PUBLIC, PUBLIC + "/", "HTTPS://Guard.District.Example/"])
def test_the_public_origin_with_or_without_a_trailing_slash(public: str, origin: str) -> None:
    response = preflight(public, origin)
    assert response.status_code == 204
    assert response.headers["access-control-allow-origin"] == origin
    assert "POST" in response.headers["access-control-allow-methods"]
    assert response.headers["access-control-allow-headers"] == "Authorization, Content-Type"
    assert response.headers["vary"] == "Origin"
    check = httpx.post(public + "/v1/check", json={"client": {"app": "outlook"}, "to": ["a@b.example"]},
                       headers={"Origin": origin, "Authorization": "Bearer k"})
    assert check.status_code == 200
    assert check.headers["access-control-allow-origin"] == origin


def test_the_request_origin_when_no_public_url_is_set(local: str) -> None:
    for origin in (local, local + "/"):
        assert preflight(local, origin).headers["access-control-allow-origin"] == origin


def test_errors_carry_cors_headers_too(public: str) -> None:
    response = httpx.post(public + "/v1/check", json={}, headers={"Origin": PUBLIC + "/"})
    assert response.status_code == 401
    assert response.headers["access-control-allow-origin"] == PUBLIC + "/"


@pytest.mark.parametrize("origin", [
    "https://evil.example", "https://guard.district.example.evil.example", "http://guard.district.example",
    "https://guard.district.example:8443", "null",
])
def test_any_other_origin_is_refused(public: str, origin: str) -> None:
    response = preflight(public, origin)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "cors_origin"
    assert "access-control-allow-origin" not in response.headers
    check = httpx.post(public + "/v1/check", json={}, headers={"Origin": origin, "Authorization": "Bearer k"})
    assert "access-control-allow-origin" not in check.headers


def test_an_origin_built_from_the_host_header_is_refused_when_a_public_url_is_set(public: str) -> None:
    assert preflight(public, public).status_code == 403  # public is http://127.0.0.1:port, not PUBLIC
    forged = httpx.options(public + "/v1/check", headers={
        "Origin": "http://evil.example", "Host": "evil.example", "Access-Control-Request-Method": "POST"})
    assert forged.status_code == 403 and "access-control-allow-origin" not in forged.headers


def test_without_a_public_url_only_a_loopback_own_origin_is_allowed(local: str) -> None:
    forged = httpx.options(local + "/v1/check", headers={
        "Origin": "http://evil.example", "Host": "evil.example", "Access-Control-Request-Method": "POST"})
    assert forged.status_code == 403 and "access-control-allow-origin" not in forged.headers


def test_requests_without_origin_are_untouched(public: str) -> None:
    response = httpx.get(public + "/healthz")
    assert response.status_code == 200
    assert "access-control-allow-origin" not in response.headers
