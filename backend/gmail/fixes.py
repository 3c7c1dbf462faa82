"""The card's fix buttons: the server's fix plans (`Finding.plan`), carried as tokens and executed as given.

The verdict's findings carry their fixes, planned once from the same `Audience` the verdict was decided
from (`backend.fixplan`). A compose card can change only the draft's recipients, so of the plans it
offers `move_to_bcc` and `remove_recipients`; nothing here decides who is "outside" or which address
is a list. The words on a button are `messages.fix_label`.

A button carries the plan's action and address tokens (a keyed hash), never addresses: Google echoes
button parameters back on the press, and they travel through Google's servers. The press arrives with
the draft's current recipients, and the plan applies to whichever of them still match.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import get_args

from backend.gmail.cards import Fix, GmailAction
from backend.gmail.event import MAX_PARAMETER, GmailEvent
from backend.messages import fix_label
from backend.models import Verdict

ACTIONS: tuple[GmailAction, ...] = get_args(GmailAction)
TOKEN_CHARS = 10  # 40 bits: two addresses of one draft sharing a token is a one-in-a-million chance at 1,000
MAX_TARGETS_TEXT = MAX_PARAMETER  # a button's `targets`: room for ~2,000 addresses, Workspace's most per message


def token(address: str) -> str:
    return hashlib.sha256(b"crossing-guard/gmail:" + address.strip().lower().encode()).hexdigest()[:TOKEN_CHARS]


def buttons(verdict: Verdict) -> list[Fix]:
    """One button per distinct plan a compose card can execute, in the order of the findings."""
    out: list[Fix] = []
    seen: set[tuple[str, tuple[str, ...]]] = set()
    for worded in verdict.findings:
        finding = worded.finding
        plan = finding.plan
        if plan is None or finding.severity == "info":
            continue
        action = gmail_action(plan.action)
        if action is None:
            continue  # an attachment or a link: Gmail gives a compose card no way to change them
        targets = tuple(dict.fromkeys(token(t) for t in plan.targets))
        if (action, targets) in seen or len(",".join(targets)) > MAX_TARGETS_TEXT:
            continue
        seen.add((action, targets))
        out.append(Fix(action, fix_label(finding), targets))
    return out


def gmail_action(action: str) -> GmailAction | None:
    for known in ACTIONS:
        if action == known:
            return known
    return None


@dataclass(frozen=True)
class Applied:
    """The draft's whole new To, Cc and Bcc, and how many addresses the fix moved or removed."""

    to: tuple[str, ...]
    cc: tuple[str, ...]
    bcc: tuple[str, ...]
    changed: int


def _dedupe(addresses: Iterable[str]) -> tuple[str, ...]:
    seen: set[str] = set()
    out: list[str] = []
    for address in addresses:
        if address.lower() not in seen:
            seen.add(address.lower())
            out.append(address)
    return tuple(out)


def apply(action: GmailAction, targets: Iterable[str], event: GmailEvent) -> Applied:
    """Execute one plan on the recipients the press arrived with."""
    wanted = set(targets)

    def hit(address: str) -> bool:
        return token(address) in wanted

    if action == "move_to_bcc":
        moved = [a for a in (*event.to, *event.cc) if hit(a)]
        to = tuple(a for a in event.to if not hit(a))
        cc = tuple(a for a in event.cc if not hit(a))
        bcc = _dedupe((*event.bcc, *moved))
        count = len(_dedupe(moved))
    else:
        to = tuple(a for a in event.to if not hit(a))
        cc = tuple(a for a in event.cc if not hit(a))
        bcc = tuple(a for a in event.bcc if not hit(a))
        count = event.recipient_count - (len(to) + len(cc) + len(bcc))
    return Applied(to, cc, bcc, count)
