"""A check record: what a check decided, as metadata only, built from the verdict and its `Audience`.

The figures come from the decision: the exposure, the findings' codes, severities and counts, and the
seats the engine classified. Nothing here holds a subject, a body, a file name, a cell value or a
name: a record is plain JSON (it may wait in the spool) of addresses, codes and numbers.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from backend.audience import Audience
from backend.decide import RECORD_CODES
from backend.models import Caller, OutgoingMessage, Verdict

Record = dict[str, Any]
"""JSON-ready: {"check_id", "at", "client", ..., "recipients": [...], "findings": [...], "data": {...}}."""

_CLASS = {"internal": "staff", "student": "student", "partner": "partner", "outside": "outside"}


def caller_id(caller: Caller) -> str:
    """The opaque id a record keeps of its caller: an API key's hash prefix or a token's subject."""
    return f"{caller.kind}:{caller.subject}" if caller.subject else caller.kind


def breaker_key(message: OutgoingMessage) -> str | None:
    """An automation is held by its credential when it has one, else by its sender; people never."""
    if not message.is_automation:
        return None
    if message.caller.kind == "api_key" and message.caller.subject:
        return message.caller.subject
    return message.sender.email.lower() or None


def _exposed_kinds(verdict: Verdict) -> frozenset[str]:
    """Kinds of student data the findings weighed and did not allow (warn or block)."""
    kinds: set[str] = set()
    for w in verdict.findings:
        f = w.finding
        if f.severity != "info" and f.people > 0 and (f.code in RECORD_CODES or f.code == "personal_account") \
                and f.params.get("subjects") != "staff":
            kinds |= set(f.data)
    return frozenset(kinds)


def is_repeat(verdict: Verdict) -> bool:
    """Student records going to people not entitled to them: what the sender history counts."""
    return bool(_exposed_kinds(verdict)) and verdict.exposure.outside_recipients > 0


def _students_per_kind(verdict: Verdict) -> dict[str, int]:
    counts: dict[str, int] = {}
    for w in verdict.findings:
        f = w.finding
        if (f.code in RECORD_CODES or f.code == "personal_account") and f.params.get("subjects") != "staff":
            for kind in f.data:
                counts[kind] = max(counts.get(kind, 0), f.people)
    return counts


def is_breaker_hit(verdict: Verdict, audience: Audience) -> bool:
    """What the breaker counts: a blocked message, or one to a protected list."""
    return verdict.verdict == "block" or any(s.protected for s in audience.seats)


def build(
    message: OutgoingMessage, verdict: Verdict, audience: Audience, ms: float, at: dt.datetime, *, escalated: bool
) -> Record:
    kinds = _exposed_kinds(verdict)
    sender = message.sender.email.lower()
    return {
        "check_id": verdict.check_id,
        "at": at.isoformat(),
        "client": message.client_app,
        "caller_kind": message.caller.kind,
        "caller": caller_id(message.caller),
        "sender": sender,
        "sender_domain": sender.rpartition("@")[2],
        "verdict": verdict.verdict,
        "people": verdict.exposure.people,
        "recipients": verdict.exposure.recipients,
        "not_entitled": verdict.exposure.outside_recipients if kinds else 0,
        "repeat": is_repeat(verdict),
        "breaker_key": breaker_key(message),
        "escalated": escalated,
        "ms": round(ms, 2),
        "seats": [
            {
                "address": s.recipient.email.lower(),
                "field": s.recipient.field,
                "cls": "list" if s.is_list else _CLASS[s.cls],
                "domain_cls": _CLASS[s.cls],
                "list_size": s.reach if s.is_list else None,
                "entitled": not kinds or s.outside_reach == 0 or audience.partner_may_see(s, kinds),
            }
            for s in audience.seats
        ],
        "findings": [
            {"code": w.finding.code, "severity": w.finding.severity, "people": w.finding.people,
             "recipients": w.finding.recipients}
            for w in verdict.findings
        ],
        "data": _students_per_kind(verdict),
    }
