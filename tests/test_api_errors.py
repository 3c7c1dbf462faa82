"""Bad input gets one JSON error shape and a 4xx status, never a 500."""

from __future__ import annotations

import json

import pytest
from starlette.testclient import TestClient

from backend.app import create_app
from backend.policy import load_demo_policy
from backend.settings import Settings

KEY = "k-test-0123456789"


@pytest.fixture(scope="module")
def client() -> TestClient:
    app = create_app(Settings(api_keys=frozenset({KEY})), load_demo_policy())
    return TestClient(app, raise_server_exceptions=False, client=("203.0.113.9", 5000))


def post(client: TestClient, body: bytes | str, key: str | None = KEY, ctype: str = "application/json"):  # type: ignore[no-untyped-def]
    headers = {"content-type": ctype}
    if key:
        headers["authorization"] = f"Bearer {key}"
    return client.post("/v1/check", content=body, headers=headers)


def assert_error(response, status: int, code: str, field: str | None = None) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    if field is not None:
        assert body["error"]["field"] == field


def test_no_credential_is_401(client: TestClient) -> None:
    r = post(client, '{"to": []}', key=None)
    assert_error(r, 401, "unauthorized")
    assert r.headers["www-authenticate"] == "Bearer"


def test_wrong_key_is_401(client: TestClient) -> None:
    assert_error(post(client, '{"to": []}', key="nope"), 401, "unauthorized")


def test_demo_without_key_is_refused_off_loopback(client: TestClient) -> None:
    assert_error(post(client, '{"client": {"app": "demo"}}', key=None), 401, "unauthorized")


def test_demo_without_key_on_loopback_works_only_for_demo() -> None:
    app = create_app(Settings(api_keys=frozenset({KEY}), demo=True), load_demo_policy())
    local = TestClient(app, client=("127.0.0.1", 5000))
    ok = local.post("/v1/check", json={"client": {"app": "demo"}, "to": ["a@gmail.com"], "body": {"text": "hi"}})
    assert ok.status_code == 200 and ok.json()["verdict"] == "allow"
    refused = local.post("/v1/check", json={"client": {"app": "api"}, "to": ["a@gmail.com"]})
    assert refused.status_code == 401
    forwarded = local.post("/v1/check", json={"client": {"app": "demo"}}, headers={"x-forwarded-for": "198.51.100.1"})
    assert forwarded.status_code == 401


@pytest.mark.parametrize("settings", [
    Settings(api_keys=frozenset({KEY})),  # a district's deployment: demo access was not asked for
    Settings(api_keys=frozenset({KEY}), demo=True, public_url="https://guard.district.example"),
])
def test_demo_access_is_off_unless_asked_for_and_never_with_a_public_url(settings: Settings) -> None:
    local = TestClient(create_app(settings, load_demo_policy()), client=("127.0.0.1", 5000))
    refused = local.post("/v1/check", json={"client": {"app": "demo"}, "to": ["a@gmail.com"], "body": {"text": "hi"}})
    assert refused.status_code == 401 and refused.json()["error"]["code"] == "unauthorized"


BAD = [
    ("not json", b"{nope", 400, "invalid_json", None),
    ("not utf-8", b"\xff\xfe\x00{", 400, "invalid_json", None),
    ("array", b"[1, 2]", 400, "invalid_type", None),
    ("to not a list", b'{"to": "x"}', 400, "invalid_type", "to"),
    ("recipient without email", b'{"to": [{"name": "A"}]}', 400, "missing_field", "to[0].email"),
    ("recipient not an address", b'{"to": [{"email": "nobody"}]}', 400, "invalid_value", "to[0].email"),
    ("bad kind", b'{"to": [{"email": "a@b.org", "kind": "robot"}]}', 400, "invalid_value", "to[0].kind"),
    ("subject a number", b'{"subject": 5}', 400, "invalid_type", "subject"),
    ("bad base64", b'{"attachments": [{"name": "a.xlsx", "content_b64": "@@@"}]}', 400, "invalid_value",
     "attachments[0].content_b64"),
    ("size negative", b'{"attachments": [{"name": "a", "content_b64": "", "size": -1}]}', 400, "invalid_type",
     "attachments[0].size"),
    ("unknown field", b'{"attachements": []}', 400, "unknown_field", "attachements"),
    ("bad client app", b'{"client": {"app": "fax"}}', 400, "invalid_value", "client.app"),
    ("absurd nesting", ("[" * 100_000 + "]" * 100_000).encode(), 400, "too_deep", None),
    ("deep but parseable", ('{"body": {"text": "x"}, "links": ' + "[" * 40 + "]" * 40 + "}").encode(), 400,
     "too_deep", None),
]


@pytest.mark.parametrize(("name", "body", "status", "code", "field"), BAD, ids=[b[0] for b in BAD])
def test_bad_input(client: TestClient, name: str, body: bytes, status: int, code: str, field: str | None) -> None:
    assert_error(post(client, body), status, code, field)


def test_wrong_content_type_is_415(client: TestClient) -> None:
    assert_error(post(client, "a=b", ctype="application/x-www-form-urlencoded"), 415, "unsupported_media_type")


def test_oversize_request_is_413() -> None:
    from backend.policy import parse_policy

    policy = parse_policy('[district]\nname="T"\ndomains=["t.k12.example"]\n[limits]\nrequest_bytes = 1000\n')
    small = TestClient(create_app(Settings(api_keys=frozenset({KEY})), policy), raise_server_exceptions=False)
    body = json.dumps({"body": {"text": "x" * 5000}})
    assert_error(post(small, body), 413, "too_large")


def test_unknown_route_and_method_use_the_error_shape(client: TestClient) -> None:
    assert_error(client.get("/nope"), 404, "not_found")
    assert_error(client.get("/v1/check"), 405, "method_not_allowed")


def test_healthz_and_schema(client: TestClient) -> None:
    assert client.get("/healthz").json()["status"] == "ok"
    schema = client.get("/openapi.json").json()
    assert "/v1/check" in schema["paths"]
