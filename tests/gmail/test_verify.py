"""Every add-on endpoint answers only Google, for exactly that endpoint: anything else is 401 and no card."""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Callable

import anyio
import jwt
import pytest

from backend.gmail.verify import GoogleKeys, GoogleRequestVerifier, VerificationFailed
from tests.gmail import documented_events as documented
from tests.gmail.helpers import call, card_of, compose_event, post
from tests.gmail.servers import BASE_URL, SERVICE_ACCOUNT, AppServer, KeyServer, SigningKey, id_token

COMPOSE = "/gmail/compose"
PATHS = ["/gmail/compose", "/gmail/fix", "/gmail/homepage"]
OTHER_KEY = SigningKey("f0e1d2c3b4a5968778695a4b3c2d1e0f00112233")


def _same_kid_other_key(key: SigningKey) -> str:
    """Signed by a key Google never published, under the id of one it did."""
    return id_token(SigningKey(key.kid), BASE_URL + COMPOSE)


def _unsigned(key: SigningKey) -> str:
    header = base64.urlsafe_b64encode(json.dumps({"alg": "none", "kid": key.kid}).encode()).rstrip(b"=")
    claims = jwt.decode(id_token(key, BASE_URL + COMPOSE), options={"verify_signature": False})
    body = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=")
    return f"{header.decode()}.{body.decode()}."


def _hs256(key: SigningKey) -> str:
    claims = jwt.decode(id_token(key, BASE_URL + COMPOSE), options={"verify_signature": False})
    return jwt.encode(claims, "x" * 32, algorithm="HS256", headers={"kid": key.kid})


BAD_TOKENS: dict[str, Callable[[SigningKey], str | None]] = {
    "no token": lambda key: None,
    "not a token": lambda key: "not-a-jwt",
    "forged with an unknown key": lambda key: id_token(OTHER_KEY, BASE_URL + COMPOSE),
    "forged under a published key id": _same_kid_other_key,
    "unsigned (alg none)": _unsigned,
    "symmetric (HS256)": _hs256,
    "expired": lambda key: id_token(key, BASE_URL + COMPOSE, iat=int(time.time()) - 7200, exp=int(time.time()) - 3600),
    "issued in the future": lambda key: id_token(key, BASE_URL + COMPOSE, iat=int(time.time()) + 3600),
    "audience of another endpoint": lambda key: id_token(key, BASE_URL + "/gmail/fix"),
    "audience of another host": lambda key: id_token(key, "https://evil.example" + COMPOSE),
    "audience is the bare base URL": lambda key: id_token(key, BASE_URL),
    "another service account": lambda key: id_token(
        key, BASE_URL + COMPOSE, email="service-999999999999@gcp-sa-gsuiteaddons.iam.gserviceaccount.com"
    ),
    "a person's account": lambda key: id_token(key, BASE_URL + COMPOSE, email="kpatel@maplevalley.k12.example"),
    "no email": lambda key: id_token(key, BASE_URL + COMPOSE, email=None),
    "wrong issuer": lambda key: id_token(key, BASE_URL + COMPOSE, iss="https://evil.example"),
    "no expiry": lambda key: id_token(key, BASE_URL + COMPOSE, exp=None),
}


@pytest.mark.parametrize("case", list(BAD_TOKENS))
def test_bad_tokens_get_401_and_no_card(case: str, app_server: AppServer, google_key: SigningKey) -> None:
    token = BAD_TOKENS[case](google_key)
    response = post(app_server, COMPOSE, compose_event(["parent@gmail.com"]), token)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json() == {"error": {"code": "unauthorized", "message": "A valid credential is required."}}


@pytest.mark.parametrize("path", PATHS)
def test_every_endpoint_checks_its_own_audience(path: str, app_server: AppServer, google_key: SigningKey) -> None:
    for other in PATHS:
        if other != path:
            response = post(
                app_server, path, compose_event(["parent@gmail.com"]), id_token(google_key, BASE_URL + other)
            )
            assert response.status_code == 401


def test_a_valid_token_gets_a_card(app_server: AppServer, google_key: SigningKey) -> None:
    body = call(app_server, google_key, COMPOSE, compose_event(["parent@gmail.com"]))
    assert card_of(body)["header"]["title"] == "Looks fine to send"


def test_the_older_issuer_spelling_is_accepted(app_server: AppServer, google_key: SigningKey) -> None:
    token = id_token(google_key, BASE_URL + COMPOSE, iss="accounts.google.com")
    response = post(app_server, COMPOSE, compose_event(["parent@gmail.com"]), token)
    assert response.status_code == 200


def test_keys_are_fetched_once_and_cached(app_server: AppServer, google_key: SigningKey, key_server: KeyServer) -> None:
    call(app_server, google_key, COMPOSE, compose_event(["parent@gmail.com"]))
    before = key_server.fetches
    for _ in range(3):
        call(app_server, google_key, COMPOSE, compose_event(["parent@gmail.com"]))
    assert key_server.fetches == before >= 1


def test_an_unknown_key_id_refetches_at_most_once_a_minute(
    app_server: AppServer, google_key: SigningKey, key_server: KeyServer
) -> None:
    call(app_server, google_key, COMPOSE, compose_event(["parent@gmail.com"]))
    before = key_server.fetches
    for _ in range(3):
        assert post(app_server, COMPOSE, compose_event([]), id_token(OTHER_KEY, BASE_URL + COMPOSE)).status_code == 401
    assert key_server.fetches <= before + 1


# What Google's system ID token for an HTTP add-on carries, and what its samples check: `aud` is the
# endpoint, `email` the add-on's service account. Nothing else is required, for any endpoint.
ACCEPTED: dict[str, dict[str, object]] = {
    "as Google sends it": {},
    "email_verified absent": {"email_verified": None},
    "email_verified false": {"email_verified": False},
    "email_verified as a string": {"email_verified": "true"},
    "no azp": {"azp": None},
    "no sub": {"sub": None},
    "upper-case service account": {"email": SERVICE_ACCOUNT.upper()},
}


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("case", list(ACCEPTED))
def test_what_google_sends_is_accepted_on_every_endpoint(
    case: str, path: str, app_server: AppServer, google_key: SigningKey
) -> None:
    event = documented.button_callback({"fix": "move_to_bcc", "targets": "0"}) if path == "/gmail/fix" else (
        documented.compose_trigger() if path == COMPOSE else documented.homepage_trigger()
    )
    response = post(app_server, path, event, id_token(google_key, BASE_URL + path, **ACCEPTED[case]))
    assert response.status_code == 200, response.text


def test_a_refused_request_gets_no_card_and_no_check(
    app_server: AppServer, google_key: SigningKey, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level("INFO"):
        response = post(app_server, COMPOSE, documented.compose_trigger(), id_token(OTHER_KEY, BASE_URL + COMPOSE))
    assert response.status_code == 401
    assert "gmail check" not in "\n".join(r.getMessage() for r in caplog.records)


def _reason(verifier: GoogleRequestVerifier, token: str | None, audience: str) -> str:
    async def attempt() -> str:
        try:
            await verifier.verify(token, audience)
        except VerificationFailed as exc:
            return exc.reason
        return "accepted"

    return anyio.run(attempt)


def test_an_unconfigured_service_refuses_everyone(google_key: SigningKey, key_server: KeyServer) -> None:
    verifier = GoogleRequestVerifier("", GoogleKeys(key_server.url))
    assert _reason(verifier, id_token(google_key, BASE_URL + COMPOSE), BASE_URL + COMPOSE) == "not_configured"


def test_unreachable_keys_refuse_rather_than_trust(google_key: SigningKey) -> None:
    verifier = GoogleRequestVerifier(SERVICE_ACCOUNT, GoogleKeys("http://127.0.0.1:9/oauth2/v3/certs"))
    assert _reason(verifier, id_token(google_key, BASE_URL + COMPOSE), BASE_URL + COMPOSE) == "keys_unavailable"


def test_reasons_are_told_apart_for_the_log(google_key: SigningKey, key_server: KeyServer) -> None:
    verifier = GoogleRequestVerifier(SERVICE_ACCOUNT, GoogleKeys(key_server.url))
    aud = BASE_URL + COMPOSE
    assert _reason(verifier, id_token(google_key, aud), aud) == "accepted"
    assert _reason(verifier, id_token(google_key, aud, exp=int(time.time()) - 120), aud) == "expired"
    assert _reason(verifier, id_token(google_key, BASE_URL), aud) == "wrong_audience"
    assert _reason(verifier, id_token(google_key, aud, email="x@example.com"), aud) == "wrong_account"
