"""Attached messages (.eml, message/rfc822): the message's body, then its attachments, recursively.

Forwarding a message is a common way a roster travels, so an attached message is opened like the
outer one: its body through `read_body`, each of its attachments through the registry one level
deeper (`ctx.nested()` stops messages inside messages from going on for ever).
"""

from __future__ import annotations

import email
import email.policy
from email.message import EmailMessage, Message

from backend.extract.base import ReadContext
from backend.models import Document

EXTENSIONS = (".eml",)
CONTENT_TYPES = ("message/rfc822",)


def read(data: bytes, name: str, ctx: ReadContext) -> list[Document]:
    from backend.extract.registry import read_body, read_bytes  # the registry imports this module

    inner = ctx.nested()
    message = email.message_from_bytes(data, policy=email.policy.default)
    assert isinstance(message, EmailMessage)  # the `default` policy always builds EmailMessage
    text, html = _bodies(message)
    subject = str(message.get("subject", "") or "")
    docs: list[Document] = []
    for body in read_body(f"{subject}\n\n{text}".strip(), html, inner):
        docs.append(Document(name=name, source="attachment", tables=body.tables, text=body.text))
    for index, part in enumerate(message.iter_attachments(), start=1):
        ctx.check_time()
        part_name = part.get_filename() or f"attachment {index}"
        data_, content_type = _content(part)
        docs.extend(read_bytes(data_, f"{name}/{part_name}", content_type, inner, parent=name))
    return docs


def _bodies(message: EmailMessage) -> tuple[str, str]:
    text_part = message.get_body(preferencelist=("plain",))
    html_part = message.get_body(preferencelist=("html",))
    return _text(text_part), _text(html_part)


def _text(part: Message | None) -> str:
    if not isinstance(part, EmailMessage):
        return ""
    content = part.get_content()
    return content if isinstance(content, str) else ""


def _content(part: EmailMessage) -> tuple[bytes, str]:
    content_type = part.get_content_type()
    if content_type == "message/rfc822":
        attached = part.get_payload()
        if isinstance(attached, list) and attached and isinstance(attached[0], Message):
            return attached[0].as_bytes(), content_type
    payload = part.get_payload(decode=True)
    return (payload if isinstance(payload, bytes) else b""), content_type
