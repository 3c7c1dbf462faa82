""""See how to fix" in the Smart Alerts dialog opens the task pane on the Send verdict itself.

The Send handler passes its verdict as `contextData`; the task pane reads it with
`getInitializationContextAsync` and shows it without asking the service again. Real service on
loopback, the Office stub of test_taskpane, headless Chromium.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from backend.app import create_app
from backend.settings import Settings
from tests.browser.conftest import serve
from tests.browser.test_taskpane import API_KEY, OFFICE_JS, OFFICE_STUB, compose_item

pytestmark = pytest.mark.browser

HANDOVER = """
window.Office.context.mailbox.item.getInitializationContextAsync = (cb) => {
  window.__office.calls.push(["getInitializationContextAsync"]);
  cb({ status: "succeeded", value: %s });
};
"""


@pytest.fixture(scope="module")
def service() -> Iterator[str]:
    with serve(create_app(Settings(api_keys=frozenset({API_KEY})))) as url:
        yield url


def open_page(page: Any, url: str, context_data: str | None = None) -> list[str]:
    """Open an add-in page with the Office stub; returns the list the page's /v1/check posts land in."""
    checks: list[str] = []
    page.route(OFFICE_JS, lambda route: route.fulfill(status=200, content_type="text/javascript", body=""))
    page.add_init_script(OFFICE_STUB % {"data": json.dumps(compose_item())})
    if context_data is not None:
        page.add_init_script(HANDOVER % json.dumps(context_data))

    def count(route: Any) -> None:
        checks.append(route.request.url)
        route.continue_()

    page.route("**/v1/check", count)
    page.goto(url)
    return checks


def send_options(page: Any) -> dict[str, Any]:
    page.wait_for_function("Object.keys(window.__office.associated).length === 3")
    completions: list[dict[str, Any]] = page.evaluate("""() => new Promise((resolve) => {
        const completions = [];
        onMessageSendHandler({ completed(o) { completions.push(o); setTimeout(() => resolve(completions), 100); } });
    })""")
    assert len(completions) == 1
    return completions[0]


def test_the_task_pane_opens_on_the_send_verdict_without_checking_again(page: Any, service: str) -> None:
    checks = open_page(page, service + "/addin/outlook/commands.html")
    sent = send_options(page)
    assert len(checks) == 1 and sent["allowEvent"] is False
    handed = json.loads(sent["contextData"])
    assert handed["result"]["verdict"] == "block" and handed["result"]["check_id"]

    pane = page.context.new_page()
    pane_checks = open_page(pane, service + "/addin/outlook/taskpane.html", sent["contextData"])
    pane.wait_for_function("!document.querySelector('#result').hidden")
    assert pane_checks == [], "the pane showed what Send decided; it did not ask the service again"
    assert ["getInitializationContextAsync"] in pane.evaluate("window.__office.calls")
    assert "40 students" in pane.locator("#result").inner_text()


def test_a_verdict_for_another_message_is_not_shown(page: Any, service: str) -> None:
    stale = json.dumps({"key": "0000000000000000:1", "result": {"verdict": "allow", "headline": "stale"}})
    checks = open_page(page, service + "/addin/outlook/taskpane.html", stale)
    page.wait_for_function("!document.querySelector('#result').hidden")
    assert len(checks) == 1, "the pane checked the message on screen"
    assert "40 students" in page.locator("#result").inner_text()
