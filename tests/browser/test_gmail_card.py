"""The Gmail card as a teacher sees it: the real service's card JSON, drawn beside the draft in Chromium.

The service answers the documented event; `tests.gmail.card_render` draws the card about as Gmail's
side panel does, and applies the fix button's `UpdateDraftActionResponse` to the draft the way
Google documents it (each field sent replaces that field). Screenshots: test-output/gmail-card-*.png.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from backend.app import create_app
from backend.gmail import cards
from backend.policy import parse_policy
from backend.settings import Settings
from tests.gmail.card_render import apply_update, render
from tests.gmail.conftest import POLICY
from tests.gmail.helpers import buttons, call, card_of, compose_event, parents
from tests.gmail.servers import BASE_URL, SERVICE_ACCOUNT, AppServer, KeyServer, SigningKey

pytestmark = pytest.mark.browser

KEY = SigningKey("5a1f0c3e7d9b2468ace013579bdf2468ace01357")
OFFICE = "office@maplevalley.k12.example"


@pytest.fixture(scope="module")
def gmail_service() -> Iterator[AppServer]:
    with KeyServer([KEY]).running() as keys:
        policy = parse_policy(POLICY.format(account=SERVICE_ACCOUNT, base=BASE_URL, certs=keys.url))
        with AppServer(create_app(Settings(), policy)).running() as server:
            yield server


def _show(page: Any, card: dict[str, Any], draft: dict[str, list[str]]) -> None:
    page.set_viewport_size({"width": 800, "height": 760})
    page.set_content(render(card, draft))


def _event(draft: dict[str, list[str]], parameters: dict[str, str] | None = None) -> dict[str, Any]:
    return compose_event(draft["to"], draft["cc"], draft["bcc"], parameters=parameters)


def test_the_card_warns_fixes_the_draft_and_checks_again(
    page: Any, gmail_service: AppServer, screenshot: Callable[..., Path]
) -> None:
    draft = {"to": [OFFICE, *parents(20)], "cc": [], "bcc": []}
    card = card_of(call(gmail_service, KEY, "/gmail/compose", _event(draft)))
    _show(page, card, draft)
    panel = page.locator("#card")
    assert panel.locator(".title").inner_text() == "Take a second look"
    assert panel.inner_text().count("20 families will see each other's email addresses") == 1, "said once"
    assert cards.CHECKED in panel.inner_text()
    fix = page.get_by_role("button", name="Move the 20 outside recipients to Bcc")
    assert fix.is_visible()
    assert page.locator("#draft-to .chip").count() == 21
    screenshot("gmail-card-warn")

    label = "Move the 20 outside recipients to Bcc"
    parameters = {k: v for k, v in buttons(card)[label].items() if k != "_url"}
    update = call(gmail_service, KEY, "/gmail/fix", _event(draft, parameters))
    draft = apply_update(draft, update)
    assert draft == {"to": [OFFICE], "cc": [], "bcc": parents(20)}
    _show(page, card, draft)  # an UpdateDraftActionResponse carries no card: the old one stays
    assert page.locator("#draft-to .chip").all_inner_texts() == [OFFICE]
    assert page.locator("#draft-bcc .chip").count() == 20
    screenshot("gmail-card-after-fix")

    again = card_of(call(gmail_service, KEY, "/gmail/compose", _event(draft, {"cg": "recheck"})))
    _show(page, again, draft)
    assert page.locator("#card .title").inner_text() == "Looks fine to send"
    assert page.get_by_role("button", name="Check again").is_visible()
    assert page.locator("#card button").count() == 1
    screenshot("gmail-card-checked-again")


def test_a_whole_school_list_and_an_empty_draft(
    page: Any, gmail_service: AppServer, screenshot: Callable[..., Path]
) -> None:
    draft = {"to": ["AllStudents@maplevalley.k12.example", "wei.chen@gmail.com"], "cc": [], "bcc": []}
    card = card_of(call(gmail_service, KEY, "/gmail/compose", _event(draft)))
    _show(page, card, draft)
    assert page.get_by_role("button", name="Remove the list address").is_visible()
    assert "AllStudents@maplevalley.k12.example" in page.locator("#card").inner_text()
    screenshot("gmail-card-list")

    empty = {"to": [], "cc": [], "bcc": []}
    card = card_of(call(gmail_service, KEY, "/gmail/compose", _event(empty)))
    _show(page, card, empty)
    assert page.locator("#card .title").inner_text() == cards.NO_RECIPIENTS_TITLE
    assert "Looks fine" not in page.locator("#card").inner_text()
    screenshot("gmail-card-no-recipients")
