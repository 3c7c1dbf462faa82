"""Signing in to the console with the district's identity provider: Entra ID or Google.

- **Entra ID**: msal's `ConfidentialClientApplication` runs the authorization-code flow with PKCE
  (`initiate_auth_code_flow` / `acquire_token_by_auth_code_flow`, which check the state and nonce);
  the ID token's signature is then checked against the tenant's published keys as well. Admin
  groups come from the token's `groups` claim (the app registration must emit group IDs).
- **Google**: the OpenID Connect authorization-code flow with PKCE over httpx; the ID token is checked
  against Google's keys, and its `hd` (Workspace domain) must be one of the district's, with a
  verified address. Google groups are not read: name Google admins by address.

Both are synchronous (msal is), so the console runs them in a worker thread. A provider keeps what a
browser's sign-in needs between the two legs as a small dict the console puts in the signed cookie.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import threading
import warnings
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import urlencode

import httpx
import msal

from backend.admin.config import ConsoleConfig
from backend.admin.oidc import SignInError, SigningKeys, get_json, verify_id_token

TIMEOUT_SECONDS = 10.0
GOOGLE_ISSUERS = ("https://accounts.google.com", "accounts.google.com")


@dataclass(frozen=True)
class Identity:
    email: str
    groups: tuple[str, ...] = ()


class Provider(Protocol):
    name: str
    label: str

    def start(self, redirect_uri: str) -> tuple[str, dict[str, Any]]:
        """The provider's authorize URL, and what to keep until the browser comes back."""

    def finish(self, flow: dict[str, Any], params: dict[str, str]) -> Identity:
        """Redeem the code the browser brought back; SignInError when it proves nothing."""


class _MsalHttp:
    """msal's HttpClient interface over httpx, so sign-in trusts the same CA bundle as the lookups."""

    def __init__(self, client: httpx.Client) -> None:
        self._client = client

    def post(self, url: str, params: Any = None, data: Any = None, headers: Any = None,
             **kwargs: Any) -> httpx.Response:
        if isinstance(data, str | bytes):
            return self._client.post(url, params=params, content=data, headers=headers)
        return self._client.post(url, params=params, data=data, headers=headers)

    def get(self, url: str, params: Any = None, headers: Any = None, **kwargs: Any) -> httpx.Response:
        return self._client.get(url, params=params, headers=headers)

    def close(self) -> None:
        """The client belongs to the console, which closes it."""


class EntraSignIn:
    name = "entra"
    label = "Microsoft (Entra ID)"

    def __init__(self, config: ConsoleConfig, client: httpx.Client) -> None:
        admin = config.admin
        self._client = client
        self._secret = config.entra_secret
        self.client_id = admin.entra_client_id
        self.authority = f"{admin.entra_authority.rstrip('/')}/{admin.entra_tenant_id}"
        self.issuer = f"{self.authority}/v2.0"
        self._app: msal.ConfidentialClientApplication | None = None
        self._keys: SigningKeys | None = None
        self._lock = threading.Lock()

    def _msal(self) -> tuple[msal.ConfidentialClientApplication, SigningKeys]:
        # Built on first use: msal reads the tenant's discovery document when it is constructed.
        with self._lock:
            if self._app is None or self._keys is None:
                discovery = get_json(self._client, f"{self.issuer}/.well-known/openid-configuration")
                jwks_uri = discovery.get("jwks_uri")
                if not isinstance(jwks_uri, str):
                    raise SignInError("provider_garbage")
                try:
                    self._app = msal.ConfidentialClientApplication(
                        self.client_id, client_credential=self._secret, authority=self.authority,
                        http_client=_MsalHttp(self._client), instance_discovery=False,
                    )
                except ValueError:
                    raise SignInError("provider_unreachable") from None
                self._keys = SigningKeys(self._client, jwks_uri)
            return self._app, self._keys

    def start(self, redirect_uri: str) -> tuple[str, dict[str, Any]]:
        app, _ = self._msal()
        # The code comes back in the query, not as a cross-site form POST (msal warns): the session
        # cookie is SameSite=Lax, which browsers do not send on such a POST; PKCE and the state bind
        # the code to this browser either way.
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="response_mode='form_post'", category=UserWarning)
            flow: dict[str, Any] = app.initiate_auth_code_flow([], redirect_uri=redirect_uri,
                                                                prompt="select_account")
        return str(flow["auth_uri"]), flow

    def finish(self, flow: dict[str, Any], params: dict[str, str]) -> Identity:
        app, keys = self._msal()
        try:
            result = app.acquire_token_by_auth_code_flow(flow, params)
        except ValueError:  # msal: the state does not match the flow this browser started
            raise SignInError("state") from None
        token = result.get("id_token") if isinstance(result, dict) else None
        if not isinstance(token, str):
            raise SignInError("no_id_token")
        nonce = hashlib.sha256(str(flow.get("nonce", "")).encode()).hexdigest()  # msal sends the hash
        claims = verify_id_token(token, keys, audience=self.client_id, issuers=(self.issuer,), nonce=nonce)
        email = claims.get("preferred_username") or claims.get("email") or ""
        groups = claims.get("groups") or []
        if not isinstance(email, str) or "@" not in email or not isinstance(groups, list):
            raise SignInError("id_token_claims")
        return Identity(email.lower(), tuple(str(g) for g in groups))


def _pkce() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return verifier, challenge


class GoogleSignIn:
    name = "google"
    label = "Google"

    def __init__(self, config: ConsoleConfig, client: httpx.Client) -> None:
        self._client = client
        self._secret = config.google_secret
        self.client_id = config.admin.google_client_id
        self.discovery_url = config.admin.google_discovery_url
        self.domains = config.google_domains
        self._discovery: dict[str, Any] | None = None
        self._keys: SigningKeys | None = None
        self._lock = threading.Lock()

    def _endpoints(self) -> tuple[dict[str, Any], SigningKeys]:
        with self._lock:
            if self._discovery is None or self._keys is None:
                discovery = get_json(self._client, self.discovery_url)
                for key in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
                    if not isinstance(discovery.get(key), str):
                        raise SignInError("provider_garbage")
                self._discovery, self._keys = discovery, SigningKeys(self._client, discovery["jwks_uri"])
            return self._discovery, self._keys

    def start(self, redirect_uri: str) -> tuple[str, dict[str, Any]]:
        discovery, _ = self._endpoints()
        verifier, challenge = _pkce()
        flow = {"state": secrets.token_urlsafe(24), "nonce": secrets.token_urlsafe(24),
                "code_verifier": verifier, "redirect_uri": redirect_uri}
        query = {
            "response_type": "code", "client_id": self.client_id, "redirect_uri": redirect_uri,
            "scope": "openid email", "state": flow["state"], "nonce": flow["nonce"],
            "code_challenge": challenge, "code_challenge_method": "S256", "prompt": "select_account",
        }
        if len(self.domains) == 1:
            query["hd"] = self.domains[0]  # a hint for Google's account chooser; the token is what counts
        return f"{discovery['authorization_endpoint']}?{urlencode(query)}", flow

    def finish(self, flow: dict[str, Any], params: dict[str, str]) -> Identity:
        discovery, keys = self._endpoints()
        state = params.get("state", "")
        if not state or not secrets.compare_digest(state, str(flow.get("state", ""))):
            raise SignInError("state")
        code = params.get("code", "")
        if not code:
            raise SignInError("no_code")
        form = {"grant_type": "authorization_code", "code": code, "client_id": self.client_id,
                "client_secret": self._secret, "redirect_uri": str(flow.get("redirect_uri", "")),
                "code_verifier": str(flow.get("code_verifier", ""))}
        try:
            response = self._client.post(discovery["token_endpoint"], data=form)
            body = response.json()
        except (httpx.HTTPError, ValueError):
            raise SignInError("provider_unreachable") from None
        token = body.get("id_token") if isinstance(body, dict) and response.status_code == 200 else None
        if not isinstance(token, str):
            raise SignInError("token_refused")
        issuers = (*GOOGLE_ISSUERS, str(discovery.get("issuer", GOOGLE_ISSUERS[0])))
        claims = verify_id_token(token, keys, audience=self.client_id, issuers=issuers,
                                 nonce=str(flow.get("nonce", "")))
        email = claims.get("email")
        if not isinstance(email, str) or claims.get("email_verified") is not True:
            raise SignInError("email_unverified")
        if str(claims.get("hd", "")).lower() not in self.domains:
            raise SignInError("hosted_domain")
        return Identity(email.lower())


def providers(config: ConsoleConfig, client: httpx.Client) -> dict[str, Provider]:
    found: dict[str, Provider] = {}
    if config.entra:
        found["entra"] = EntraSignIn(config, client)
    if config.google:
        found["google"] = GoogleSignIn(config, client)
    return found
