"""Student records sent to the sender's own personal account (incident 2).

A staff member forwarding records to their own Gmail takes them outside every district control.
The address is recognised by the sender's whole name or unambiguous mailbox name inside the
recipient's; an initial and a surname (`kpatel23@`) is what any K. Patel's address looks like.
Where a lookup read the sender's directory record, the personal addresses it lists are the
sender's whatever they are called (`kp1987@`): the district's own record beats any guess.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from backend.datakinds import ordered
from backend.detectors.base import Context, canonical_keys
from backend.fixplan import remove_recipients
from backend.masking import mask_email
from backend.models import Finding, Person, Recipient

_NON_LETTERS = re.compile(r"[^a-z]+")


def _letters(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return _NON_LETTERS.sub("", "".join(c for c in text if not unicodedata.combining(c)).lower())


def _name_parts(name: str) -> list[str]:
    parts = [_letters(p) for p in name.replace(",", " ").split()]
    return [p for p in parts if len(p) >= 2]


def is_initials_and_surname(local: str, first: str, last: str) -> bool:
    """`kpatel`, `patelk`, `kpatel23`: what any K. Patel's address looks like, so it proves nothing."""
    letters = _letters(local)
    return letters in (first[0] + last, last + first[0])


def is_own_account(sender: Person, recipient: Recipient) -> bool:
    """True when the recipient's address or display name names the sender unambiguously: the whole
    first and last name in the address, the sender's own display name, or the sender's mailbox name
    when that is more than an initial and a surname. A display name of someone else (Kevin Patel for
    Kiran Patel) rules the address out: a parent sharing a surname and an initial is a parent."""
    local = _letters(recipient.local_part)
    if not local:
        return False
    names = _name_parts(sender.name)
    other = _name_parts(recipient.name)
    if len(names) >= 2:
        first, last = names[0], names[-1]
        if other and (other[0] != first or (len(other) >= 2 and other[-1] != last)):
            return False  # the address belongs to the person its display name names
        if len(other) >= 2:
            return True  # the sender's own name on the address
        if len(last) >= 3 and last in local and first in local:
            return True
    own = _letters(sender.email.rpartition("@")[0])
    if len(own) < 4 or own not in local:
        return False
    return not (len(names) >= 2 and is_initials_and_surname(own, names[0], names[-1]))


def detect(ctx: Context) -> Iterator[Finding]:
    records = [ev for ev in ctx.evidence if ev.subjects in ("students", "families") and ev.people > 0]
    if not records:
        return
    message = ctx.message
    sender = message.sender
    if message.caller.email and not sender.email:
        sender = Person(message.caller.email, sender.name)
    listed = ctx.enrichment.personal_addresses
    own = [
        s.recipient for s in ctx.audience.seats
        if s.cls == "outside" and not s.is_list
        and (s.recipient.email.strip().lower() in listed or is_own_account(sender, s.recipient))
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
        person_keys=canonical_keys(ctx.evidence, (k for ev in records for k in ev.person_keys)),
    )
