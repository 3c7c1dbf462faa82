"""The trace header: a signed record that this message was checked, so it is not checked twice.

    X-Crossing-Guard: v=1; verdict=allow; t=1767225600; sig=<base64url HMAC-SHA256>

The signature covers the version, verdict and time, the Message-ID, the envelope (MAIL FROM and
every RCPT TO, sorted) and a SHA-256 of the body, under the district's secret
(CROSSING_GUARD_GATEWAY_SECRET). A header anyone could write would let a sender skip the check, so
a header that does not verify is ignored (the message is checked like any other); a verifying one
on a message coming round again (two gateways in a row, or mail relayed back through the platform)
lets it through unchecked. It proves nothing after `MAX_AGE` seconds. The body is what is covered,
not the headers: platforms add and rewrite headers in transit, and a changed body means new content.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import time
from collections.abc import Sequence

HEADER = "X-Crossing-Guard"
MAX_AGE = 2 * 24 * 3600  # Exchange Online retries for 24 h, other platforms up to 48 h
CLOCK_SKEW = 300  # two gateways' clocks may differ a little
_FIELDS = re.compile(r"(\w+)=([^;\s]*)")
_BODY_START = re.compile(rb"\r?\n\r?\n")
_HEADER_LINE = re.compile(rb"^x-crossing-guard:[ \t]*(.*(?:\r?\n[ \t].*)*)", re.IGNORECASE | re.MULTILINE)


def body_digest(raw: bytes) -> bytes:
    found = _BODY_START.search(raw)
    return hashlib.sha256(raw[found.end():] if found else b"").digest()


def _mac(secret: bytes, verdict: str, stamp: int, message_id: str, mail_from: str, rcpts: Sequence[str],
         digest: bytes) -> str:
    envelope = "\n".join([mail_from.lower(), *sorted(r.lower() for r in rcpts)])
    signed = f"v=1\n{verdict}\n{stamp}\n{message_id.strip()}\n{envelope}\n".encode() + digest
    return base64.urlsafe_b64encode(hmac.new(secret, signed, hashlib.sha256).digest()).decode().rstrip("=")


def message_id(raw: bytes) -> str:
    found = re.search(rb"^message-id:[ \t]*(.*(?:\r?\n[ \t].*)*)", _headers(raw), re.IGNORECASE | re.MULTILINE)
    return re.sub(r"\s+", "", found.group(1).decode("ascii", "replace")) if found else ""


def _headers(raw: bytes) -> bytes:
    found = _BODY_START.search(raw)
    return raw[: found.start() + 1] if found else raw


def header_line(secret: bytes, verdict: str, raw: bytes, mail_from: str, rcpts: Sequence[str],
                now: float | None = None) -> bytes:
    """The header to prepend, CRLF-terminated."""
    stamp = int(time.time() if now is None else now)
    sig = _mac(secret, verdict, stamp, message_id(raw), mail_from, rcpts, body_digest(raw))
    return f"{HEADER}: v=1; verdict={verdict}; t={stamp}; sig={sig}\r\n".encode()


def verified(secret: bytes, raw: bytes, mail_from: str, rcpts: Sequence[str], now: float | None = None) -> str | None:
    """The verdict a valid trace header on `raw` carries for this envelope, or None."""
    now = time.time() if now is None else now
    digest: bytes | None = None
    for found in _HEADER_LINE.finditer(_headers(raw)):
        fields: dict[str, str] = dict(_FIELDS.findall(found.group(1).decode("ascii", "replace")))
        try:
            stamp = int(fields.get("t", ""))
        except ValueError:
            continue
        if fields.get("v") != "1" or not -CLOCK_SKEW <= now - stamp <= MAX_AGE:
            continue
        verdict = fields.get("verdict", "")
        digest = digest or body_digest(raw)
        expected = _mac(secret, verdict, stamp, message_id(raw), mail_from, rcpts, digest)
        if hmac.compare_digest(expected, fields.get("sig", "")):
            return verdict
    return None
