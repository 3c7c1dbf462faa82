"""An .eml file -> the OutgoingMessage it would be, for `crossing-guard check --eml`.

Mail-merge and automation owners can save the message they are about to send and check it as is.
"""

from __future__ import annotations

import email
import email.policy
from email.message import EmailMessage
from email.utils import getaddresses, parseaddr

from backend.models import Attachment, OutgoingMessage, Person, Recipient, RecipientField


def _recipients(msg: EmailMessage, header: str, field: RecipientField) -> tuple[Recipient, ...]:
    values = [str(v) for v in msg.get_all(header, [])]
    return tuple(
        Recipient(email=addr.strip(), name=name.strip(), field=field)
        for name, addr in getaddresses(values) if "@" in addr
    )


def message_from_eml(raw: bytes) -> OutgoingMessage:
    msg = email.message_from_bytes(raw, _class=EmailMessage, policy=email.policy.default)
    name, address = parseaddr(str(msg.get("From", "")))
    text_part = msg.get_body(preferencelist=("plain",))
    html_part = msg.get_body(preferencelist=("html",))
    attachments = []
    for part in msg.iter_attachments():
        payload = part.get_payload(decode=True)
        content = payload if isinstance(payload, bytes) else None
        attachments.append(Attachment(
            name=part.get_filename() or "attachment",
            content_type=part.get_content_type(),
            size=len(content) if content is not None else None,
            content=content,
            read_error=None if content is not None else "no_content",
        ))
    return OutgoingMessage(
        sender=Person(address, name),
        to=_recipients(msg, "To", "to"),
        cc=_recipients(msg, "Cc", "cc"),
        bcc=_recipients(msg, "Bcc", "bcc"),
        subject=str(msg.get("Subject", "")),
        body_text=text_part.get_content() if text_part is not None else "",
        body_html=html_part.get_content() if html_part is not None else "",
        attachments=tuple(attachments),
        client_app="cli",
    )
