"""Fixes the card can make to the draft's recipients, planned from a verdict and applied from an event.

Gmail lets a compose card replace the draft's To, Cc and Bcc (`updateDraftActionMarkup`), so the
recipient findings get one-step buttons:

- `visible_recipients`: move every outside address in To or Cc to Bcc, leaving district staff where
  they were (the same outside test the detector uses);
- `protected_list` / `large_audience`: remove the list address;
- `personal_account`: remove the address that looks like the sender's own.

A button carries address tokens (a hash), never addresses: the press arrives with the draft's
current recipients, and the fix applies to whichever of them still match.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from backend.audience import Audience
from backend.detectors.personal_account import is_own_account
from backend.gmail.cards import Fix
from backend.gmail.event import GmailEvent
from backend.messages import n
from backend.models import Enrichment, OutgoingMessage, Person, Recipient, Verdict
from backend.policy import Policy

LIST_CODES = ("protected_list", "large_audience")


def token(address: str) -> str:
    return hashlib.sha256(b"crossing-guard/gmail:" + address.strip().lower().encode()).hexdigest()[:16]


def recipients(event: GmailEvent) -> tuple[Recipient, ...]:
    return (
        tuple(Recipient(a, field="to") for a in event.to)
        + tuple(Recipient(a, field="cc") for a in event.cc)
        + tuple(Recipient(a, field="bcc") for a in event.bcc)
    )


def outside_visible(event: GmailEvent, policy: Policy) -> set[str]:
    """Lower-case outside addresses in To or Cc, as the `visible_recipients` detector counts them."""
    message = OutgoingMessage(
        sender=Person(""),
        to=tuple(Recipient(a, field="to") for a in event.to),
        cc=tuple(Recipient(a, field="cc") for a in event.cc),
    )
    seats = Audience.of(message, Enrichment(), policy).visible_outside()
    return {s.recipient.email.lower() for s in seats}


def plan(verdict: Verdict, event: GmailEvent, sender: Person, policy: Policy) -> list[Fix]:
    codes = {w.finding.code for w in verdict.findings if w.finding.severity != "info"}
    fixes: list[Fix] = []
    if "visible_recipients" in codes and outside_visible(event, policy):
        fixes.append(Fix("bcc", "Move outside recipients to Bcc"))
    lists = {
        str(w.finding.params.get("list", "")).lower()
        for w in verdict.findings
        if w.finding.code in LIST_CODES and w.finding.severity != "info"
    }
    present = {r.email.lower() for r in recipients(event)}
    list_targets = sorted(token(a) for a in lists & present)
    if list_targets:
        label = "Remove the list address" if len(list_targets) == 1 else "Remove the list addresses"
        fixes.append(Fix("remove", label, tuple(list_targets)))
    if "personal_account" in codes and sender.email:
        own = sorted({token(r.email) for r in recipients(event) if is_own_account(sender, r)})
        if own:
            fixes.append(Fix("remove", "Remove the personal address", tuple(own)))
    return fixes


@dataclass(frozen=True)
class Applied:
    to: tuple[str, ...]
    cc: tuple[str, ...]
    bcc: tuple[str, ...]
    changed: int
    done: str


def _dedupe(addresses: Iterable[str]) -> tuple[str, ...]:
    seen: set[str] = set()
    out = []
    for a in addresses:
        if a.lower() not in seen:
            seen.add(a.lower())
            out.append(a)
    return tuple(out)


def move_to_bcc(event: GmailEvent, policy: Policy) -> Applied:
    outside = outside_visible(event, policy)
    to = tuple(a for a in event.to if a.lower() not in outside)
    cc = tuple(a for a in event.cc if a.lower() not in outside)
    moved = [a for a in (*event.to, *event.cc) if a.lower() in outside]
    bcc = _dedupe((*event.bcc, *moved))
    count = len(_dedupe(moved))
    noun = "recipient" if count == 1 else "recipients"
    done = (
        f"Moved {n(count)} outside {noun} to Bcc, so they will not see each other's addresses. "
        "Press Check again to look at the whole draft."
    )
    return Applied(to, cc, bcc, count, done)


def remove(event: GmailEvent, targets: Sequence[str]) -> Applied:
    wanted = set(targets)

    def keep(addresses: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(a for a in addresses if token(a) not in wanted)

    to, cc, bcc = keep(event.to), keep(event.cc), keep(event.bcc)
    count = event.recipient_count - (len(to) + len(cc) + len(bcc))
    noun = "address" if count == 1 else "addresses"
    done = f"Removed {n(count)} {noun} from the draft. Press Check again to look at the whole draft."
    return Applied(to, cc, bcc, count, done)
