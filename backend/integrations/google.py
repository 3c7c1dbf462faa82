"""Google Drive and the Admin SDK Directory: who can open a Docs/Sheets/Drive link, what it holds,
and how big a Google Group is.

Tokens come from the district's service account with domain-wide delegation: a JWT signed with its
key (RS256) is exchanged at the token endpoint (grant type jwt-bearer) for an access token acting
as a user: the sender for Drive (they can see the file they share), the configured admin for the
Directory. The link itself is never requested: only the file id parsed out of it is sent to the
Drive API.
"""

from __future__ import annotations

import re
import time
from collections.abc import Mapping
from urllib.parse import parse_qs, quote, urlsplit

import httpx
import jwt

from backend.integrations import http
from backend.integrations.errors import LookupFailed, for_status, from_httpx
from backend.integrations.fetched import Fetched, file_type_of, widest
from backend.integrations.secrets import GoogleCredentials
from backend.models import GroupInfo, SharingScope
from backend.policy.schema import Lookups

DRIVE_SCOPE = "https://www.googleapis.com/auth/drive.readonly"
DIRECTORY_SCOPE = "https://www.googleapis.com/auth/admin.directory.group.readonly"
USER_SCOPE = "https://www.googleapis.com/auth/admin.directory.user.readonly"
JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer"

_ID = re.compile(r"^[A-Za-z0-9_-]{10,200}$")
_PATH_ID = re.compile(r"/d/([A-Za-z0-9_-]{10,200})(?:[/?#]|$)")
_FOLDER_ID = re.compile(r"/folders/([A-Za-z0-9_-]{10,200})(?:[/?#]|$)")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_EXPORTS: dict[str, tuple[str, str]] = {  # Google-native type -> (export type, extension)
    "application/vnd.google-apps.spreadsheet": (XLSX, ".xlsx"),
    "application/vnd.google-apps.document": (DOCX, ".docx"),
    "application/vnd.google-apps.presentation": ("text/plain", ".txt"),
}
MEMBER_PAGE = 200
MEMBER_PAGES = 5  # list members (to count who is outside) only for groups of up to 1,000 members
_TOKEN_SLACK = 60.0


def drive_file_id(url: str) -> str | None:
    """The Drive file id in a Docs/Sheets/Slides/Drive link, or None. Parsed, never fetched."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if (parts.hostname or "").lower() not in ("docs.google.com", "drive.google.com", "sheets.google.com"):
        return None
    if "/d/e/" in parts.path:  # "published to the web": not a Drive id
        return None
    match = _PATH_ID.search(parts.path) or _FOLDER_ID.search(parts.path)
    if match:
        return match.group(1)
    ids = parse_qs(parts.query).get("id", [])
    return ids[0] if ids and _ID.match(ids[0]) else None


def is_published(url: str) -> bool:
    """A "publish to the web" link (…/d/e/2PACX-…): public to anyone by definition."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return (parts.hostname or "").lower() == "docs.google.com" and "/d/e/" in parts.path


class GoogleClient:
    """Lookups through Google APIs. Its repr shows no credential."""

    def __init__(self, creds: GoogleCredentials, lookups: Lookups, client: httpx.AsyncClient) -> None:
        self._creds = creds
        self._drive = lookups.google_drive_base.rstrip("/")
        self._directory = lookups.google_directory_base.rstrip("/")
        self._token_url = lookups.google_token_url
        self._client = client
        self._tokens: dict[tuple[str, str], tuple[str, float]] = {}

    def __repr__(self) -> str:
        return f"GoogleClient(drive={self._drive!r})"

    @property
    def admin_subject(self) -> str:
        return self._creds.admin_subject

    # --- tokens -------------------------------------------------------------------------------

    def assertion(self, subject: str, scope: str, now: float | None = None) -> str:
        issued = int(now if now is not None else time.time())
        claims = {
            "iss": self._creds.client_email, "sub": subject, "scope": scope,
            "aud": self._token_url, "iat": issued, "exp": issued + 3600,
        }
        headers = {"kid": self._creds.private_key_id} if self._creds.private_key_id else None
        return jwt.encode(claims, self._creds.private_key.reveal(), algorithm="RS256", headers=headers)

    async def token(self, subject: str, scope: str) -> str:
        cached = self._tokens.get((subject, scope))
        if cached and cached[1] > time.monotonic():
            return cached[0]
        try:
            response = await self._client.post(
                self._token_url, data={"grant_type": JWT_BEARER, "assertion": self.assertion(subject, scope)}
            )
        except httpx.HTTPError as exc:
            raise from_httpx(exc) from None
        if response.status_code in (400, 401, 403):
            raise LookupFailed("denied")  # unauthorized_client, invalid_grant: delegation not granted
        if response.status_code != 200:
            raise for_status(response.status_code)
        try:
            data = response.json()
            token, lifetime = data["access_token"], float(data.get("expires_in", 3600))
        except (ValueError, KeyError, TypeError):
            raise LookupFailed("error") from None
        if not isinstance(token, str) or not token:
            raise LookupFailed("error")
        self._tokens[(subject, scope)] = (token, time.monotonic() + max(0.0, lifetime - _TOKEN_SLACK))
        return token

    async def _headers(self, subject: str, scope: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {await self.token(subject, scope)}"}

    # --- files --------------------------------------------------------------------------------

    async def linked_file(self, file_id: str, subject: str, staff_domains: tuple[str, ...], limit: int,
                          redirect_hosts: tuple[str, ...]) -> Fetched:
        if not _ID.match(file_id):
            raise LookupFailed("not_found")
        headers = await self._headers(subject, DRIVE_SCOPE)
        path = f"{self._drive}/files/{quote(file_id, safe='')}"
        meta = await http.get_json(self._client, path, headers, params={
            "fields": "id,name,mimeType,size,permissions(type,role,domain)", "supportsAllDrives": "true",
        })
        raw_name, raw_mime = meta.get("name"), meta.get("mimeType")
        name = raw_name if isinstance(raw_name, str) else ""
        mime = raw_mime if isinstance(raw_mime, str) else ""
        raw_size = meta.get("size")
        size = int(raw_size) if isinstance(raw_size, str) and raw_size.isdigit() else None
        scope = _scope(meta.get("permissions"), staff_domains)
        is_folder = mime == "application/vnd.google-apps.folder"
        if is_folder:
            return Fetched(name, None, "folder", scope, is_folder=True)
        if mime in _EXPORTS:
            export_type, ext = _EXPORTS[mime]
            url = f"{path}/export?{httpx.QueryParams({'mimeType': export_type})}"
            read_name = name if name.lower().endswith(ext) else name + ext
        elif mime.startswith("application/vnd.google-apps."):
            return Fetched(name, size, file_type_of(name, mime), scope)  # forms, drawings, shortcuts
        else:
            url = f"{path}?{httpx.QueryParams({'alt': 'media', 'supportsAllDrives': 'true'})}"
            read_name = name
        if size is not None and size > limit:
            return Fetched(read_name, size, file_type_of(name, mime), scope, too_large=True)
        content = await http.download(self._client, url, headers, limit, redirect_hosts)
        return Fetched(read_name, size, file_type_of(name, mime), scope, content, content is None)

    # --- lists --------------------------------------------------------------------------------

    async def personal_addresses(self, user: str) -> frozenset[str]:
        """The addresses a district user's Directory record lists besides their own account: its
        recovery address and its other `emails`. Empty when there is no such user."""
        headers = await self._headers(self._creds.admin_subject, USER_SCOPE)
        try:
            found = await http.get_json(self._client, f"{self._directory}/users/{quote(user, safe='@')}", headers,
                                        params={"fields": "primaryEmail,emails(address),recoveryEmail"})
        except LookupFailed as exc:
            if exc.reason == "not_found":
                return frozenset()
            raise
        emails = found.get("emails")
        listed = [e.get("address") for e in emails if isinstance(e, dict)] if isinstance(emails, list) else []
        addresses = {a.strip().lower() for a in [*listed, found.get("recoveryEmail")] if isinstance(a, str) and a}
        return frozenset(addresses - {str(found.get("primaryEmail", "")).lower(), user.lower()})

    async def group(self, address: str, staff_domains: tuple[str, ...]) -> GroupInfo | None:
        """A Google Group's size through the Directory; None if the address is not a group.

        `directMembersCount` is one call. Who is outside the staff domains needs the member list, so
        it is read (nested groups expanded) only for groups of up to MEMBER_PAGES pages; a larger group
        is counted as wholly outside the staff, which is what a whole-school list is.
        """
        headers = await self._headers(self._creds.admin_subject, DIRECTORY_SCOPE)
        path = f"{self._directory}/groups/{quote(address, safe='@')}"
        try:
            meta = await http.get_json(self._client, path, headers,
                                       params={"fields": "email,directMembersCount"})
        except LookupFailed as exc:
            if exc.reason == "not_found":
                return None
            raise
        raw = meta.get("directMembersCount", "0")
        direct = int(raw) if isinstance(raw, str | int) and str(raw).isdigit() else None
        if direct is None:
            raise LookupFailed("error")
        if direct > MEMBER_PAGE * MEMBER_PAGES:
            return GroupInfo(address.lower(), direct, direct)
        members = outside = 0
        token: str | None = None
        for _ in range(MEMBER_PAGES):
            params = {"maxResults": str(MEMBER_PAGE), "includeDerivedMembership": "true",
                      "fields": "members(email,type),nextPageToken"}
            if token:
                params["pageToken"] = token
            page = await http.get_json(self._client, f"{path}/members", headers, params=params)
            listed = page.get("members")
            for member in listed if isinstance(listed, list) else []:
                if not isinstance(member, dict) or member.get("type") == "GROUP":
                    continue  # nested groups are expanded by includeDerivedMembership
                members += 1
                email = str(member.get("email", "")).lower()
                if not _in_domains(email.rpartition("@")[2], staff_domains):
                    outside += 1
            next_token = page.get("nextPageToken")
            token = next_token if isinstance(next_token, str) and next_token else None
            if token is None:
                return GroupInfo(address.lower(), members, outside)
        total = max(members, direct)
        return GroupInfo(address.lower(), total, outside + (total - members))

    async def aclose(self) -> None:
        self._tokens.clear()


def _in_domains(domain: str, domains: tuple[str, ...]) -> bool:
    return any(domain == d or domain.endswith("." + d) for d in (x.lower() for x in domains))


def _scope(permissions: object, staff_domains: tuple[str, ...]) -> SharingScope:
    """Drive permissions -> scope. "anyone" is anyone with the link; "domain" the district (or another
    whole domain, which we cannot size, so: unknown). Missing permissions (not visible to the user
    we act as) are unknown."""
    if not isinstance(permissions, list) or not permissions:
        return "unknown"
    scopes: list[SharingScope] = []
    for perm in permissions:
        if not isinstance(perm, Mapping):
            continue
        kind = perm.get("type")
        if kind == "anyone":
            scopes.append("anyone")
        elif kind == "domain":
            domain = str(perm.get("domain", "")).lower()
            scopes.append("organization" if _in_domains(domain, staff_domains) else "unknown")
        else:
            scopes.append("specific_people")
    return widest(scopes)


PUBLISHED = Fetched("", None, "file", "anyone")
"""What a published-to-the-web link is, known without any call: open to anyone."""
