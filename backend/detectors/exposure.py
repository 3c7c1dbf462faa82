"""Student records reaching people who are not entitled to them.

The unit of risk is distinct students x sensitivity x recipients not entitled. One student's record
to at most `audience.family_recipients` outside people is that student's family: the school's daily
work, allowed unless the kind blocks at one student (Social Security numbers). Staff records are
not weighed, except Social Security numbers, which are never email material for anyone.

A linked file exposes its records only to recipients who can open it: anyone with the link (or a
scope that could not be read), everyone signed in to the district, or only the people the owner
shared it with, whom sending the link does not add to.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from backend.datakinds import STAFF_KINDS, ordered
from backend.detectors.base import Context, Evidence, canonical_keys
from backend.fixplan import remove_attachment, remove_link
from backend.models import SEVERITY_RANK, Finding, FixPlan, Severity
from backend.policy import Policy

CODES = {"attachment": "roster_attached", "body": "records_in_body", "link": "roster_linked"}


def detect(ctx: Context) -> Iterator[Finding]:
    """One finding per source of records: warn or block as the policy says, else "info" (weighed and
    allowed), so the exposure is built from what was decided. A link only the owner's chosen people
    can open exposes nothing by being sent, and gives no finding."""
    for ev in ctx.evidence:
        if ev.subjects == "staff" and ev.data & STAFF_KINDS:
            ev = replace(ev, data=ev.data & STAFF_KINDS)
        elif ev.subjects not in ("students", "families") or ev.people == 0 or not ev.data:
            continue
        linked = ctx.enrichment.files.get(ev.url) if ev.url else None
        scope = linked.scope if linked is not None else "anyone"
        if scope == "specific_people":
            continue
        district_only = scope == "organization"
        exposed_to = ctx.audience.not_entitled(ev.data, district_only=district_only)
        severity = severity_for(ev, exposed_to, ctx.policy) if exposed_to else None
        params: dict[str, str | int] = {"scope": linked.scope} if linked is not None else {}
        if ev.subjects == "staff":
            params["subjects"] = "staff"
        unknown = [s for s in ctx.audience.unresolved if not (district_only and s.cls in ("outside", "partner"))]
        if exposed_to and unknown:
            params["list"] = unknown[0].recipient.email  # the words say it could not be looked up
        if ctx.roster is not None:  # known to be their own family, or how many are other families' children
            params.update(ctx.roster.family_params(ev, ctx.audience))
        yield Finding(
            code=CODES[ev.source_kind],
            severity=severity or "info",
            people=ev.people,
            data=ordered(ev.data),
            attachment=None if ev.source_kind == "body" else ev.source,
            recipients=exposed_to,
            columns=ev.columns[:8],
            samples=ev.samples[:3],
            params=params,
            plan=_plan(ev, ctx) if severity else None,  # a note has nothing to fix
            person_keys=canonical_keys(ctx.evidence, ev.person_keys),
        )


def _plan(ev: Evidence, ctx: Context) -> FixPlan | None:
    """An attachment comes off the message, a link out of it; records typed in the body need a person."""
    if ev.source_kind == "attachment":
        return remove_attachment(ev.source, ctx.message)
    if ev.source_kind == "link":
        return remove_link(ev.url)
    return None


def severity_for(ev: Evidence, exposed_to: int, policy: Policy) -> Severity | None:
    family = ev.people == 1 and exposed_to <= policy.audience.family_recipients
    worst: Severity | None = None
    for kind in ev.data:
        rule = policy.rule(kind)
        if family and rule.block_people != 1:
            continue
        level: Severity | None = None
        if rule.block_people and ev.people >= rule.block_people:
            level = "block"
        elif rule.warn_people and ev.people >= rule.warn_people:
            level = "warn"
        if level and (worst is None or SEVERITY_RANK[level] > SEVERITY_RANK[worst]):
            worst = level
    return worst
