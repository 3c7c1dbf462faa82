"""What the gateway received -> the OutgoingMessage the engine checks, parsed once.

The headers say who can see whom (To, Cc); the envelope says who actually receives the message.
An envelope recipient that is in neither To nor Cc is a Bcc: that is where Bcc lives once a
message is in transit (a Bcc header, if any, is dropped by the sending platform or is stale).
The sender is the From address the teacher sees, or the envelope sender when there is none.
"""

from __future__ import annotations

from dataclasses import replace

from backend.eml import message_from_eml
from backend.models import Caller, OutgoingMessage, Person, Recipient


def inbound_message(
    raw: bytes, mail_from: str, rcpt_tos: list[str], *, caller: Caller, automation_senders: tuple[str, ...] = ()
) -> OutgoingMessage:
    """An authenticated client (an API key) or a listed sender address is an automation."""
    base = message_from_eml(raw, client_app="gateway")
    visible = {r.email.lower() for r in base.to + base.cc}
    bcc: dict[str, Recipient] = {}
    for address in rcpt_tos:
        key = address.lower()
        if key not in visible and key not in bcc:
            bcc[key] = Recipient(address, field="bcc")
    sender = base.sender if base.sender.email else Person(mail_from)
    listed = {a.lower() for a in automation_senders}
    automation = caller.kind == "api_key" or sender.email.lower() in listed or mail_from.lower() in listed
    return replace(base, bcc=tuple(bcc.values()), sender=sender, caller=caller, automation=automation)
