"""The Gmail add-on's HTTP endpoints: Google posts an event object, the service answers with a card.

    POST /gmail/compose    compose trigger, and the card's "Check again" button
    POST /gmail/fix        the card's fix buttons: change the draft's To / Cc / Bcc
    POST /gmail/homepage   the add-on's home card (opened outside a draft)

Every request is verified first (`verify`): no valid Google ID token for exactly that endpoint's
URL, no card (401). The compose check reads the draft through the Gmail API when it can
(`gmail_api`) and otherwise checks the recipients alone, and the card says which and why. Gmail
cannot hold a message at Send, so the card is advice the sender sees while writing.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from backend.auth import bearer
from backend.errors import RequestError
from backend.gmail import cards, fixes
from backend.gmail.event import GmailEvent, parse_event
from backend.gmail.gmail_api import DraftUnavailable, GmailDrafts
from backend.gmail.verify import GoogleKeys, GoogleRequestVerifier
from backend.models import Caller, OutgoingMessage, Person, Recipient
from backend.policy import Policy
from backend.request import parse_json
from backend.routes import read_body
from backend.state import AppState

log = logging.getLogger("crossing_guard.gmail")

COMPOSE_PATH = "/gmail/compose"
FIX_PATH = "/gmail/fix"
HOMEPAGE_PATH = "/gmail/homepage"
EVENT_BYTES = 4 * 1024 * 1024

NOT_CHANGED = "Nothing changed"
NO_RECIPIENTS = "Gmail did not show me the draft's recipients, so I changed nothing. Press Check again."
ALREADY_CHANGED = "The draft's recipients have changed since the check, so there was nothing to move or remove."


class GmailAddon:
    """The add-on's endpoints, bound to one district policy, its Google keys and the Gmail API."""

    def __init__(self, policy: Policy, *, fetch_seconds: float | None = None) -> None:
        gmail = policy.gmail
        base = gmail.endpoint_base.rstrip("/")
        self.policy = policy
        self.urls = cards.Endpoints(compose=base + COMPOSE_PATH, fix=base + FIX_PATH)
        self.homepage_url = base + HOMEPAGE_PATH
        self.verifier = GoogleRequestVerifier(gmail.service_account, GoogleKeys(gmail.certs_url))
        self.drafts = GmailDrafts(gmail.api_base, policy.limits, fetch_seconds or gmail.fetch_seconds)

    def routes(self) -> list[BaseRoute]:
        return [
            Route(COMPOSE_PATH, self.compose, methods=["POST"]),
            Route(FIX_PATH, self.fix, methods=["POST"]),
            Route(HOMEPAGE_PATH, self.homepage, methods=["POST"]),
        ]

    async def _event(self, request: Request, audience: str) -> tuple[Caller, GmailEvent]:
        caller = await self.verifier.verify(bearer(request), audience)
        raw = await read_body(request, EVENT_BYTES)
        data = parse_json(raw, self.policy.limits)
        return caller, parse_event(data, self.policy.limits.recipients)

    async def compose(self, request: Request) -> Response:
        caller, event = await self._event(request, self.urls.compose)
        state: AppState = request.app.state.cg
        scope, message = await self._message(event, caller)
        verdict = await state.engine.check(message)
        log.info(
            "gmail check %s: %s, %s",
            verdict.check_id,
            "full" if scope.full else "recipients only",
            scope.reason or "read",
        )
        card = cards.verdict_card(verdict, scope, fixes.plan(verdict, event, message.sender, self.policy), self.urls)
        recheck = event.parameters.get("cg") == "recheck"
        return JSONResponse(cards.update(card) if recheck else cards.push(card))

    async def _message(self, event: GmailEvent, caller: Caller) -> tuple[cards.Scope, OutgoingMessage]:
        message = OutgoingMessage(
            sender=Person(""),
            to=tuple(Recipient(a, field="to") for a in event.to),
            cc=tuple(Recipient(a, field="cc") for a in event.cc),
            bcc=tuple(Recipient(a, field="bcc") for a in event.bcc),
            client_app="gmail",
            caller=caller,
        )
        try:
            draft = await self.drafts.fetch(event.user_token, event.message_id)
        except DraftUnavailable as exc:
            return cards.Scope(full=False, reason=exc.reason), message
        if not event.recipients_known:
            message = replace(
                message,
                to=tuple(Recipient(a, field="to") for a in draft.to),
                cc=tuple(Recipient(a, field="cc") for a in draft.cc),
                bcc=tuple(Recipient(a, field="bcc") for a in draft.bcc),
            )
        message = replace(
            message,
            sender=draft.sender,
            subject=draft.subject,
            body_text=draft.body_text,
            body_html=draft.body_html,
            attachments=draft.attachments,
            caller=replace(caller, email=draft.sender.email),
        )
        return cards.Scope(full=True, attachments=len(draft.attachments)), message

    async def fix(self, request: Request) -> Response:
        _, event = await self._event(request, self.urls.fix)
        kind = event.parameters.get("fix")
        if kind not in ("bcc", "remove"):
            field = "commonEventObject.parameters.fix"
            raise RequestError("invalid_value", "`fix` must be `bcc` or `remove`.", field)
        if not event.recipients_known:
            return JSONResponse(cards.update(cards.notice_card(NOT_CHANGED, NO_RECIPIENTS, self.urls)))
        if kind == "bcc":
            applied = fixes.move_to_bcc(event, self.policy)
        else:
            targets = [t for t in event.parameters.get("targets", "").split(",") if t]
            applied = fixes.remove(event, targets)
        if applied.changed == 0:
            return JSONResponse(cards.update(cards.notice_card(NOT_CHANGED, ALREADY_CHANGED, self.urls)))
        card = cards.notice_card("Draft updated", applied.done, self.urls)
        return JSONResponse(cards.update_draft(card, applied.to, applied.cc, applied.bcc))

    async def homepage(self, request: Request) -> Response:
        await self._event(request, self.homepage_url)
        return JSONResponse(cards.push(cards.homepage_card()))
