"""Event objects as Google posts them, signed calls to the app, and ways to read the cards it returns."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import jsonschema

from tests.gmail.servers import BASE_URL, AppServer, SigningKey, id_token

SCHEMA = json.loads((Path(__file__).parent / "google_card_schema.json").read_text("utf-8"))
MESSAGE_ID = "18c2f0a1b2c3d4e5"


def compose_event(
    to: list[str] | None = None,
    cc: list[str] | None = None,
    bcc: list[str] | None = None,
    *,
    parameters: dict[str, str] | None = None,
    recipients: bool = True,
) -> dict[str, Any]:
    """An event object as Google posts it for a compose action with `draftAccess: METADATA`
    (the shape of `documented_events.COMPOSE_TRIGGER`), with these recipients."""
    gmail: dict[str, Any] = {"messageId": MESSAGE_ID, "threadId": MESSAGE_ID, "accessToken": "AHkCg1-temporary"}
    if recipients:
        gmail.update(toRecipients=to or [], ccRecipients=cc or [], bccRecipients=bcc or [])
    common: dict[str, Any] = {"hostApp": "GMAIL", "platform": "WEB", "userLocale": "en"}
    if parameters:
        common["parameters"] = parameters
    auth = {"userIdToken": "eyJhbGciOiJSUzI1NiJ9.e30.c2ln", "systemIdToken": "eyJhbGciOiJSUzI1NiJ9.e30.c3lz"}
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


PARENT_DOMAINS = ("gmail.com", "yahoo.com", "outlook.com", "icloud.com", "hotmail.com")


def parents(count: int) -> list[str]:
    return [f"family{i:03d}@{PARENT_DOMAINS[i % len(PARENT_DOMAINS)]}" for i in range(count)]


def draft_update(response: dict[str, Any]) -> dict[str, list[str]]:
    """The recipients an `UpdateDraftActionResponse` sets, field by field; it must stand alone."""
    assert list(response) == ["renderActions"] and list(response["renderActions"]) == ["hostAppAction"], response
    markup = response["renderActions"]["hostAppAction"]["gmailAction"]["updateDraftActionMarkup"]
    return {
        field: [r["email"] for r in markup[f"update{field.capitalize()}Recipients"][f"{field}Recipients"]]
        for field in ("to", "cc", "bcc")
    }
