"""The IT console in headless Chromium: an empty district, a busy week, one check, the export, the breaker.

Screenshots go to test-output/console-*.png. Each page is also checked for what a screen reader and
a keyboard need: one h1, headings in order, a main landmark, labelled form fields, table headers with
a scope, and a visible focus ring.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine

from backend.admin.breaker import now
from tests.admin.console import ENTRA, TEACHER, build, session_cookie
from tests.admin.records import busy_week, insert_alert, insert_breaker, insert_records
from tests.browser.conftest import serve

NOW = now().replace(microsecond=0)  # UTC without a zone, as the store keeps times

ACCESSIBLE = """() => {
  const problems = [];
  if (document.querySelectorAll('main').length !== 1) problems.push('main landmark');
  if (document.querySelectorAll('h1').length !== 1) problems.push('one h1');
  let last = 0;
  for (const h of document.querySelectorAll('h1,h2,h3,h4')) {
    const level = Number(h.tagName[1]);
    if (level > last + 1) problems.push('heading skips to ' + h.tagName + ': ' + h.textContent);
    last = level;
  }
  for (const th of document.querySelectorAll('table th')) if (!th.getAttribute('scope')) problems.push('th scope');
  for (const f of document.querySelectorAll('input:not([type=hidden]), select')) {
    const labelled = (f.id && document.querySelector('label[for="' + f.id + '"]')) || f.closest('label');
    if (!labelled) problems.push('unlabelled ' + f.name);
  }
  return problems;
}"""


@pytest.fixture(scope="module")
def consoles(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    empty_dir, busy_dir = tmp_path_factory.mktemp("empty"), tmp_path_factory.mktemp("busy")
    busy_url = f"sqlite:///{busy_dir / 'store.sqlite3'}"
    both = ENTRA + 'google_client_id = "console.apps.googleusercontent.com"\n'
    google = {"CROSSING_GUARD_ADMIN_GOOGLE_CLIENT_SECRET": "google-secret"}
    with serve(build(f"sqlite:///{empty_dir / 'store.sqlite3'}", empty_dir, admin=both, env=google)) as empty, \
            serve(build(busy_url, busy_dir)) as busy:
        engine = create_engine(busy_url)
        week = busy_week(NOW)
        insert_records(engine, week)
        repeat = [r for r in week if any(c == "personal_account" for c, *_ in r.findings)]
        mine = [r.check_id for r in repeat if r.sender == repeat[0].sender][:3]
        insert_alert(engine, "repeat", repeat[0].sender, NOW - timedelta(days=1), mine)
        insert_breaker(engine, "key:1a2b3c4d", NOW - timedelta(minutes=6), NOW + timedelta(minutes=54), 5)
        insert_breaker(engine, "sis-export@lincoln.k12.example", NOW - timedelta(days=2),
                       NOW - timedelta(days=2) + timedelta(hours=1), 5, NOW - timedelta(days=2, minutes=-20),
                       "it.lead@lincoln.k12.example")
        engine.dispose()
        yield {"empty": empty, "busy": busy}


def open_as_admin(page: Any, base: str, path: str) -> None:
    page.context.add_cookies([{"name": "cg_admin", "value": session_cookie(), "url": base + "/admin/"}])
    page.goto(base + path)


def accessible(page: Any) -> None:
    assert page.evaluate(ACCESSIBLE) == []
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", ""), "focus must be visible"


@pytest.mark.browser
def test_empty_district(page: Any, consoles: dict[str, str], screenshot: Any) -> None:
    open_as_admin(page, consoles["empty"], "/admin/")
    assert page.locator("h1").inner_text() == "Warnings and blocks"
    assert "No checks match" in page.locator("main").inner_text()
    screenshot("console-empty")
    accessible(page)
    page.goto(consoles["empty"] + "/admin/trends")
    assert "No warnings in this range" in page.locator("main").inner_text()
    screenshot("console-empty-trends", full_page=True)


@pytest.mark.browser
def test_busy_week_list_and_trends(page: Any, consoles: dict[str, str], screenshot: Any) -> None:
    open_as_admin(page, consoles["busy"], "/admin/")
    rows = page.locator("table.list tbody tr")
    assert rows.count() == 50
    screenshot("console-recent")
    accessible(page)
    page.select_option("#f-code", "personal_account")
    page.click("button:has-text('Show')")
    assert page.locator("table.list tbody tr").count() >= 1
    assert all("personal account" in t for t in page.locator("table.list tbody td:nth-child(5)").all_inner_texts())
    page.goto(consoles["busy"] + "/admin/trends")
    assert page.locator("svg.chart rect").count() > 7
    screenshot("console-trends", full_page=True)
    accessible(page)


@pytest.mark.browser
def test_one_check(page: Any, consoles: dict[str, str], screenshot: Any) -> None:
    open_as_admin(page, consoles["busy"], "/admin/?code=personal_account")
    page.locator("table.list tbody tr th a").first.click()
    text = page.locator("main").inner_text()
    assert "Student records to a personal account" in text and "medical information" in text
    screenshot("console-check", full_page=True)
    accessible(page)


@pytest.mark.browser
def test_incident_export_printable(page: Any, consoles: dict[str, str], screenshot: Any) -> None:
    start, end = (NOW - timedelta(days=7)).date(), NOW.date()
    open_as_admin(page, consoles["busy"], f"/admin/export?sender=abrown@lincoln.k12.example&from={start}"
                                          f"&to={end}&include=all")
    screenshot("console-export", full_page=True)
    accessible(page)
    page.emulate_media(media="print")
    assert not page.locator("header.top").is_visible()
    screenshot("console-export-print", full_page=True)
    page.pdf(path=str(Path(__file__).resolve().parents[2] / "test-output" / "console-export.pdf"))


@pytest.mark.browser
def test_breaker_page_and_reset(page: Any, consoles: dict[str, str], screenshot: Any) -> None:
    open_as_admin(page, consoles["busy"], "/admin/breakers")
    assert page.locator("h2#h-open").inner_text() == "Open now: 1"
    screenshot("console-breakers", full_page=True)
    accessible(page)
    page.click("button:has-text('Reset')")
    assert "The breaker was reset" in page.locator("main").inner_text()
    assert page.locator("h2#h-open").inner_text() == "Open now: 0"


@pytest.mark.browser
def test_sign_in_choice_and_the_non_admin_page(page: Any, consoles: dict[str, str], screenshot: Any) -> None:
    page.goto(consoles["empty"] + "/admin/trends")
    assert page.url.startswith(consoles["empty"] + "/admin/signin")
    assert page.locator("a.button").all_inner_texts() == ["Sign in with Microsoft (Entra ID)", "Sign in with Google"]
    screenshot("console-signin")
    accessible(page)
    page.context.add_cookies([{"name": "cg_admin", "value": session_cookie(TEACHER),
                               "url": consoles["empty"] + "/admin/"}])
    response = page.goto(consoles["empty"] + "/admin/")
    assert response.status == 403 and page.locator("h1").inner_text() == "Not an administrator"
    assert page.locator("nav").count() == 0
    screenshot("console-not-admin")
