"""Microsoft Graph: who can open a OneDrive/SharePoint link, what it holds, and how big a list is.

Tokens come from msal's ConfidentialClientApplication (client credentials: the district's app
registration with Files.Read.All, GroupMember.Read.All and User.Read.All). msal is synchronous, so it runs in a
worker thread with its own small httpx client that only talks to the configured authority host
and trusts the same CA store as every lookup. Graph itself is called with httpx.AsyncClient.

The link from the message is never requested: it is sent as data, as a share id
("u!" + unpadded base64url of the URL), to `GET /shares/{id}/driveItem`.
"""

from __future__ import annotations

import base64
import ssl
import threading
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import quote, urlsplit

import anyio
import anyio.to_thread
import httpx
import msal

from backend.integrations import http
from backend.integrations.errors import LookupFailed
from backend.integrations.fetched import Fetched, file_type_of, widest
from backend.integrations.secrets import GraphCredentials
from backend.models import GroupInfo, SharingScope
from backend.policy.schema import Lookups

GRAPH_SCOPE = "https://graph.microsoft.com/.default"
_LINK_SCOPES: dict[str, SharingScope] = {
    "anonymous": "anyone", "organization": "organization", "users": "specific_people",
    "existingAccess": "specific_people",
}


def share_id(url: str) -> str:
    """Graph's encoding of a sharing URL: "u!" + base64url without padding."""
    return "u!" + base64.urlsafe_b64encode(url.encode("utf-8")).decode("ascii").rstrip("=")


def _odata_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _segment(value: object) -> str:
    if not isinstance(value, str) or not value or len(value) > 200:
        raise LookupFailed("error")
    return quote(value, safe="!")


class _MsalHttp:
    """msal's HttpClient interface over httpx: our TLS trust, a timeout, one host, no redirects."""

    def __init__(self, tls: ssl.SSLContext, timeout: float, host: str) -> None:
        self._client = httpx.Client(verify=tls, timeout=timeout, follow_redirects=False, trust_env=False)
        self._host = host

    def _check(self, url: str) -> None:
        if urlsplit(url).hostname != self._host or not url.startswith("https://"):
            raise LookupFailed("error")

    def post(self, url: str, params: Any = None, data: Any = None, headers: Any = None,
             **kwargs: Any) -> httpx.Response:
        self._check(url)
        if isinstance(data, str | bytes):
            return self._client.post(url, params=params, content=data, headers=headers)
        return self._client.post(url, params=params, data=data, headers=headers)

    def get(self, url: str, params: Any = None, headers: Any = None, **kwargs: Any) -> httpx.Response:
        self._check(url)
        return self._client.get(url, params=params, headers=headers)

    def close(self) -> None:
        self._client.close()


class GraphClient:
    """Lookups through Microsoft Graph. Holds no message content; its repr shows no credential."""

    def __init__(self, creds: GraphCredentials, lookups: Lookups, tls: ssl.SSLContext,
                 client: httpx.AsyncClient) -> None:
        self._creds = creds
        self._base = lookups.graph_base.rstrip("/")
        self._authority = f"{lookups.entra_authority.rstrip('/')}/{quote(creds.tenant_id, safe='')}"
        self._tls = tls
        self._timeout = max(lookups.deadline_seconds, 1.0)
        self._client = client
        self._apps: dict[bool, msal.ConfidentialClientApplication] = {}  # by "for a user"
        self._msal_http: _MsalHttp | None = None
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"GraphClient(base={self._base!r})"

    # --- tokens -------------------------------------------------------------------------------

    def _application(self, for_user: bool = False) -> msal.ConfidentialClientApplication:
        """The msal application for the service's own tokens, or (`for_user`) for on-behalf-of grants.

        Two applications, so two token caches: msal finds an application token by searching its cache
        for a token with no user account, and a delegated token whose response named no account is
        stored just so. In one cache an API key's lookup could be served a signed-in user's token."""
        with self._lock:
            app = self._apps.get(for_user)
            if app is None:
                host = urlsplit(self._authority).hostname or ""
                if self._msal_http is None:
                    self._msal_http = _MsalHttp(self._tls, self._timeout, host)
                try:
                    # Constructing the app fetches the tenant's OpenID configuration. The authority
                    # is configured by the district, so instance discovery (a call to Microsoft to
                    # vouch for the host) is off; TLS to the host is still verified.
                    app = msal.ConfidentialClientApplication(
                        self._creds.client_id,
                        client_credential=self._creds.client_secret.reveal(),
                        authority=self._authority,
                        http_client=self._msal_http,
                        instance_discovery=False,
                        token_cache=msal.TokenCache(),
                    )
                except Exception:
                    if not self._apps:
                        self._msal_http.close()
                        self._msal_http = None
                    raise
                self._apps[for_user] = app
            return app

    def _acquire(self, grant: Callable[[msal.ConfidentialClientApplication], Any], for_user: bool = False) -> str:
        """Run one msal grant, mapping every failure to a LookupFailed reason (never a secret)."""
        try:
            result = grant(self._application(for_user))
        except LookupFailed:
            raise
        except httpx.TimeoutException:
            raise LookupFailed("timeout") from None
        except Exception:
            raise LookupFailed("error") from None
        return _token_from(result)

    def _app_token(self) -> str:
        return self._acquire(lambda app: app.acquire_token_for_client(scopes=[GRAPH_SCOPE]))

    def on_behalf_of(self, user_assertion: str) -> str:
        """A Graph token for the signed-in user (on-behalf-of), so lookups see only what they can see.

        Synchronous, like msal; call it in a worker thread. Its tokens live in their own cache, apart
        from the application's (see `_application`).
        """
        return self._acquire(lambda app: app.acquire_token_on_behalf_of(user_assertion, scopes=[GRAPH_SCOPE]),
                             for_user=True)

    async def _headers(self, user_assertion: str = "", **extra: str) -> dict[str, str]:
        token = ""
        if user_assertion:
            # As the signed-in user first: they see what they share, as Graph would show them. A
            # tenant that has not consented to on-behalf-of still gets the application's view.
            try:
                token = await anyio.to_thread.run_sync(self.on_behalf_of, user_assertion, abandon_on_cancel=True)
            except LookupFailed:
                token = ""
        if not token:
            token = await anyio.to_thread.run_sync(self._app_token, abandon_on_cancel=True)
        return {"Authorization": f"Bearer {token}", "Accept": "application/json", **extra}

    # --- files --------------------------------------------------------------------------------

    async def linked_file(
        self, url: str, limit: int, redirect_hosts: tuple[str, ...], user_assertion: str = ""
    ) -> Fetched:
        headers = await self._headers(user_assertion)
        item = await http.get_json(
            self._client, f"{self._base}/shares/{share_id(url)}/driveItem", headers,
            params={"$select": "id,name,size,file,folder,shared,parentReference"},
        )
        raw_name, raw_size = item.get("name"), item.get("size")
        name = raw_name if isinstance(raw_name, str) else ""
        size = raw_size if isinstance(raw_size, int) and not isinstance(raw_size, bool) else None
        parent = item.get("parentReference")
        drive = parent.get("driveId") if isinstance(parent, dict) else None
        item_path = f"{self._base}/drives/{_segment(drive)}/items/{_segment(item.get('id'))}"
        file = item.get("file")
        mime = str(file.get("mimeType", "")) if isinstance(file, dict) else ""
        is_folder = isinstance(item.get("folder"), dict)

        scopes: list[SharingScope] = []
        content: bytes | None = None
        too_large = size is not None and size > limit

        async def permissions() -> None:
            try:
                data = await http.get_json(self._client, f"{item_path}/permissions", headers)
            except LookupFailed:
                return
            scopes.extend(_permission_scopes(data))

        async def fetch() -> None:
            nonlocal content, too_large
            content = await http.download(self._client, f"{item_path}/content", headers, limit, redirect_hosts)
            too_large = content is None

        async with anyio.create_task_group() as tg:
            tg.start_soon(permissions)
            if not is_folder and not too_large:
                tg.start_soon(fetch)
        if not scopes:
            scopes.append(_shared_scope(item.get("shared")))
        return Fetched(name, size, "folder" if is_folder else file_type_of(name, mime), widest(scopes),
                       content, too_large, is_folder)

    # --- lists --------------------------------------------------------------------------------

    async def group(self, address: str, staff_domains: tuple[str, ...]) -> GroupInfo | None:
        """A list's transitive member count and how many are not district staff; None if no such group."""
        headers = await self._headers()
        found = await http.get_json(
            self._client, f"{self._base}/groups", headers,
            params={"$filter": f"mail eq {_odata_string(address)}", "$select": "id,mail,groupTypes"},
        )
        value = found.get("value")
        if not isinstance(value, list):
            raise LookupFailed("error")
        if not value or not isinstance(value[0], dict):
            return None
        path = f"{self._base}/groups/{_segment(value[0].get('id'))}/transitiveMembers"
        counting = {**headers, "ConsistencyLevel": "eventual", "Accept": "text/plain"}
        counts: dict[str, int] = {}

        async def total() -> None:
            counts["total"] = await http.get_count(self._client, f"{path}/$count", counting)

        async def staff() -> None:
            if not staff_domains:
                counts["staff"] = 0
                return
            where = " or ".join(f"endswith(mail,{_odata_string('@' + d.lower())})" for d in staff_domains)
            counts["staff"] = await http.get_count(
                self._client, f"{path}/microsoft.graph.user/$count", counting, params={"$filter": where}
            )

        async with anyio.create_task_group() as tg:
            tg.start_soon(total)
            tg.start_soon(staff)
        members = counts["total"]
        return GroupInfo(address.lower(), members, max(0, members - counts["staff"]))

    async def personal_addresses(self, user: str) -> frozenset[str]:
        """The outside addresses a district user's directory record lists as theirs (`otherMails`,
        readable with the application's User.Read.All); empty when there is no such user."""
        path = f"{self._base}/users/{quote(user, safe='@')}"
        try:
            found = await http.get_json(self._client, path, await self._headers(), params={"$select": "otherMails"})
        except LookupFailed as exc:
            if exc.reason == "not_found":
                return frozenset()
            raise
        listed = found.get("otherMails")
        return frozenset(a.strip().lower() for a in (listed if isinstance(listed, list) else []) if isinstance(a, str))

    async def aclose(self) -> None:
        with self._lock:
            if self._msal_http is not None:
                self._msal_http.close()
                self._msal_http = None
            self._apps.clear()


def _token_from(result: Mapping[str, Any] | None) -> str:
    if not result:
        raise LookupFailed("error")
    token = result.get("access_token")
    if isinstance(token, str) and token:
        return token
    error = str(result.get("error", ""))
    if error in ("invalid_client", "unauthorized_client", "invalid_grant", "consent_required"):
        raise LookupFailed("denied")
    raise LookupFailed("error")


def _permission_scopes(data: Mapping[str, Any]) -> list[SharingScope]:
    value = data.get("value")
    if not isinstance(value, list):
        return []
    scopes: list[SharingScope] = []
    for perm in value:
        if not isinstance(perm, dict):
            continue
        link = perm.get("link")
        if isinstance(link, dict):
            scopes.append(_LINK_SCOPES.get(str(link.get("scope", "")), "unknown"))
        else:
            scopes.append("specific_people")  # a grant to named people or groups
    return scopes


def _shared_scope(shared: object) -> SharingScope:
    if not isinstance(shared, dict):
        return "unknown"
    return _LINK_SCOPES.get(str(shared.get("scope", "")), "unknown")
