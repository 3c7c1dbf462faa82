"""The Gmail add-on: a Google Workspace add-on built on HTTP endpoints, served by this service.

Gmail cannot hold a message at Send, so the add-on is a compose action: the sender opens it from the
draft and gets a card with the verdict for the draft's recipients (the only part of a draft Google
shows a compose add-on), with buttons that execute the server's fix plans on To, Cc and Bcc. What the
message carries is checked as it leaves, by the outbound gateway and the district's Gmail DLP rules
(`dlp` writes their word lists and patterns from the policy's data kinds).

    routes.py     the endpoints (compose trigger, fix buttons, homepage)
    verify.py     Google-signed ID tokens on every request
    event.py      the event object Google posts
    cards.py      card JSON and the responses that carry it
    fixes.py      fix plans as buttons, and executed on the draft's recipients
    dlp.py        Gmail DLP detectors (word lists, RE2 patterns) generated from the data kinds
"""

from __future__ import annotations

from backend.gmail.routes import GmailAddon

__all__ = ["GmailAddon"]
