"""Many outside addresses in To or Cc: every family sees every other family's address.

Sending to parents is normal (principle 2); showing 40 parents each other's addresses is not, and the
fix is one step: move them to Bcc.
"""

from __future__ import annotations

from collections.abc import Iterator

from backend.detectors.base import Context
from backend.fixplan import move_to_bcc
from backend.models import Finding


def detect(ctx: Context) -> Iterator[Finding]:
    visible = ctx.audience.visible_outside()
    if len(visible) < ctx.policy.audience.visible_outside_max:
        return
    yield Finding(code="visible_recipients", severity="warn", recipients=len(visible), plan=move_to_bcc(visible))
