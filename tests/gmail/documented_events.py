"""Event objects in the shape Google's documentation gives them, written out here as test fixtures.

Source: "Event objects", https://developers.google.com/workspace/add-ons/concepts/event-objects
("Event object structure": `commonEventObject`, `authorizationEventObject` and one host object;
"Gmail event object": `messageId`, `threadId`, `accessToken`, and `toRecipients`, `ccRecipients`,
`bccRecipients`, lists of address strings sent only when `composeTrigger.draftAccess` is `METADATA`;
"Common event object": `hostApp`, `platform`, `userLocale`, `timeZone` {`id`, `offset`}, `parameters`
(string to string), `formInputs`); its reference, "EventObject",
https://developers.google.com/workspace/add-ons/reference/event-object (one host object at most;
`authorizationEventObject` set only for HTTP endpoints), and "Google Workspace add-ons endpoint interface",
https://developers.google.com/workspace/add-ons/reference/callback-contract (the request body every
HTTP endpoint receives). Values are made up; fields are the documented ones, including those this
service ignores, so that a field it does not read never makes a documented event fail to parse.
"""

from __future__ import annotations

from typing import Any

DISTRICT_TEACHER = "kpatel@maplevalley.k12.example"
FAMILIES = [f"family{i:02d}@gmail.com" for i in range(20)]

_COMMON: dict[str, Any] = {
    "userLocale": "en-US",
    "hostApp": "GMAIL",
    "platform": "WEB",
    "timeZone": {"id": "America/Los_Angeles", "offset": -28800000},
}
_AUTHORIZATION: dict[str, Any] = {
    "userOAuthToken": "ya29.a0-documented-shape-user-token",
    "userIdToken": "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln",
    "systemIdToken": "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIyIn0.c2ln",
}


def compose_trigger() -> dict[str, Any]:
    """The compose trigger firing in a draft to a teacher and twenty families, all visible."""
    return {
        "commonEventObject": dict(_COMMON),
        "authorizationEventObject": dict(_AUTHORIZATION),
        "gmail": {
            "messageId": "r-8301634458219361235",
            "threadId": "18c2f0a1b2c3d4e5",
            "accessToken": "AHkCg1-documented-shape-gmail-token",
            "toRecipients": [DISTRICT_TEACHER, *FAMILIES[:12]],
            "ccRecipients": FAMILIES[12:],
            "bccRecipients": [],
        },
    }


def button_callback(parameters: dict[str, str]) -> dict[str, Any]:
    """A card button pressed in the same draft: its action's parameters arrive in `commonEventObject`,
    beside an (empty) `formInputs`, with the draft's recipients as they are now."""
    event = compose_trigger()
    event["commonEventObject"] = {**_COMMON, "parameters": parameters, "formInputs": {}}
    return event


def homepage_trigger() -> dict[str, Any]:
    """The homepage, opened outside a draft: no host object at all."""
    return {"commonEventObject": dict(_COMMON), "authorizationEventObject": dict(_AUTHORIZATION)}


def compose_trigger_without_metadata() -> dict[str, Any]:
    """The compose trigger of a deployment without the metadata scope: no recipient lists."""
    event = compose_trigger()
    for key in ("toRecipients", "ccRecipients", "bccRecipients"):
        del event["gmail"][key]
    return event
