"""Event objects as Google posts them, signed calls to the app, and ways to read the cards it returns."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import jsonschema

from tests.gmail.roster import FILE_NAME, XLSX, enrollment
from tests.gmail.servers import (
    BASE_URL,
    USER_TOKEN,
    AppServer,
    FakeGmail,
    SigningKey,
    StoredDraft,
    attachment_part,
    draft_payload,
    id_token,
)

SCHEMA = json.loads((Path(__file__).parent / "google_card_schema.json").read_text("utf-8"))
MESSAGE_ID = "18c2f0a1b2c3d4e5"
DRAFT_ID = "r-5216418329076413960"


def compose_event(
    to: list[str] | None = None,
    cc: list[str] | None = None,
    bcc: list[str] | None = None,
    *,
    message_id: str | None = MESSAGE_ID,
    user_token: str | None = USER_TOKEN,
    parameters: dict[str, str] | None = None,
    recipients: bool = True,
) -> dict[str, Any]:
    """An event object as Google posts it for a compose action (draftAccess METADATA)."""
    gmail: dict[str, Any] = {"threadId": message_id, "accessToken": "AHkCg1-temporary-gmail-token"}
    if message_id is not None:
        gmail["messageId"] = message_id
    if recipients:
        gmail.update(toRecipients=to or [], ccRecipients=cc or [], bccRecipients=bcc or [])
    auth: dict[str, Any] = {"userIdToken": "eyJhbGciOiJSUzI1NiJ9.e30.c2ln"}
    if user_token is not None:
        auth["userOAuthToken"] = user_token
    common: dict[str, Any] = {"hostApp": "GMAIL", "platform": "WEB"}
    if parameters:
        common["parameters"] = parameters
    return {"commonEventObject": common, "authorizationEventObject": auth, "gmail": gmail}


def post(server: AppServer, path: str, event: dict[str, Any], token: str | None) -> httpx.Response:
    headers = {"User-Agent": "Google-Workspace-Add-ons"}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    return httpx.post(server.url + path, json=event, headers=headers, timeout=30)


def call(server: AppServer, key: SigningKey, path: str, event: dict[str, Any]) -> dict[str, Any]:
    """A correctly signed call; the answer must be valid add-on JSON."""
    response = post(server, path, event, id_token(key, BASE_URL + path))
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    jsonschema.validate(body, SCHEMA)
    return body


def card_of(response: dict[str, Any]) -> dict[str, Any]:
    if "action" in response:
        navigation = response["action"]["navigations"][0]
    else:
        navigation = response["renderActions"]["action"]["navigations"][0]
    card: dict[str, Any] = navigation.get("pushCard") or navigation["updateCard"]
    return card


def card_text(card: dict[str, Any]) -> str:
    """Every piece of text a person reads on the card, one per line."""
    texts = [card["header"]["title"], card["header"].get("subtitle", "")]
    for section in card["sections"]:
        texts.append(section.get("header", ""))
        for widget in section["widgets"]:
            if "textParagraph" in widget:
                texts.append(widget["textParagraph"]["text"])
            if "decoratedText" in widget:
                d = widget["decoratedText"]
                texts += [d.get("topLabel", ""), d["text"], d.get("bottomLabel", "")]
            if "buttonList" in widget:
                texts += [b["text"] for b in widget["buttonList"]["buttons"]]
    return "\n".join(t for t in texts if t)


def buttons(card: dict[str, Any]) -> dict[str, dict[str, str]]:
    """Button text -> its action's parameters."""
    out = {}
    for section in card["sections"]:
        for widget in section["widgets"]:
            for b in widget.get("buttonList", {}).get("buttons", []):
                action = b["onClick"]["action"]
                out[b["text"]] = {p["key"]: p["value"] for p in action.get("parameters", [])} | {
                    "_url": action["function"]
                }
    return out


SENDER = "Kiran Patel <kpatel@maplevalley.k12.example>"
PARENT_DOMAINS = ("gmail.com", "yahoo.com", "outlook.com", "icloud.com", "hotmail.com")


def parents(count: int) -> list[str]:
    return [f"family{i:03d}@{PARENT_DOMAINS[i % len(PARENT_DOMAINS)]}" for i in range(count)]


def store_welcome_draft(gmail: FakeGmail, to: list[str], bcc: list[str], *, sender: str = SENDER) -> bytes:
    roster = enrollment()
    gmail.drafts.append(
        StoredDraft(
            draft_id=DRAFT_ID,
            message_id=MESSAGE_ID,
            payload=draft_payload(
                sender,
                to,
                "Welcome to the after-school program!",
                "Dear families,\n\nWelcome! The schedule for the first week is attached.\n\nMs. Patel",
                "<div>Dear families,<br><br>Welcome! The schedule for the first week is attached."
                "<br><br>Ms. Patel</div>",
                [attachment_part("1", FILE_NAME, XLSX, "ANGjdJ8enrollment", len(roster.data))],
                bcc=bcc,
            ),
            attachments={"ANGjdJ8enrollment": roster.data},
        )
    )
    return roster.data
