"""Whole messages (.eml) as bytes: a forwarded message attached to another, with its own attachments."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime

EML_TYPE = "message/rfc822"


def message(
    *,
    sender: str,
    to: Sequence[str],
    subject: str,
    body: str,
    attachments: Sequence[tuple[str, str, bytes]] = (),
    date: dt.datetime = dt.datetime(2024, 10, 14, 16, 5, tzinfo=dt.UTC),
) -> bytes:
    """`attachments` are (file name, content type, bytes)."""
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = ", ".join(to)
    msg["Subject"] = subject
    msg["Date"] = format_datetime(date)
    msg["Message-ID"] = f"<{abs(hash((sender, subject))) % 10**12}@mail.maplevalley.k12.example>"
    msg.set_content(body)
    for name, content_type, data in attachments:
        maintype, _, subtype = content_type.partition("/")
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return msg.as_bytes(policy=SMTP)
