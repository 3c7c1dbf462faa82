"""Student records sent to the sender's own personal account (incident 2).

A staff member forwarding records to their own Gmail takes them outside every district control.
The address is recognised by the sender's name or mailbox name inside the recipient's.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from backend.datakinds import ordered
from backend.detectors.base import Context
from backend.fixplan import remove_recipients
from backend.masking import mask_email
from backend.models import Finding, Person, Recipient

_NON_LETTERS = re.compile(r"[^a-z]+")


def _letters(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return _NON_LETTERS.sub("", "".join(c for c in text if not unicodedata.combining(c)).lower())


def is_own_account(sender: Person, recipient: Recipient) -> bool:
    """True when the recipient's mailbox or display name carries the sender's name or mailbox name."""
    local = _letters(recipient.local_part)
    if not local:
        return False
    names = [_letters(p) for p in sender.name.replace(",", " ").split()]
    names = [n for n in names if len(n) >= 2]
    if len(names) >= 2:
        first, last = names[0], names[-1]
        if len(last) >= 3 and last in local and (first in local or local.startswith(first[0])):
            return True
        if recipient.name and _letters(recipient.name) == _letters(sender.name):
            return True
    own = _letters(sender.email.rpartition("@")[0])
    return len(own) >= 4 and own in local


def detect(ctx: Context) -> Iterator[Finding]:
    records = [ev for ev in ctx.evidence if ev.subjects in ("students", "families") and ev.people > 0]
    if not records:
        return
    message = ctx.message
    sender = message.sender
    if message.caller.email and not sender.email:
        sender = Person(message.caller.email, sender.name)
    own = [
        s.recipient for s in ctx.audience.seats
        if s.cls == "outside" and not s.is_list and is_own_account(sender, s.recipient)
    ]
    if not own:
        return
    people = sum(ev.people for ev in records)
    data: set[str] = set()
    for ev in records:
        data |= ev.data
    yield Finding(
        code="personal_account",
        severity="block",
        people=people,
        data=ordered(data),
        attachment=next((ev.source for ev in records if ev.source_kind != "body"), None),
        recipients=len(own),
        params={"address": mask_email(own[0].email)},
        plan=remove_recipients(own),
    )
