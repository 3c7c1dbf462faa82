"""A link or list that could not be looked up in time: say plainly what was not checked."""

from __future__ import annotations

from collections.abc import Iterator

from backend.detectors.base import Context
from backend.models import Finding


def detect(ctx: Context) -> Iterator[Finding]:
    action = ctx.policy.lookups.on_failure
    if action == "allow" or ctx.audience.outside == 0:
        return
    for failure in ctx.enrichment.failures:
        yield Finding(
            code="lookup_failed",
            severity=action,
            recipients=ctx.audience.outside,
            params={"what": failure.what, "reason": failure.reason},
        )
