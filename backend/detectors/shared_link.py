"""A link to a cloud spreadsheet or file sent to many outside recipients.

Until the file itself is looked up, the risk is that anyone with the link may open the whole file.
A file that was looked up is judged by its content and sharing scope instead (`exposure`), so it is
skipped here unless its scope is open to anyone.
"""

from __future__ import annotations

from collections.abc import Iterator

from backend.detectors.base import Context
from backend.fixplan import remove_link
from backend.links import classify
from backend.models import Finding


def detect(ctx: Context) -> Iterator[Finding]:
    outside = ctx.audience.outside
    if outside < ctx.policy.links.warn_recipients:
        return
    for url in ctx.message_links:
        link = classify(url)
        if not link.is_cloud_file or link.file_type not in ctx.policy.links.file_types:
            continue
        looked_up = ctx.enrichment.files.get(url)
        if looked_up is not None and (looked_up.scope != "anyone" or looked_up.document is not None):
            continue
        yield Finding(
            code="shared_file_link",
            severity="warn",
            recipients=outside,
            attachment=looked_up.name if looked_up and looked_up.name else None,
            params={"service": link.service, "file_type": link.file_type,
                    "scope": looked_up.scope if looked_up else "unknown"},
            plan=remove_link(url),
        )
