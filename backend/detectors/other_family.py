"""One student's record addressed to a guardian of a different student: the wrong parent.

Autocomplete picks the wrong family more often than anything else leaks a record, and only the
roster can tell that parent from the right one: "one student's record to at most four outside
people" is the family rule of `exposure`, allowed there. With a roster (`Context.roster`), the
record of a student the roster names, reaching an address the roster lists as another student's
guardian, warns, or blocks for the most sensitive kinds (`roster.other_family_block`). An address the
roster does not know is allowed unless `roster.unknown_recipient` says to warn.
"""

from __future__ import annotations

from collections.abc import Iterator

from backend.audience import Seat
from backend.datakinds import ordered
from backend.detectors.base import Context, Evidence
from backend.fixplan import remove_recipients
from backend.models import Finding, Severity


def detect(ctx: Context) -> Iterator[Finding]:
    view = ctx.roster
    if view is None:
        return
    rules = ctx.policy.roster
    for ev in ctx.evidence:
        if ev.subjects not in ("students", "families") or not ev.data or ev.people != 1:
            continue
        students = view.students_in(ev)
        if len(students) != 1:
            continue  # one student's record, and the roster knows which student
        seats = view.people(ctx.audience)
        wrong = [s for s in seats if view.children(s.recipient.email) and not students <= view.own(s.recipient.email)]
        unknown = [s for s in seats if view.role(s.recipient.email) == "unknown"]
        if wrong:
            action = "block" if set(ev.data) & set(rules.other_family_block) else rules.other_family
            if action != "allow":
                yield _finding("other_family", action, ev, wrong)
        elif unknown and rules.unknown_recipient != "allow":
            yield _finding("unlisted_recipient", rules.unknown_recipient, ev, unknown)


def _finding(code: str, action: str, ev: Evidence, seats: list[Seat]) -> Finding:
    """The address the words name is the first as typed; the fix takes them all off the message."""
    severity: Severity = "block" if action == "block" else "warn"
    return Finding(
        code=code,
        severity=severity,
        people=1,
        data=ordered(ev.data),
        attachment=None if ev.source_kind == "body" else ev.source,
        recipients=len(seats),
        columns=ev.columns[:8],
        params={"recipient": seats[0].recipient.email, "others": len(seats) - 1},
        plan=remove_recipients(s.recipient for s in seats),
    )
