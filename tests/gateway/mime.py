"""A corpus case (a check request) as the message a mail system would relay: MIME bytes plus envelope.

To and Cc become headers; Bcc lives only in the envelope, as it does in transit. Attachments keep
their names and types; links the client listed separately are written into the body, where they
are in a real message. The sender's address is the envelope sender too.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import formataddr
from typing import Any

Json = dict[str, Any]


@dataclass(frozen=True)
class Outgoing:
    mail_from: str
    rcpt_tos: tuple[str, ...]
    data: bytes


def _addresses(items: list[Json]) -> str:
    return ", ".join(formataddr((r.get("name", ""), r["email"])) for r in items)


def outgoing(request: Json, message_id: str) -> Outgoing:
    msg = EmailMessage()
    sender = request.get("sender") or {}
    msg["From"] = formataddr((sender.get("name", ""), sender.get("email", "")))
    if request.get("to"):
        msg["To"] = _addresses(request["to"])
    if request.get("cc"):
        msg["Cc"] = _addresses(request["cc"])
    msg["Subject"] = request.get("subject", "")
    msg["Message-ID"] = message_id
    body = request.get("body") or {}
    if isinstance(body, str):
        body = {"text": body}
    text = body.get("text", "")
    links = [link for link in request.get("links", []) if link not in text and link not in body.get("html", "")]
    links += [a["url"] for a in request.get("attachments", []) if a.get("url") and "content_b64" not in a]
    if links:
        text = (text + "\n\n" + "\n".join(links)).strip()
    msg.set_content(text or " ")
    if body.get("html"):
        msg.add_alternative(body["html"], subtype="html")
    for att in request.get("attachments", []):
        if "content_b64" not in att:
            continue
        maintype, _, subtype = (att.get("content_type") or "application/octet-stream").partition("/")
        data = base64.b64decode(att["content_b64"])
        if maintype == "message" and subtype == "rfc822":
            from email import message_from_bytes
            from email.policy import default

            msg.add_attachment(message_from_bytes(data, policy=default), filename=att.get("name"))
        else:
            msg.add_attachment(data, maintype=maintype, subtype=subtype or "octet-stream",
                               filename=att.get("name", "attachment"))
    rcpts = tuple(r["email"] for key in ("to", "cc", "bcc") for r in request.get(key, []))
    return Outgoing(sender.get("email", ""), rcpts, msg.as_bytes(policy=SMTP))
