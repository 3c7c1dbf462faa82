"""The Gmail add-on: a Google Workspace add-on built on HTTP endpoints, served by this service.

Gmail cannot hold a message at Send, so the add-on is a compose action: the sender opens it from the
draft and gets a card with the verdict for the draft's recipients, and for its body and attachments
when the Gmail API lets the service read the draft, with buttons that fix the recipients.

    routes.py     the endpoints (compose trigger, fix buttons, homepage)
    verify.py     Google-signed ID tokens on every request
    event.py      the event object Google posts
    gmail_api.py  the draft, read as the user through the Gmail API
    cards.py      card JSON and the responses that carry it
    fixes.py      recipient fixes the card can make
"""

from __future__ import annotations

from backend.gmail.routes import GmailAddon

__all__ = ["GmailAddon"]
