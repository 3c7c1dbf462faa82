"""The one line per check that IT may keep: metadata only.

check id, client, verdict, finding codes, counts, data kinds, and a keyed hash of the sender so
repeated attempts by one person are visible without writing who it is. Never names, subjects,
bodies, file names or matched values.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os

from backend.models import OutgoingMessage, Verdict

log = logging.getLogger("crossing_guard.audit")

_KEY = os.environ.get("CROSSING_GUARD_AUDIT_KEY", "").encode() or os.urandom(32)


def sender_hash(email: str) -> str:
    """Stable for one audit key: set CROSSING_GUARD_AUDIT_KEY to correlate across restarts."""
    return hmac.new(_KEY, email.strip().lower().encode(), hashlib.sha256).hexdigest()[:16]


def record(message: OutgoingMessage, verdict: Verdict, elapsed_ms: float) -> dict[str, object]:
    line: dict[str, object] = {
        "event": "check",
        "check_id": verdict.check_id,
        "client": message.client_app,
        "caller": message.caller.kind,
        "sender": sender_hash(message.caller.email or message.sender.email),
        "verdict": verdict.verdict,
        "codes": [w.finding.code for w in verdict.findings],
        "people": verdict.exposure.people,
        "recipients": verdict.exposure.recipients,
        "outside_recipients": verdict.exposure.outside_recipients,
        "data": list(verdict.exposure.data),
        "attachments": len(message.attachments),
        "ms": round(elapsed_ms, 1),
    }
    log.info(json.dumps(line, separators=(",", ":")))
    return line
