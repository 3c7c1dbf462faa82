"""The draft being composed, read through the Gmail API with the user's own OAuth token.

A compose trigger sees only the recipients. To check the body and the attachments, the service asks
the Gmail API, as the user, for the draft whose message Gmail names in the event:

1. `GET users/me/drafts` (ids only) to find the draft holding `gmail.messageId`; no match means
   Gmail has not saved the draft yet;
2. `GET users/me/drafts/{id}?format=full`: headers, and the MIME tree with base64url text parts;
3. `GET users/me/messages/{id}/attachments/{attachmentId}` for each attachment, concurrently.

Bounded by the policy's limits (attachments per message, bytes per attachment, bytes in all) and by
one deadline. The draft itself must arrive in time or the check is recipients-only and says why;
an attachment that does not arrive in time, or is too large to fetch, is passed on as unreadable,
because unknown is not safe. Nothing read here is logged.
"""

from __future__ import annotations

import base64
import binascii
import json
import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from email.message import Message
from email.utils import getaddresses, parseaddr
from typing import Any, Literal
from urllib.parse import quote

import anyio
import httpx

from backend.models import Attachment, Person
from backend.policy.schema import Limits

Unavailable = Literal["no_token", "not_saved", "denied", "not_found", "timeout", "unavailable"]
"""Why the draft could not be read: the card says so in plain words (see `cards.LIMITED`)."""

DRAFT_PAGES = 4
DRAFTS_PER_PAGE = 500
MAX_PARTS = 300
MAX_DEPTH = 12
CONCURRENT_DOWNLOADS = 4
JSON_OVERHEAD = 1024 * 1024


class DraftUnavailable(Exception):
    def __init__(self, reason: Unavailable) -> None:
        super().__init__(reason)
        self.reason: Unavailable = reason


@dataclass(frozen=True)
class Draft:
    sender: Person
    subject: str = ""
    body_text: str = ""
    body_html: str = ""
    attachments: tuple[Attachment, ...] = ()
    to: tuple[str, ...] = ()  # the saved draft's headers: used when the event carried no recipients
    cc: tuple[str, ...] = ()
    bcc: tuple[str, ...] = ()


@dataclass
class _Pending:
    name: str
    content_type: str
    size: int
    attachment_id: str = ""
    content: bytes | None = None
    read_error: str | None = None
    oversize: bool = False


@dataclass
class _Walk:
    text: str = ""
    html: str = ""
    pending: list[_Pending] = field(default_factory=list)
    parts: int = 0


def b64url(data: str) -> bytes:
    """Gmail's base64url, with or without padding."""
    return base64.urlsafe_b64decode(data + "=" * (-len(data) % 4))


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _header(headers: Any, name: str) -> str:
    if not isinstance(headers, list):
        return ""
    for item in headers:
        if isinstance(item, dict) and str(item.get("name", "")).lower() == name.lower():
            return str(item.get("value", ""))
    return ""


def _addresses(headers: Any, name: str) -> tuple[str, ...]:
    return tuple(a for _, a in getaddresses([_header(headers, name)]) if "@" in a)


def _charset(headers: Any) -> str:
    msg = Message()
    msg["Content-Type"] = _header(headers, "Content-Type") or "text/plain"
    return msg.get_content_charset() or "utf-8"


class GmailDrafts:
    """Reads the user's current draft; one instance serves many requests (no state between them)."""

    def __init__(self, api_base: str, limits: Limits, deadline_seconds: float) -> None:
        self.api_base = api_base.rstrip("/")
        self.limits = limits
        self.deadline_seconds = deadline_seconds

    async def fetch(self, token: str, message_id: str) -> Draft:
        if not token:
            raise DraftUnavailable("no_token")
        if not message_id:
            raise DraftUnavailable("not_saved")
        deadline = time.monotonic() + self.deadline_seconds
        headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
        try:
            async with httpx.AsyncClient(
                base_url=self.api_base, headers=headers, timeout=self.deadline_seconds, follow_redirects=False
            ) as client:
                with anyio.fail_after(self.deadline_seconds):
                    message = await self._draft_message(client, message_id)
                    walk = _Walk()
                    self._walk(message.get("payload"), walk, 0)
                remaining = max(0.0, deadline - time.monotonic())
                attachments = await self._download(client, str(message.get("id", "")), walk.pending, remaining)
        except TimeoutError:
            raise DraftUnavailable("timeout") from None
        except httpx.TimeoutException:
            raise DraftUnavailable("timeout") from None
        except httpx.HTTPError:
            raise DraftUnavailable("unavailable") from None
        fields = _dict(message.get("payload")).get("headers")
        name, email = parseaddr(_header(fields, "From"))
        return Draft(
            sender=Person(email, name),
            subject=_header(fields, "Subject"),
            body_text=walk.text,
            body_html=walk.html,
            attachments=attachments,
            to=_addresses(fields, "To"),
            cc=_addresses(fields, "Cc"),
            bcc=_addresses(fields, "Bcc"),
        )

    async def _get_json(self, client: httpx.AsyncClient, path: str, params: Mapping[str, str | int]) -> Any:
        limit = self.limits.attachment_bytes * 4 // 3 + JSON_OVERHEAD
        async with client.stream("GET", path, params=params) as response:
            if response.status_code in (401, 403):
                raise DraftUnavailable("denied")
            if response.status_code == 404:
                raise DraftUnavailable("not_found")
            if response.status_code != 200:
                raise DraftUnavailable("unavailable")
            chunks: list[bytes] = []
            size = 0
            async for chunk in response.aiter_bytes():
                size += len(chunk)
                if size > limit:
                    raise DraftUnavailable("unavailable")
                chunks.append(chunk)
        try:
            return json.loads(b"".join(chunks))
        except ValueError:
            raise DraftUnavailable("unavailable") from None

    async def _draft_message(self, client: httpx.AsyncClient, message_id: str) -> dict[str, Any]:
        draft_id = await self._find_draft(client, message_id)
        path = f"/gmail/v1/users/me/drafts/{quote(draft_id, safe='')}"
        message = _dict(_dict(await self._get_json(client, path, {"format": "full"})).get("message"))
        if not message:
            raise DraftUnavailable("unavailable")
        return message

    async def _find_draft(self, client: httpx.AsyncClient, message_id: str) -> str:
        """The draft whose message Gmail named in the event (or whose own id it named)."""
        page_token = ""
        for _ in range(DRAFT_PAGES):
            params: dict[str, str | int] = {"maxResults": DRAFTS_PER_PAGE}
            if page_token:
                params["pageToken"] = page_token
            listing = _dict(await self._get_json(client, "/gmail/v1/users/me/drafts", params))
            drafts = listing.get("drafts")
            for draft in drafts if isinstance(drafts, list) else []:
                draft_id = _dict(draft).get("id")
                draft_message_id = _dict(_dict(draft).get("message")).get("id")
                if isinstance(draft_id, str) and message_id in (draft_id, draft_message_id):
                    return draft_id
            page_token = str(listing.get("nextPageToken") or "")
            if not page_token:
                break
        raise DraftUnavailable("not_saved")

    def _walk(self, part: Any, walk: _Walk, depth: int) -> None:
        if not isinstance(part, dict) or depth > MAX_DEPTH or walk.parts >= MAX_PARTS:
            return
        walk.parts += 1
        mime = str(part.get("mimeType", "")).lower()
        filename = str(part.get("filename", "") or "")
        body = _dict(part.get("body"))
        children = part.get("parts")
        if isinstance(children, list) and mime.startswith("multipart/"):
            for child in children:
                self._walk(child, walk, depth + 1)
            return
        raw_data, raw_id, raw_size = body.get("data"), body.get("attachmentId"), body.get("size")
        data = raw_data if isinstance(raw_data, str) else None
        attachment_id = raw_id if isinstance(raw_id, str) else ""
        size = raw_size if isinstance(raw_size, int) and not isinstance(raw_size, bool) else 0
        if not filename and not attachment_id and mime in ("text/plain", "text/html") and data is not None:
            try:
                text = b64url(data).decode(_charset(part.get("headers")), errors="replace")
            except (binascii.Error, ValueError, LookupError):
                text = ""
            if mime == "text/html" and not walk.html:
                walk.html = text
            elif mime == "text/plain" and not walk.text:
                walk.text = text
            return
        if not filename and not attachment_id:
            return
        pending = _Pending(
            name=filename or "attachment", content_type=mime, size=max(0, size), attachment_id=attachment_id
        )
        if data is not None:
            try:
                pending.content = b64url(data)
            except (binascii.Error, ValueError):
                pending.read_error = "gmail_api"
        walk.pending.append(pending)

    async def _download(
        self, client: httpx.AsyncClient, message_id: str, pending: list[_Pending], seconds: float
    ) -> tuple[Attachment, ...]:
        limits = self.limits
        budget = limits.request_bytes
        wanted: list[_Pending] = []
        for item in pending[: limits.attachments]:
            if item.content is not None or item.read_error is not None:
                continue
            if item.size > limits.attachment_bytes or item.size > budget:
                item.oversize = True
                continue
            budget -= item.size
            wanted.append(item)
        for item in pending[limits.attachments :]:
            item.read_error = "too_many"
        limiter = anyio.CapacityLimiter(CONCURRENT_DOWNLOADS)

        async def one(item: _Pending) -> None:
            async with limiter:
                try:
                    path = (
                        f"/gmail/v1/users/me/messages/{quote(message_id, safe='')}"
                        f"/attachments/{quote(item.attachment_id, safe='')}"
                    )
                    data = _dict(await self._get_json(client, path, {})).get("data")
                    if not isinstance(data, str):
                        raise DraftUnavailable("unavailable")
                    item.content = b64url(data)
                except (DraftUnavailable, httpx.HTTPError, binascii.Error, ValueError):
                    item.read_error = "gmail_api"

        if wanted and message_id:
            with anyio.move_on_after(seconds):
                async with anyio.create_task_group() as group:
                    for item in wanted:
                        group.start_soon(one, item)
        return tuple(_attachment(item, limits.attachment_bytes) for item in pending)


def _attachment(item: _Pending, largest: int) -> Attachment:
    base = Attachment(name=item.name, content_type=item.content_type, size=item.size or None)
    if item.oversize:
        # Not fetched, and more than may be read: no bytes, and a size the readers call too large.
        return replace(base, content=b"", size=max(item.size, largest + 1))
    if item.content is not None:
        return replace(base, content=item.content, size=len(item.content))
    return replace(base, read_error=item.read_error or "gmail_api")
