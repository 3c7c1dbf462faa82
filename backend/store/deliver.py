"""Delivering an alert: a JSON POST to `alerts.webhook_url` and, optionally, a short mail to IT.

Runs on the store's writer thread, never on a verdict's path; each attempt has a timeout, and a
failure only leaves the alert undelivered for the next attempt.
"""

from __future__ import annotations

import asyncio
import json
import logging
from email.message import EmailMessage
from typing import Any

import aiosmtplib
import httpx

from backend.policy import Policy
from backend.policy.netaddr import host_port

log = logging.getLogger("crossing_guard.store")


def mail_text(body: dict[str, Any]) -> str:
    if body["kind"] == "repeat":
        lead = (f"{body['sender']} has sent student records to people not entitled to them "
                f"{body['count']} times since the window began.")
    else:
        lead = f"The automation breaker for {body['breaker_key']} tripped after {body['count']} messages."
    ids = "\n".join(f"  {cid}" for cid in body["check_ids"])
    return f"{lead}\n\nChecks (look them up in the console):\n{ids}\n"


class Deliverer:
    def __init__(self, policy: Policy) -> None:
        self.policy = policy

    def deliver(self, body: dict[str, Any]) -> bool:
        """True when every configured channel took the alert (nothing configured: stored only)."""
        ok = True
        rules = self.policy.alerts
        if rules.webhook_url:
            ok = self._webhook(rules.webhook_url, body) and ok
        if rules.email_to and rules.email_relay:
            ok = self._mail(body) and ok
        return ok

    def _webhook(self, url: str, body: dict[str, Any]) -> bool:
        try:
            response = httpx.post(url, json=body, timeout=self.policy.alerts.webhook_seconds)
        except httpx.HTTPError as exc:
            log.warning("alert webhook failed: %s", type(exc).__name__)
            return False
        if response.status_code >= 300:
            log.warning("alert webhook answered %d", response.status_code)
            return False
        return True

    def _mail(self, body: dict[str, Any]) -> bool:
        rules = self.policy.alerts
        host, port = host_port(rules.email_relay, "alerts.email_relay")
        sender = rules.email_from or f"postmaster@{self.policy.district.domains[0]}"
        message = EmailMessage()
        message["From"] = f"Crossing Guard <{sender}>"
        message["To"] = ", ".join(rules.email_to)
        message["Subject"] = "Crossing Guard alert: " + ("a sender keeps sending student records"
                                                          if body["kind"] == "repeat" else "an automation was stopped")
        message["Auto-Submitted"] = "auto-generated"
        message.set_content(mail_text(body) + "\n" + json.dumps(body, indent=2) + "\n")
        try:
            asyncio.run(aiosmtplib.send(message, hostname=host, port=port, timeout=rules.webhook_seconds,
                                        start_tls=False, use_tls=False))
        except (aiosmtplib.SMTPException, OSError) as exc:
            log.warning("alert mail failed: %s", type(exc).__name__)
            return False
        return True
