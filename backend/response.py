"""Verdict -> the JSON DESIGN.md shows. The one place the response shape is written."""

from __future__ import annotations

from typing import Any

from backend.messages import fix_label
from backend.models import Verdict


def verdict_json(verdict: Verdict) -> dict[str, Any]:
    findings = []
    for w in verdict.findings:
        f = w.finding
        item: dict[str, Any] = {"code": f.code, "severity": f.severity, "summary": w.summary}
        if f.attachment:
            item["attachment"] = f.attachment
        if f.people:
            item["people"] = f.people
        if f.data:
            item["data"] = list(f.data)
        if f.recipients:
            item["recipients"] = f.recipients
        if f.columns:
            item["columns"] = list(f.columns)
        if f.samples:
            item["samples"] = list(f.samples)
        item["fix"] = w.fix
        if f.plan is not None:
            item["fix_plan"] = {"action": f.plan.action, "targets": list(f.plan.targets), "label": fix_label(f)}
        findings.append(item)
    e = verdict.exposure
    body: dict[str, Any] = {
        "verdict": verdict.verdict,
        "headline": verdict.headline,
        "message": verdict.message,
        "details_markdown": verdict.details_markdown,
        "findings": findings,
        "exposure": {"people": e.people, "recipients": e.recipients,
                     "outside_recipients": e.outside_recipients, "data": list(e.data)},
        "check_id": verdict.check_id,
    }
    if verdict.attachment_refs:
        body["attachments"] = [{"ref": ref} if ref else {} for ref in verdict.attachment_refs]
    return body
