"""The Gmail add-on's HTTP endpoints: Google posts an event object, the service answers with a card.

    POST /gmail/compose    compose trigger, and the card's "Check again" button
    POST /gmail/fix        the card's fix buttons: execute a fix plan on the draft's To / Cc / Bcc
    POST /gmail/homepage   the add-on's home card (opened outside a draft)

Every request is verified first (`verify`): no valid Google ID token for exactly that endpoint's
URL, no card (401). A compose trigger with `draftAccess: METADATA` shows the add-on the draft's
recipients and nothing else: Google documents no way for a compose add-on to see the message on
screen, so the card checks who the message goes to, and says so. What the message carries is
checked where it leaves, by the district's mail gateway and its Gmail DLP rules. Gmail cannot hold
a message at Send, so the card is advice the sender sees while writing.
"""

from __future__ import annotations

import logging

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from backend.auth import bearer
from backend.errors import RequestError
from backend.gmail import cards, fixes
from backend.gmail.event import GmailEvent, parse_event
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
    """The add-on's endpoints, bound to one district policy and Google's signing keys."""

    def __init__(self, policy: Policy) -> None:
        gmail = policy.gmail
        base = gmail.endpoint_base.rstrip("/")
        self.policy = policy
        self.urls = cards.Endpoints(compose=base + COMPOSE_PATH, fix=base + FIX_PATH)
        self.homepage_url = base + HOMEPAGE_PATH
        self.verifier = GoogleRequestVerifier(gmail.service_account, GoogleKeys(gmail.certs_url))

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
        recheck = event.parameters.get("cg") == "recheck"
        if event.recipient_count == 0:
            # No lists (the deployment lacks the metadata scope) or none typed yet: "looks fine" would be a lie.
            card = cards.notice_card(cards.NO_RECIPIENTS_TITLE, cards.NO_RECIPIENTS, self.urls)
            log.info("gmail check skipped: %s", "no recipients" if event.recipients_known else "no recipient lists")
            return JSONResponse(cards.update(card) if recheck else cards.push(card))
        state: AppState = request.app.state.cg
        verdict = await state.engine.check(_message(event, caller))
        log.info("gmail check %s: %s", verdict.check_id, verdict.verdict)
        card = cards.verdict_card(verdict, fixes.buttons(verdict), self.urls)
        return JSONResponse(cards.update(card) if recheck else cards.push(card))

    async def fix(self, request: Request) -> Response:
        _, event = await self._event(request, self.urls.fix)
        action = fixes.gmail_action(event.parameters.get("fix", ""))
        if action is None:
            field = "commonEventObject.parameters.fix"
            raise RequestError("invalid_value", "`fix` must be `move_to_bcc` or `remove_recipients`.", field)
        if not event.recipients_known:
            return JSONResponse(cards.update(cards.notice_card(NOT_CHANGED, NO_RECIPIENTS, self.urls)))
        targets = [t for t in event.parameters.get("targets", "").split(",") if t]
        applied = fixes.apply(action, targets, event)
        log.info("gmail fix %s: %d changed", action, applied.changed)
        if applied.changed == 0:
            return JSONResponse(cards.update(cards.notice_card(NOT_CHANGED, ALREADY_CHANGED, self.urls)))
        return JSONResponse(cards.update_draft(applied.to, applied.cc, applied.bcc))

    async def homepage(self, request: Request) -> Response:
        await self._event(request, self.homepage_url)
        return JSONResponse(cards.push(cards.homepage_card()))


def _message(event: GmailEvent, caller: Caller) -> OutgoingMessage:
    """The draft as the check sees it: its recipients. Gmail names no sender and shows no body."""
    return OutgoingMessage(
        sender=Person(""),
        to=tuple(Recipient(a, field="to") for a in event.to),
        cc=tuple(Recipient(a, field="cc") for a in event.cc),
        bcc=tuple(Recipient(a, field="bcc") for a in event.bcc),
        client_app="gmail",
        caller=caller,
    )
