"""The Outlook task pane and runtime page in headless Chromium, against the real service on loopback.

Office.js is replaced by a stub injected before any page script (the CDN URL is answered with an
empty script, locally), which plays a compose item and records every Office.js call the page makes.
"""

from __future__ import annotations

import base64
import csv
import io
import json
import random
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from backend.app import create_app
from backend.settings import Settings
from tests.browser.conftest import serve

pytestmark = pytest.mark.browser

API_KEY = "taskpane-test-key"
OFFICE_JS = "https://appsforoffice.microsoft.com/**"
FIRST = ["Maya", "Liam", "Sofia", "Noah", "Ava", "Mateo", "Ethan", "Mia", "Lucas", "Amara"]
LAST = ["Chen", "Garcia", "Okafor", "Nguyen", "Patel", "Kim", "Brown", "Silva", "Walker", "Haddad"]

OFFICE_STUB = """
(() => {
  const data = %(data)s;
  const calls = [];
  const state = data;
  const ok = (value) => ({ status: "succeeded", value });
  const field = (name) => ({
    getAsync(cb) { calls.push([name + ".getAsync"]); cb(ok(state[name].map((r) => ({ ...r })))); },
    setAsync(list, cb) {
      calls.push([name + ".setAsync", list.map((r) => r.emailAddress)]);
      state[name] = list.map((r) => ({ ...r, recipientType: r.recipientType || "externalUser" }));
      cb && cb(ok());
    },
    addAsync(list, cb) {
      calls.push([name + ".addAsync", list.map((r) => r.emailAddress)]);
      state[name] = state[name].concat(list.map((r) => ({ ...r, recipientType: "externalUser" })));
      cb && cb(ok());
    },
  });
  const session = {};
  const item = {
    to: field("to"), cc: field("cc"), bcc: field("bcc"),
    subject: { getAsync(cb) { calls.push(["subject.getAsync"]); cb(ok(state.subject)); } },
    body: { getAsync(format, cb) { calls.push(["body.getAsync", format]); cb(ok(state.body)); } },
    getAttachmentsAsync(cb) {
      calls.push(["getAttachmentsAsync"]);
      cb(ok(state.attachments.map(({ content, ...details }) => details)));
    },
    getAttachmentContentAsync(id, cb) {
      calls.push(["getAttachmentContentAsync", id]);
      const a = state.attachments.find((x) => x.id === id);
      cb(ok({ format: "base64", content: a.content }));
    },
    removeAttachmentAsync(id, cb) {
      calls.push(["removeAttachmentAsync", id]);
      state.attachments = state.attachments.filter((x) => x.id !== id);
      cb && cb(ok());
    },
    sessionData: {
      getAsync(name, cb) { cb(ok(session[name] || "")); },
      setAsync(name, value, cb) { session[name] = value; cb && cb(ok()); },
    },
  };
  const associated = {};
  window.__office = { calls, state, associated, session };
  window.Office = {
    onReady(cb) {
      return new Promise((resolve) => setTimeout(() => { cb && cb({ host: "Outlook" }); resolve(); }, 0));
    },
    context: {
      mailbox: { item, userProfile: { emailAddress: "kpatel@maplevalley.k12.example", displayName: "Kiran Patel" } },
      requirements: { isSetSupported: (name, v) => name === "Mailbox" && Number(v.split(".")[1]) <= 15 },
    },
    actions: { associate(name, fn) { associated[name] = typeof fn; } },
    auth: { getAccessToken: () => Promise.resolve(data.token) },
    MailboxEnums: { SendModeOverride: { PromptUser: "promptUser" } },
  };
})();
"""


def health_roster(count: int = 40, seed: int = 3) -> bytes:
    """An invented class list with allergies and medications: the kind of file that must not go to families."""
    rand = random.Random(seed)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Student_Number", "Last_Name", "First_Name", "Grade", "Allergies", "Medications",
                     "Guardian_Phone"])
    names = [(f, la) for f in FIRST for la in LAST][:count]
    for i, (first, last) in enumerate(names):
        writer.writerow([3100200 + i * 3, last, first, rand.randint(1, 5), rand.choice(["Peanuts", "Milk", "Eggs"]),
                         rand.choice(["EpiPen", "Albuterol inhaler"]),
                         f"(555) {rand.randint(200, 899)}-{rand.randint(1000, 9999)}"])
    return out.getvalue().encode()


def compose_item() -> dict[str, Any]:
    families = [{"emailAddress": f"family{i}@gmail.example", "displayName": f"Family {i}",
                 "recipientType": "externalUser"} for i in range(18)]
    return {
        "token": API_KEY,
        "to": families,
        "cc": [{"emailAddress": "office@maplevalley.k12.example", "displayName": "School office",
                "recipientType": "user"}],
        "bcc": [],
        "subject": "Field trip on Friday",
        "body": "<p>Dear families, here is the plan for Friday.</p>",
        "attachments": [
            {"id": "att-1", "name": "field trip health list.csv", "size": 1800, "attachmentType": "file",
             "isInline": False, "contentType": "text/csv",
             "content": base64.b64encode(health_roster()).decode()},
        ],
    }


@pytest.fixture(scope="module")
def service() -> Iterator[str]:
    """The real app with the demo district's policy and an API key (the stub's token)."""
    with serve(create_app(Settings(api_keys=frozenset({API_KEY})))) as url:
        yield url


@pytest.fixture
def outlook(page: Any) -> Callable[[str], Any]:
    """Open an add-in page with the Office stub in place; returns the page."""

    def open_page(url: str) -> Any:
        page.route(OFFICE_JS, lambda route: route.fulfill(status=200, content_type="text/javascript", body=""))
        page.add_init_script(OFFICE_STUB % {"data": json.dumps(compose_item())})
        page.goto(url)
        return page

    return open_page


def calls(page: Any) -> list[list[Any]]:
    result: list[list[Any]] = page.evaluate("window.__office.calls")
    return result


def test_the_task_pane_explains_a_block_and_fixes_it(
    outlook: Callable[[str], Any], service: str, screenshot: Callable[..., Path]
) -> None:
    page = outlook(service + "/addin/outlook/taskpane.html")
    page.set_viewport_size({"width": 420, "height": 1100})
    headline = page.locator("#headline")
    headline.wait_for()
    page.wait_for_function("document.body.getAttribute('aria-busy') === 'false'")
    assert "40 students' medical information" in headline.inner_text()
    assert "verdict-block" in (page.locator("#result").get_attribute("class") or "")
    assert "stop this message" in page.locator("#status").inner_text()

    details = page.locator("#details")
    assert details.locator("h5, h4, h3").first.is_visible()
    assert details.locator("code", has_text="Allergies").count() == 1, "headings render as code, not raw markdown"
    text = details.inner_text()
    assert "**Students" not in text and "`" not in text, "markdown is rendered, not shown"
    assert "***" not in text and "masked" not in text, "no masked samples a teacher cannot read"
    assert page.locator("#findings li").count() == 0, "one explanation: the details, not also a list"
    assert details.locator("h5, h4, h3").count() == 2, "each finding once, under its own heading"
    said = page.locator("#result").inner_text()
    assert said.count("Each family should only get their own child's information") == 1, "the message, once"

    bcc = page.locator("#fix-bcc")
    remove = page.locator("#fix-remove-att-1")
    assert bcc.inner_text() == "Move the 18 outside recipients to Bcc"
    assert remove.inner_text() == "Remove the attachment “field trip health list.csv”"
    screenshot("outlook-taskpane-block", full_page=True)

    bcc.focus()
    assert page.evaluate("document.activeElement.id") == "fix-bcc", "fix buttons take keyboard focus"
    page.keyboard.press("Enter")
    page.wait_for_function("window.__office.calls.some(c => c[0] === 'bcc.addAsync')")
    page.wait_for_function("document.body.getAttribute('aria-busy') === 'false' && !document.querySelector('#fix-bcc')")
    made = calls(page)
    assert ["to.setAsync", []] in made
    assert not any(c[0] == "cc.setAsync" for c in made), "the plan names no one in Cc: it is left alone"
    state = page.evaluate("window.__office.state")
    assert [r["emailAddress"] for r in state["cc"]] == ["office@maplevalley.k12.example"], "district staff stay in Cc"
    added = next(c for c in made if c[0] == "bcc.addAsync")
    assert len(added[1]) == 18 and all(a.endswith("@gmail.example") for a in added[1])
    assert page.locator("#fix-remove-att-1").is_visible(), "the attachment still blocks"

    page.locator("#fix-remove-att-1").click()
    page.wait_for_function("window.__office.calls.some(c => c[0] === 'removeAttachmentAsync')")
    page.wait_for_function("document.querySelector('#result').classList.contains('verdict-allow')")
    assert ["removeAttachmentAsync", "att-1"] in calls(page)
    assert "can be sent" in page.locator("#status").inner_text()
    assert page.locator("#fixes").is_hidden()
    screenshot("outlook-taskpane-fixed", full_page=True)


def test_the_task_pane_warns_about_visible_families_and_moves_them_to_bcc(
    page: Any, service: str, screenshot: Callable[..., Path]
) -> None:
    item = compose_item() | {"attachments": []}
    page.route(OFFICE_JS, lambda route: route.fulfill(status=200, content_type="text/javascript", body=""))
    page.add_init_script(OFFICE_STUB % {"data": json.dumps(item)})
    page.goto(service + "/addin/outlook/taskpane.html")
    page.set_viewport_size({"width": 420, "height": 900})
    page.locator("#headline").wait_for()
    page.wait_for_function("document.body.getAttribute('aria-busy') === 'false'")
    assert "verdict-warn" in (page.locator("#result").get_attribute("class") or "")
    assert "18 families will see each other's email addresses" in page.locator("#headline").inner_text()
    bcc = page.locator("#fix-bcc")
    assert bcc.inner_text() == "Move the 18 outside recipients to Bcc"
    screenshot("outlook-taskpane-warn", full_page=True)

    bcc.click()
    page.wait_for_function("document.querySelector('#result').classList.contains('verdict-allow')")
    added = next(c for c in calls(page) if c[0] == "bcc.addAsync")
    assert sorted(added[1]) == sorted(f"family{i}@gmail.example" for i in range(18))
    screenshot("outlook-taskpane-warn-fixed", full_page=True)


def test_the_task_pane_shows_a_plain_problem_when_the_service_says_no(
    outlook: Callable[[str], Any], service: str, screenshot: Callable[..., Path]
) -> None:
    page = outlook(service + "/addin/outlook/taskpane.html")
    page.evaluate("window.__office.state.token = 'wrong-key'")
    page.locator("#recheck").click()
    page.wait_for_function("document.querySelector('#status').textContent.includes('sign you in')")
    assert page.locator("#result").is_hidden()


def test_the_runtime_page_associates_the_handlers_and_blocks_at_send(
    outlook: Callable[[str], Any], service: str
) -> None:
    page = outlook(service + "/addin/outlook/commands.html")
    page.wait_for_function("Object.keys(window.__office.associated).length === 3")
    assert page.evaluate("window.__office.associated") == {
        "onMessageSendHandler": "function",
        "onMessageRecipientsChangedHandler": "function",
        "onMessageAttachmentsChangedHandler": "function",
    }
    assert page.evaluate("typeof msal.createNestablePublicClientApplication") == "function", "MSAL loads offline"
    options = page.evaluate("""() => new Promise((resolve) => {
        const completions = [];
        onMessageSendHandler({ completed(o) { completions.push(o); setTimeout(() => resolve(completions), 100); } });
    })""")
    assert len(options) == 1
    sent = options[0]
    assert sent["allowEvent"] is False
    assert "40 students" in sent["errorMessage"] and len(sent["errorMessage"]) <= 500
    assert sent["commandId"] == "msgComposeOpenPaneButton"
    assert "sendModeOverride" not in sent, "a block never offers 'send anyway'"
    assert sent["errorMessageMarkdown"].startswith("**")
