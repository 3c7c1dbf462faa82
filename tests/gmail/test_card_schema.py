"""The card schema says no to what Google's reference does not allow, so "validates" means something."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import jsonschema
import pytest

from backend.gmail import cards
from tests.gmail.helpers import SCHEMA

URLS = cards.Endpoints("https://guard.district.example/gmail/compose", "https://guard.district.example/gmail/fix")
Response = dict[str, Any]


def _card() -> Response:
    fix = cards.Fix("move_to_bcc", "Move the 2 outside recipients to Bcc", ("a1b2c3d4e5", "0f1e2d3c4b"))
    card = cards.notice_card("Take a second look", "Two families will see each other's addresses.", URLS)
    card["sections"][1]["widgets"][0]["buttonList"]["buttons"].insert(
        0, cards.button(fix.label, URLS.fix, [("fix", fix.action), ("targets", ",".join(fix.targets))])
    )
    card["sections"].insert(1, {"header": "What I found", "widgets": [cards.decorated("x", top="Check", bottom="Fix")]})
    return card


VALID: dict[str, Callable[[], Response]] = {
    "trigger pushes a card": lambda: cards.push(_card()),
    "button updates the card": lambda: cards.update(_card()),
    "draft update on its own": lambda: cards.update_draft(["a@x.example"], [], ["b@y.example", "c@y.example"]),
    "homepage": lambda: cards.push(cards.homepage_card()),
    "a notification": lambda: {"renderActions": {"action": {"notification": {"text": "Done"}}}},
}


def _draft_update_with_a_card() -> Response:
    response = cards.update_draft(["a@x.example"], [], [])
    response["renderActions"]["action"] = cards.update(_card())["renderActions"]["action"]
    return response


def _mutate(
    path: list[str | int], value: Any, base: Callable[[], Response] = VALID["trigger pushes a card"]
) -> Response:
    response = copy.deepcopy(base())
    target: Any = response
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return response


CARD = ["action", "navigations", 0, "pushCard"]
BUTTON = [*CARD, "sections", 2, "widgets", 0, "buttonList", "buttons", 0]
INVALID: dict[str, Callable[[], Response]] = {
    "draft update combined with card navigation": _draft_update_with_a_card,
    "empty renderActions": lambda: {"renderActions": {}},
    "misspelt widget key": lambda: _mutate([*CARD, "sections", 0, "widgets", 0], {"textParagrahp": {"text": "x"}}),
    "two widget kinds in one widget": lambda: _mutate(
        [*CARD, "sections", 0, "widgets", 0], {"textParagraph": {"text": "x"}, "divider": {}}
    ),
    "card without sections": lambda: _mutate(CARD, {"header": {"title": "x"}}),
    "header without a title": lambda: _mutate([*CARD, "header"], {"subtitle": "x"}),
    "button without onClick": lambda: _mutate(BUTTON, {"text": "Go"}),
    "action function over http": lambda: _mutate([*BUTTON, "onClick", "action", "function"], "http://x.example/f"),
    "parameter value not a string": lambda: _mutate([*BUTTON, "onClick", "action", "parameters", 0, "value"], 3),
    "unknown load indicator": lambda: _mutate([*BUTTON, "onClick", "action", "loadIndicator"], "SPIN"),
    "recipient without an address": lambda: _mutate(
        ["renderActions", "hostAppAction", "gmailAction", "updateDraftActionMarkup", "updateToRecipients"],
        {"toRecipients": [{"email": "nobody"}]},
        VALID["draft update on its own"],
    ),
    "two navigations in one step": lambda: _mutate(
        ["action", "navigations", 0], {"pushCard": _card(), "popCard": True}
    ),
}


@pytest.mark.parametrize("case", list(VALID))
def test_what_the_service_sends_validates(case: str) -> None:
    jsonschema.validate(VALID[case](), SCHEMA)


@pytest.mark.parametrize("case", list(INVALID))
def test_what_google_would_not_take_is_refused(case: str) -> None:
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(INVALID[case](), SCHEMA)


def test_the_schema_itself_is_valid() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
