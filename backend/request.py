"""The check request: JSON -> OutgoingMessage, or a RequestError naming the offending field.

Accepts exactly the shape of DESIGN.md's API. Unknown top-level keys are refused so that a typo in an
automation ("attachements") is not silently a message without attachments.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from typing import Any, cast, get_args

from backend.errors import RequestError
from backend.models import (
    Attachment,
    Caller,
    ClientApp,
    OutgoingMessage,
    Person,
    Recipient,
    RecipientField,
    RecipientKind,
)
from backend.policy.schema import Limits

TOP_LEVEL = {"client", "sender", "to", "cc", "bcc", "subject", "body", "attachments", "links", "recheck_of"}
KINDS = set(get_args(RecipientKind))
APPS = set(get_args(ClientApp))
REF = re.compile(r"[0-9a-f]{64}")


def parse_json(raw: bytes, limits: Limits) -> dict[str, Any]:
    try:
        data = json.loads(raw)
    except RecursionError:
        raise RequestError("too_deep", "The JSON is nested too deeply.") from None
    except (UnicodeDecodeError, ValueError):
        raise RequestError("invalid_json", "The request body is not valid JSON.") from None
    if not isinstance(data, dict):
        raise RequestError("invalid_type", "The request body must be a JSON object.")
    if _depth(data) > limits.json_depth:
        raise RequestError("too_deep", f"The JSON is nested more than {limits.json_depth} levels deep.")
    return data


def _depth(value: Any) -> int:
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        deepest = max(deepest, depth)
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
    return deepest


def _str(data: dict[str, Any], key: str, field: str, *, required: bool = False, default: str = "") -> str:
    value = data.get(key)
    if value is None:
        if required:
            raise RequestError("missing_field", f"`{field}` is required.", field)
        return default
    if not isinstance(value, str):
        raise RequestError("invalid_type", f"`{field}` must be a string.", field)
    return value


def _obj(value: Any, field: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise RequestError("invalid_type", f"`{field}` must be an object.", field)
    return value


def _list(value: Any, field: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise RequestError("invalid_type", f"`{field}` must be a list.", field)
    return value


def _recipients(data: dict[str, Any], key: RecipientField) -> tuple[Recipient, ...]:
    out = []
    for i, item in enumerate(_list(data.get(key), key)):
        field = f"{key}[{i}]"
        if isinstance(item, str):
            item = {"email": item}
        entry = _obj(item, field)
        email = _str(entry, "email", f"{field}.email", required=True).strip()
        if "@" not in email or len(email) > 320:
            raise RequestError("invalid_value", f"`{field}.email` is not an email address.", f"{field}.email")
        kind = _str(entry, "kind", f"{field}.kind", default="user")
        if kind not in KINDS:
            raise RequestError(
                "invalid_value", f"`{field}.kind` must be one of {', '.join(sorted(KINDS))}.", f"{field}.kind"
            )
        out.append(Recipient(email, _str(entry, "name", f"{field}.name"), cast(RecipientKind, kind), key))
    return tuple(out)


def _attachments(data: dict[str, Any], limits: Limits) -> tuple[Attachment, ...]:
    items = _list(data.get("attachments"), "attachments")
    if len(items) > limits.attachments:
        raise RequestError("too_many", f"At most {limits.attachments} attachments are accepted.", "attachments")
    out = []
    for i, item in enumerate(items):
        field = f"attachments[{i}]"
        entry = _obj(item, field)
        name = _str(entry, "name", f"{field}.name", default="attachment")
        encoded = _str(entry, "content_b64", f"{field}.content_b64")
        url = _str(entry, "url", f"{field}.url") or None
        read_error = _str(entry, "read_error", f"{field}.read_error") or None
        ref = _str(entry, "ref", f"{field}.ref") or None
        if ref is not None and not REF.fullmatch(ref):
            raise RequestError("invalid_value", f"`{field}.ref` is not a ref this service gave.", f"{field}.ref")
        size = entry.get("size")
        if size is not None and (isinstance(size, bool) or not isinstance(size, int) or size < 0):
            raise RequestError("invalid_type", f"`{field}.size` must be a whole number.", f"{field}.size")
        content = None
        if encoded:
            try:
                content = base64.b64decode(encoded, validate=True)
            except (binascii.Error, ValueError):
                raise RequestError(
                    "invalid_value", f"`{field}.content_b64` is not valid base64.", f"{field}.content_b64"
                ) from None
        elif not url and read_error is None and ref is None:
            read_error = "no_content"
        out.append(Attachment(
            name=name, content_type=_str(entry, "content_type", f"{field}.content_type"),
            size=size if size is not None else (len(content) if content is not None else None),
            content=content, url=url, read_error=read_error, ref=None if content is not None else ref,
        ))
    return tuple(out)


def parse_message(data: dict[str, Any], limits: Limits, caller: Caller) -> OutgoingMessage:
    unknown = sorted(set(data) - TOP_LEVEL)
    if unknown:
        raise RequestError("unknown_field", f"`{unknown[0]}` is not a field of a check request.", unknown[0])
    client = _obj(data.get("client"), "client")
    app = _str(client, "app", "client.app", default="api")
    if app not in APPS:
        raise RequestError("invalid_value", f"`client.app` must be one of {', '.join(sorted(APPS))}.", "client.app")
    sender = _obj(data.get("sender"), "sender")
    body = data.get("body")
    if isinstance(body, str):
        body = {"text": body}
    body = _obj(body, "body")
    to, cc, bcc = _recipients(data, "to"), _recipients(data, "cc"), _recipients(data, "bcc")
    if len(to) + len(cc) + len(bcc) > limits.recipients:
        raise RequestError("too_many", f"At most {limits.recipients} recipients are accepted.", "to")
    links = _list(data.get("links"), "links")
    for i, link in enumerate(links):
        if not isinstance(link, str):
            raise RequestError("invalid_type", f"`links[{i}]` must be a string.", f"links[{i}]")
    return OutgoingMessage(
        sender=Person(_str(sender, "email", "sender.email").strip() or caller.email,
                      _str(sender, "name", "sender.name")),
        to=to, cc=cc, bcc=bcc,
        subject=_str(data, "subject", "subject"),
        body_text=_str(body, "text", "body.text"),
        body_html=_str(body, "html", "body.html"),
        attachments=_attachments(data, limits),
        links=tuple(links[:500]),
        client_app=cast(ClientApp, app),
        client_version=_str(client, "version", "client.version")[:40],
        caller=caller,
    )
