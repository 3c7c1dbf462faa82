"""Whole-school lists and large groups (incident 5).

One address can stand for thousands of people. A protected list name (AllStudents, Everyone) or a
directory-resolved group at or above `audience.large` warns a person and blocks an automation,
as the policy says.
"""

from __future__ import annotations

from collections.abc import Iterator

from backend.detectors.base import Context
from backend.fixplan import remove_recipients
from backend.models import Finding


def detect(ctx: Context) -> Iterator[Finding]:
    audience = ctx.policy.audience
    action = audience.list_action_automation if ctx.message.is_automation else audience.list_action_person
    if action == "allow":
        return
    for seat in ctx.audience.lists:
        if not (seat.protected or (seat.resolved and seat.reach >= audience.large)):
            continue
        yield Finding(
            code="protected_list" if seat.protected else "large_audience",
            severity=action,
            people=0,
            recipients=seat.reach if seat.resolved else 0,  # an unresolved list's size is not known
            params={"list": seat.recipient.email, "resolved": int(seat.resolved)},
            plan=remove_recipients([seat.recipient]),
        )
