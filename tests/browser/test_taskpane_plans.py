"""The task pane executes the service's fix plans as given: no list of domains, no reading of words.

Real service on loopback (or, to show the plan alone decides, a `/v1/check` answer written here),
the Office stub of test_taskpane, headless Chromium.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from backend.app import create_app
from backend.settings import Settings
from tests.browser.conftest import serve
from tests.browser.test_taskpane import API_KEY, OFFICE_JS, OFFICE_STUB, calls, compose_item

pytestmark = pytest.mark.browser

STUDENTS = [f"kid{i}@students.maplevalley.k12.example" for i in range(2)]


@pytest.fixture(scope="module")
def service() -> Iterator[str]:
    with serve(create_app(Settings(api_keys=frozenset({API_KEY})))) as url:
        yield url


def _person(address: str, kind: str = "externalUser") -> dict[str, str]:
    return {"emailAddress": address, "displayName": address.split("@")[0], "recipientType": kind}


def _open(page: Any, url: str, item: dict[str, Any]) -> None:
    page.route(OFFICE_JS, lambda route: route.fulfill(status=200, content_type="text/javascript", body=""))
    page.add_init_script(OFFICE_STUB % {"data": json.dumps(item)})
    page.goto(url + "/addin/outlook/taskpane.html")
    page.locator("#headline").wait_for()
    page.wait_for_function("document.body.getAttribute('aria-busy') === 'false'")


def _field(page: Any, name: str) -> list[str]:
    addresses: list[str] = page.evaluate(f"window.__office.state.{name}.map(r => r.emailAddress)")
    return addresses


def test_student_addresses_under_the_staff_domain_move_to_bcc_as_planned(page: Any, service: str) -> None:
    # students.maplevalley.k12.example ends in the staff domain: a suffix test would call them inside.
    item = compose_item() | {"attachments": []}
    item["to"] = item["to"][:16] + [_person(a) for a in STUDENTS]
    _open(page, service, item)
    bcc = page.locator("#fix-bcc")
    assert bcc.inner_text() == "Move the 18 outside recipients to Bcc"
    bcc.click()
    page.wait_for_function("document.querySelector('#result').classList.contains('verdict-allow')")
    assert _field(page, "to") == [] and _field(page, "cc") == ["office@maplevalley.k12.example"]
    assert sorted(_field(page, "bcc")) == sorted([f"family{i}@gmail.example" for i in range(16)] + STUDENTS)


def test_a_whole_school_list_is_removed_by_its_plan(page: Any, service: str) -> None:
    item = compose_item() | {"attachments": []}
    item["to"] = [_person("AllStudents@maplevalley.k12.example", "distributionList"), item["to"][0]]
    _open(page, service, item)
    button = page.get_by_role("button", name="Remove the list address")
    button.click()
    page.wait_for_function("!document.querySelector('[id^=fix-remove-recipients]')")
    assert _field(page, "to") == ["family0@gmail.example"]


def test_the_plan_alone_decides_what_moves(page: Any, service: str) -> None:
    """A verdict written here: its plan names two addresses, one of them district staff. Exactly those move."""
    planned = ["family3@gmail.example", "office@maplevalley.k12.example"]
    verdict = {
        "verdict": "warn", "headline": "Two people will see each other", "message": "Move them.",
        "details_markdown": "", "check_id": "x", "exposure": {"people": 0, "recipients": 2,
                                                             "outside_recipients": 2, "data": []},
        "findings": [
            {"code": "visible_recipients", "severity": "warn", "summary": "s", "fix": "Use Bcc",
             "fix_plan": {"action": "move_to_bcc", "targets": planned, "label": "Move the 2 to Bcc"}},
            {"code": "roster_attached", "severity": "warn", "summary": "s", "fix": "Remove the Bcc attachment"},
        ],
    }
    answered = [False]

    def answer(route: Any) -> None:
        if answered[0]:
            route.continue_()
        else:
            answered[0] = True
            route.fulfill(status=200, content_type="application/json", body=json.dumps(verdict))

    page.route("**/v1/check", answer)
    _open(page, service, compose_item())
    buttons = page.locator("#fix-buttons button")
    assert buttons.all_inner_texts() == ["Move the 2 to Bcc"], "no button from the wording of a fix"
    buttons.first.click()
    page.wait_for_function("window.__office.calls.some(c => c[0] === 'bcc.addAsync')")
    added = next(c for c in calls(page) if c[0] == "bcc.addAsync")
    assert sorted(added[1]) == sorted(planned)
    assert "office@maplevalley.k12.example" not in _field(page, "cc")
    assert len(_field(page, "to")) == 17
