"""Attachments that could not be read: unknown is not safe (principle 6).

Only matters when someone not entitled to student records would receive it; the policy decides
whether that warns or blocks, with a harder default for automations.
"""

from __future__ import annotations

from collections.abc import Iterator

from backend.detectors.base import Context
from backend.fixplan import remove_attachment
from backend.models import Finding


def detect(ctx: Context) -> Iterator[Finding]:
    rule = ctx.policy.unreadable
    action = rule.action_automation if ctx.message.is_automation else rule.action_person
    if action == "allow" or ctx.audience.outside == 0:
        return
    for doc in ctx.documents:
        if doc.unreadable is None or doc.unreadable.reason == "not_fetched":
            continue
        yield Finding(
            code="unreadable_attachment",
            severity=action,
            attachment=doc.name,
            recipients=ctx.audience.outside,
            params={"reason": doc.unreadable.reason},
            plan=remove_attachment(doc.name, ctx.message),
        )
