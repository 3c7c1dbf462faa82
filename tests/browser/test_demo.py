"""The demo page in headless Chromium against the real app: compose, attach, Send, read the dialog."""

from __future__ import annotations

import csv
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

FIRST = ["Maya", "Liam", "Sofia", "Noah", "Ava", "Mateo", "Isabella", "Ethan", "Mia", "Lucas", "Amara", "Elijah",
         "Harper", "Diego", "Zoe", "Caleb", "Aaliyah", "Owen", "Priya", "Jackson", "Chloe", "Hiro", "Layla"]
LAST = ["Chen", "Garcia", "Okafor", "Nguyen", "Patel", "Johnson", "Kowalski", "Hernandez", "Smith", "Yamamoto",
        "Rossi", "Ibrahim", "Martin", "Lopez", "Kim", "Brown", "Novak", "Silva", "Walker", "Haddad", "Murphy"]
ALLERGIES = ["Peanuts", "Tree nuts", "Milk", "Eggs", "Shellfish", "Bee stings", "Penicillin", "Latex", "Sesame"]
MEDICATIONS = ["EpiPen (epinephrine auto-injector)", "Albuterol inhaler", "Cetirizine 10 mg daily", "Glucagon kit"]
STUDENTS = 300


def invented_students(count: int, seed: int = 7) -> list[dict[str, str]]:
    """`count` invented students with unique names, allergies and medications."""
    rand = random.Random(seed)
    names = rand.sample([(f, la) for f in FIRST for la in LAST], count)
    return [
        {
            "Student_Number": str(3100200 + i * 3),
            "Last_Name": last,
            "First_Name": first,
            "Grade_Level": str(rand.randint(1, 5)),
            "Allergies": rand.choice(ALLERGIES),
            "Medications": rand.choice(MEDICATIONS),
            "Guardian_Phone": f"(555) {rand.randint(200, 899)}-{rand.randint(1000, 9999)}",
            "parent_email": f"{first}.{last}{i}@example.org".lower(),
        }
        for i, (first, last) in enumerate(names)
    ]


@pytest.fixture
def allergy_csv(tmp_path: Path) -> tuple[Path, list[str]]:
    students = invented_students(STUDENTS)
    path = tmp_path / "Health office allergies 2025-26.csv"
    columns = [c for c in students[0] if c != "parent_email"]
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(students)
    return path, [s["parent_email"] for s in students]


def open_demo(page: Any, live_server: str) -> None:
    page.goto(live_server + "/demo")
    page.get_by_role("button", name="Send", exact=True).wait_for()


def send(page: Any) -> Any:
    page.get_by_role("button", name="Send", exact=True).click()
    dialog = page.locator("dialog#alert[open]")
    dialog.wait_for()
    return dialog


def focus_in_dialog(page: Any) -> bool:
    return bool(page.evaluate("() => document.activeElement?.closest('dialog[open]') !== null"))


def test_allergy_spreadsheet_to_300_parents_is_blocked(
    page: Any, live_server: str, screenshot: Callable[..., Path], allergy_csv: tuple[Path, list[str]]
) -> None:
    path, parents = allergy_csv
    open_demo(page, live_server)
    page.get_by_label("To", exact=True).fill("ms.rivera@maplevalley.k12.example")
    page.get_by_label("Bcc", exact=True).fill(", ".join(parents))
    page.get_by_label("Subject", exact=True).fill("Welcome back!")
    page.get_by_label("Message", exact=True).fill("Dear families, our welcome packet is attached.")
    page.set_input_files("#files", str(path))
    page.get_by_role("button", name=f"Remove {path.name}").wait_for()
    screenshot("demo-compose", full_page=True)

    dialog = send(page)
    assert dialog.get_attribute("data-verdict") == "block"
    assert "300" in dialog.locator("#alert-title").inner_text()
    assert "300 students" in dialog.inner_text()
    assert dialog.get_by_role("button", name="Fix it").is_visible()
    assert dialog.get_by_role("button", name="Don’t send").is_visible()
    assert dialog.get_by_role("button", name="Send anyway").count() == 0
    assert focus_in_dialog(page)
    screenshot("demo-block")

    dialog.get_by_text("More details").click()
    assert dialog.locator("#alert-markdown h4").count() >= 1
    assert dialog.locator("#alert-markdown li").count() >= 2
    screenshot("demo-block-details")

    dialog.get_by_role("button", name="Fix it", exact=True).click()
    page.wait_for_function("() => !document.querySelector('dialog#alert').open")
    assert page.evaluate("() => document.activeElement.getAttribute('aria-label')") == f"Remove {path.name}"

    # The service's plan, executed as given: the attachment goes, and the next check lets it through.
    dialog = send(page)
    fix = dialog.get_by_role("group", name="Fix it in one step").get_by_role("button")
    assert fix.all_inner_texts() == [f"Remove the attachment \u201c{path.name}\u201d"]
    fix.click()
    page.wait_for_function("() => !document.querySelector('dialog#alert').open")
    assert page.get_by_role("button", name=f"Remove {path.name}").count() == 0
    assert send(page).get_attribute("data-verdict") == "sent"


def test_short_note_to_one_parent_is_sent(page: Any, live_server: str, screenshot: Callable[..., Path]) -> None:
    open_demo(page, live_server)
    page.get_by_label("To", exact=True).fill("Wei Chen <wei.chen@example.net>")
    page.get_by_label("Subject", exact=True).fill("Field trip on Friday")
    page.get_by_label("Message", exact=True).fill("Hi Mr. Chen, a reminder that the field trip is on Friday. Ana")

    dialog = send(page)
    assert dialog.get_attribute("data-verdict") == "sent"
    assert dialog.locator("#alert-title").inner_text() == "Sent"
    assert "Sent" in page.locator("#status").inner_text()
    assert focus_in_dialog(page)
    screenshot("demo-allow")


def test_whole_school_list_warns_and_can_be_sent_anyway(
    page: Any, live_server: str, screenshot: Callable[..., Path]
) -> None:
    open_demo(page, live_server)
    page.get_by_role("button", name="Email to AllStudents").click()
    assert "AllStudents@" in page.get_by_label("To", exact=True).input_value()

    dialog = send(page)
    assert dialog.get_attribute("data-verdict") == "warn"
    assert dialog.get_by_role("button", name="Send anyway").is_visible()
    assert dialog.get_by_role("button", name="Don’t send").is_visible()
    assert focus_in_dialog(page)
    screenshot("demo-warn")

    dialog.get_by_role("button", name="Send anyway").click()
    assert page.locator("#alert-title").inner_text() == "Sent"


def test_fix_plans_are_executed_on_the_form(page: Any, live_server: str, screenshot: Callable[..., Path]) -> None:
    """Twenty visible families and a whole-school list: one button per plan, each doing exactly its plan."""
    open_demo(page, live_server)
    families = [f"family{i}@example.org" for i in range(20)]
    page.get_by_label("To", exact=True).fill(", ".join(["AllStudents@maplevalley.k12.example", *families]))
    page.get_by_label("Cc", exact=True).fill("ms.rivera@maplevalley.k12.example")
    page.get_by_label("Subject", exact=True).fill("Picture day")
    page.get_by_label("Message", exact=True).fill("Picture day is on Monday.")
    dialog = send(page)
    group = dialog.get_by_role("group", name="Fix it in one step")
    assert sorted(group.get_by_role("button").all_inner_texts()) == [
        "Move the 20 outside recipients to Bcc", "Remove the list address"
    ]
    screenshot("demo-fix-plans")
    group.get_by_role("button", name="Move the 20 outside recipients to Bcc").click()
    page.wait_for_function("() => !document.querySelector('dialog#alert').open")
    assert page.get_by_label("To", exact=True).input_value() == "AllStudents@maplevalley.k12.example"
    assert page.get_by_label("Cc", exact=True).input_value() == "ms.rivera@maplevalley.k12.example"
    assert page.get_by_label("Bcc", exact=True).input_value() == ", ".join(families)
    assert page.evaluate("() => document.activeElement.id") == "bcc"

    dialog = send(page)
    dialog.get_by_role("group", name="Fix it in one step").get_by_role("button", name="Remove the list address").click()
    assert page.get_by_label("To", exact=True).input_value() == ""
    assert send(page).get_attribute("data-verdict") == "sent"


def test_keyboard_only(page: Any, live_server: str) -> None:
    open_demo(page, live_server)
    page.get_by_role("button", name="Email to AllStudents").focus()
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Send", exact=True).focus()
    page.keyboard.press("Enter")
    page.locator("dialog#alert[open]").wait_for()
    assert focus_in_dialog(page)
    page.keyboard.press("Tab")
    assert focus_in_dialog(page)
    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.querySelector('dialog#alert').open")
    assert page.evaluate("() => document.activeElement.id") == "send"


def test_service_error_is_shown_plainly(page: Any, live_server: str, screenshot: Callable[..., Path]) -> None:
    open_demo(page, live_server)
    page.get_by_label("To", exact=True).fill("not-an-address")
    dialog = send(page)
    assert dialog.get_attribute("data-verdict") == "error"
    assert "could not check" in dialog.inner_text().lower()
    assert "to[0].email" in dialog.inner_text()
    screenshot("demo-error")
    dialog.get_by_role("button", name="Fix it").click()
    page.wait_for_function("() => document.activeElement.id === 'to'")


def test_unreachable_service_is_shown_plainly(page: Any, live_server: str, screenshot: Callable[..., Path]) -> None:
    open_demo(page, live_server)
    page.route("**/v1/check", lambda route: route.abort("connectionrefused"))
    page.get_by_label("To", exact=True).fill("wei.chen@example.net")
    dialog = send(page)
    assert dialog.get_attribute("data-verdict") == "error"
    assert "could not be reached" in dialog.inner_text()
    assert "Nothing was sent" in dialog.inner_text()
    screenshot("demo-unreachable")


@pytest.mark.parametrize(
    ("sample", "verdict"),
    [
        ("Allergy spreadsheet to 300 parents", "block"),
        ("Bus roster to all families", "block"),
        ("Bus roster to the bus company", "sent"),
        ("Progress report to one parent", "sent"),
        ("504 list pasted in the body", "block"),
        ("Email to AllStudents", "warn"),
        ("Newsletter with 22 families in To", "warn"),
        ("Student records to my personal Gmail", "block"),
    ],
)
def test_sample_scenarios(
    page: Any, live_server: str, screenshot: Callable[..., Path], sample: str, verdict: str
) -> None:
    open_demo(page, live_server)
    page.get_by_role("button", name=sample).click()
    dialog = send(page)
    assert dialog.get_attribute("data-verdict") == verdict, dialog.inner_text()
    if "Gmail" not in sample:  # invented families must never look like the sender's own account
        assert "personal account" not in dialog.inner_text()
    screenshot("demo-sample-" + "-".join(sample.lower().split()))


def test_markdown_is_rendered_as_text_only(page: Any, live_server: str) -> None:
    open_demo(page, live_server)
    result = page.evaluate(
        """() => {
            const box = document.createElement('div');
            window.CrossingGuardMarkdown.render(
                "### Heading <img src=x onerror=alert(1)>\\n\\n- **Bold:** `<b>code</b>`\\n"
                + "- **Examples (masked):** M***, C***\\nplain <script>x()</script>", box);
            return {
                tags: [...box.querySelectorAll('*')].map(e => e.tagName.toLowerCase()),
                text: box.textContent,
            };
        }"""
    )
    assert result["tags"] == ["h4", "ul", "li", "strong", "code", "li", "strong", "p"]
    assert "<img src=x onerror=alert(1)>" in result["text"]
    assert "M***, C***" in result["text"]
