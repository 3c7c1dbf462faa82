"""Findings -> one verdict, its words, and the exposure figures (built from the findings alone)."""

from __future__ import annotations

from backend.audience import Audience
from backend.datakinds import ordered
from backend.messages import ALLOW_HEADLINE, ALLOW_MESSAGE, details, fit, words_for
from backend.models import SEVERITY_RANK, Exposure, Finding, Verdict, VerdictName, WordedFinding

_VERDICT: dict[str, VerdictName] = {"info": "allow", "warn": "warn", "block": "block"}


# Among findings of one severity, the one that says most about what to do leads: a personal account
# explains a roster going outside better than the roster finding itself.
_LEADS = {"personal_account": 2, "roster_attached": 1, "roster_linked": 1, "records_in_body": 1}


def _rank(f: Finding) -> tuple[int, int, int, int]:
    return (SEVERITY_RANK[f.severity], _LEADS.get(f.code, 0), f.people, f.recipients)


# Findings about whose records the message carries; their people, data and recipients are the exposure.
RECORD_CODES = frozenset({"roster_attached", "records_in_body", "roster_linked"})


def exposure_of(findings: list[Finding], audience: Audience) -> Exposure:
    """The exposure the findings decided: the students their records name (each once, by key), the
    kinds of data, and the most recipients not entitled to them. Records that gave no finding (a link
    only the people it is shared with can open) expose no one."""
    keys: set[str] = set()
    unkeyed = unkeyed_personal = 0
    data: set[str] = set()
    reach: int | None = None
    for f in findings:
        about_students = f.code in RECORD_CODES and f.params.get("subjects") != "staff"
        if not (about_students or f.code == "personal_account") or f.people == 0:
            continue
        keys |= f.person_keys
        if about_students:
            unkeyed += max(0, f.people - len(f.person_keys))
            reach = max(reach or 0, f.recipients)
        else:  # the personal account finding covers every record source at once
            unkeyed_personal = max(0, f.people - len(f.person_keys))
        data |= set(f.data)
    return Exposure(
        people=len(keys) + max(unkeyed, unkeyed_personal),
        recipients=audience.total,
        outside_recipients=reach if reach is not None else audience.outside,
        data=ordered(data),
    )


def decide(findings: list[Finding], exposure: Exposure, check_id: str) -> Verdict:
    ranked = sorted(findings, key=_rank, reverse=True)
    # A finding weighed and allowed ("info") is a note: nothing to fix.
    worded = tuple(WordedFinding(f, (w := words_for(f)).summary, w.fix if f.severity != "info" else "") for f in ranked)
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
