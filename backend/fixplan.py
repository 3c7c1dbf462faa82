"""Fixes planned by the server, executed by the clients.

A finding that one step can fix carries a `FixPlan`: an action and its exact targets, decided by
the detector from the same `Audience` and documents the verdict was decided from. The Outlook task
pane, the Gmail card and the demo page execute the plan as given; none of them re-derives who is
"outside" or reads the English wording of a fix to choose a button. The button's words come from
`messages.fix_label`.

    move_to_bcc        targets: addresses in To or Cc to move to Bcc (To and Cc keep the rest)
    remove_recipients  targets: addresses to take off the message, wherever they are
    remove_attachment  targets: names of attachments as the client sent them (top level, never a
                       file inside a zip)
    remove_link        targets: URLs as they appear in the message

Targets are compared without regard to case for addresses, exactly for names and URLs.
"""

from __future__ import annotations

from collections.abc import Iterable

from backend.audience import Seat
from backend.models import FixPlan, OutgoingMessage, Recipient


def _unique_addresses(addresses: Iterable[str]) -> tuple[str, ...]:
    seen: set[str] = set()
    out: list[str] = []
    for address in addresses:
        if address.lower() not in seen:
            seen.add(address.lower())
            out.append(address)
    return tuple(out)


def move_to_bcc(seats: Iterable[Seat]) -> FixPlan | None:
    targets = _unique_addresses(s.recipient.email for s in seats if s.recipient.field != "bcc")
    return FixPlan("move_to_bcc", targets) if targets else None


def remove_recipients(recipients: Iterable[Recipient]) -> FixPlan | None:
    targets = _unique_addresses(r.email for r in recipients)
    return FixPlan("remove_recipients", targets) if targets else None


def top_level_attachment(name: str | None, message: OutgoingMessage) -> str | None:
    """The attachment the sender added that holds `name`: itself, or the zip or message it came out
    of (readers name a file inside one `<attachment>/<path inside>`)."""
    if not name:
        return None
    holders = [a.name for a in message.attachments if name == a.name or name.startswith(a.name + "/")]
    return max(holders, key=len) if holders else None


def remove_attachment(name: str | None, message: OutgoingMessage) -> FixPlan | None:
    top = top_level_attachment(name, message)
    return FixPlan("remove_attachment", (top,)) if top else None


def remove_link(url: str | None) -> FixPlan | None:
    return FixPlan("remove_link", (url,)) if url else None
