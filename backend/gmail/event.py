"""The parts of Google's add-on event object that the Gmail card uses.

Google posts one JSON event object per interaction (developers.google.com/workspace/add-ons/concepts/
event-objects): `commonEventObject` (host app, platform, the parameters of the button that was
pressed), `authorizationEventObject` (the user's tokens, unused here) and `gmail` (`messageId`,
`threadId`, `accessToken`, and, because the compose trigger asks for `draftAccess: METADATA` and the
deployment holds `gmail.addons.current.message.metadata`, the draft's `toRecipients` / `ccRecipients`
/ `bccRecipients`, lists of address strings). Only the parameters and the recipient lists are read;
everything else is ignored. A shape that is not an event object is a 400 naming the field; values
are never echoed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from backend.errors import RequestError

MAX_PARAMETER = 24_000  # a fix button's address tokens (see `fixes.MAX_TARGETS_TEXT`)


@dataclass(frozen=True)
class GmailEvent:
    to: tuple[str, ...] = ()
    cc: tuple[str, ...] = ()
    bcc: tuple[str, ...] = ()
    recipients_known: bool = False  # the event carried recipient lists (draftAccess METADATA)
    parameters: Mapping[str, str] = field(default_factory=dict)

    @property
    def recipient_count(self) -> int:
        return len(self.to) + len(self.cc) + len(self.bcc)


def _obj(value: Any, where: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise RequestError("invalid_type", f"`{where}` must be an object.", where)
    return value


def _addresses(data: Mapping[str, Any], key: str, limit: int) -> tuple[str, ...] | None:
    value = data.get(key)
    if value is None:
        return None
    where = f"gmail.{key}"
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RequestError("invalid_type", f"`{where}` must be a list of strings.", where)
    if len(value) > limit:
        raise RequestError("too_many", f"At most {limit} recipients are accepted.", where)
    out = []
    for raw in value:
        address = raw.strip()
        if "@" not in address or len(address) > 320:
            raise RequestError("invalid_value", f"`{where}` holds something that is not an email address.", where)
        out.append(address)
    return tuple(out)


def parse_event(data: Mapping[str, Any], max_recipients: int) -> GmailEvent:
    common = _obj(data.get("commonEventObject"), "commonEventObject")
    gmail = _obj(data.get("gmail"), "gmail")
    raw_params = _obj(common.get("parameters"), "commonEventObject.parameters")
    parameters = {str(k): v for k, v in raw_params.items() if isinstance(v, str) and len(v) <= MAX_PARAMETER}
    lists = {key: _addresses(gmail, key, max_recipients) for key in ("toRecipients", "ccRecipients", "bccRecipients")}
    total = sum(len(v) for v in lists.values() if v is not None)
    if total > max_recipients:
        raise RequestError("too_many", f"At most {max_recipients} recipients are accepted.", "gmail")
    return GmailEvent(
        to=lists["toRecipients"] or (),
        cc=lists["ccRecipients"] or (),
        bcc=lists["bccRecipients"] or (),
        recipients_known=any(v is not None for v in lists.values()),
        parameters=parameters,
    )
