"""Findings -> one verdict, its words, and the exposure figures."""

from __future__ import annotations

from backend.audience import Audience
from backend.datakinds import ordered
from backend.detectors.base import Evidence, distinct_people
from backend.messages import ALLOW_HEADLINE, ALLOW_MESSAGE, details, fit, words_for
from backend.models import SEVERITY_RANK, Exposure, Finding, Verdict, VerdictName, WordedFinding

_VERDICT: dict[str, VerdictName] = {"info": "allow", "warn": "warn", "block": "block"}


# Among findings of one severity, the one that says most about what to do leads: a personal account
# explains a roster going outside better than the roster finding itself.
_LEADS = {"personal_account": 2, "roster_attached": 1, "roster_linked": 1, "records_in_body": 1}


def _rank(f: Finding) -> tuple[int, int, int, int]:
    return (SEVERITY_RANK[f.severity], _LEADS.get(f.code, 0), f.people, f.recipients)


def exposure_of(evidence: tuple[Evidence, ...], audience: Audience) -> Exposure:
    unkeyed = 0
    data: set[str] = set()
    counted = [ev for ev in evidence if ev.subjects in ("students", "families") and ev.people]
    keys = distinct_people(counted)
    for ev in counted:
        if ev.person_keys:
            unkeyed += max(0, ev.people - len(ev.person_keys))
        else:
            unkeyed += ev.people
        data |= ev.data
    return Exposure(
        people=len(keys) + unkeyed,
        recipients=audience.total,
        outside_recipients=audience.not_entitled(data) if data else audience.outside,
        data=ordered(data),
    )


def decide(findings: list[Finding], exposure: Exposure, check_id: str) -> Verdict:
    ranked = sorted(findings, key=_rank, reverse=True)
    worded = tuple(WordedFinding(f, (w := words_for(f)).summary, w.fix) for f in ranked)
    top = next((f for f in ranked if f.severity != "info"), None)
    if top is None:
        return Verdict("allow", ALLOW_HEADLINE, ALLOW_MESSAGE, ALLOW_MESSAGE, worded, exposure, check_id)
    top_words = words_for(top)
    message = top_words.message
    # A personal account already names the records it would carry; their roster finding adds nothing.
    covered = {"roster_attached", "records_in_body", "roster_linked"} if top.code == "personal_account" else set()
    others = [w for w in worded if w.finding is not top and w.finding.severity != "info"
              and w.finding.code not in covered]
    for other in others:
        extra = f" Also: {other.summary}."
        if len(message) + len(extra) <= 500:
            message += extra
    blocks = [details(w.finding, words_for(w.finding)) for w in worded if w.finding.severity != "info"]
    markdown = "\n\n".join(blocks)
    return Verdict(_VERDICT[top.severity], top_words.headline, fit(message), markdown, worded, exposure, check_id)
