"""What a person reads on the card: within the platform's limits, plain, escaped, and free of raw values."""

from __future__ import annotations

import json
import re
from typing import Any

import jsonschema
import pytest

from backend.gmail import cards
from backend.models import Exposure, Finding, Verdict, WordedFinding
from tests.gmail.helpers import SCHEMA, buttons, call, card_of, card_text, compose_event, parents
from tests.gmail.servers import AppServer, SigningKey

COMPOSE = "/gmail/compose"
JARGON = re.compile(r"\b(PII|DLP|policy violation|personally identifiable|data loss|sensitive data)\b", re.I)
ALLOWED_TAGS = re.compile(r"</?b>|<br>")
URLS = cards.Endpoints("https://guard.district.example/gmail/compose", "https://guard.district.example/gmail/fix")


def _widgets(card: dict[str, Any]) -> list[dict[str, Any]]:
    return [w for s in card["sections"] for w in s["widgets"]]


def assert_within_limits(card: dict[str, Any]) -> None:
    limits = cards.LIMITS
    assert len(card["sections"]) <= limits["sections"]
    assert len(_widgets(card)) <= limits["widgets"]
    assert len(json.dumps(card).encode()) <= limits["card_bytes"]
    assert len(card["header"]["title"]) <= limits["title"]
    assert len(card["header"].get("subtitle", "")) <= limits["subtitle"]
    for widget in _widgets(card):
        if "textParagraph" in widget:
            assert len(widget["textParagraph"]["text"]) <= limits["paragraph"]
        if "decoratedText" in widget:
            d = widget["decoratedText"]
            assert len(d["text"]) <= limits["text"]
            assert len(d.get("topLabel", "")) <= limits["label"]
            assert len(d.get("bottomLabel", "")) <= limits["label"]
        for b in widget.get("buttonList", {}).get("buttons", []):
            assert len(b["text"]) <= limits["button"]


def assert_readable(text: str) -> None:
    assert not JARGON.search(text), JARGON.search(text)
    plain = ALLOWED_TAGS.sub("\n", text)
    assert "<" not in plain.replace("&lt;", ""), "only <b> and <br> may format card text"
    for sentence in re.split(r"(?<=[.!?])\s+|\n", plain):
        assert len(sentence.split()) <= 40, sentence


def test_a_card_for_many_families_is_within_limits_plain_and_holds_no_values(
    app_server: AppServer, google_key: SigningKey
) -> None:
    to = ["office@maplevalley.k12.example", *parents(300)]
    body = call(app_server, google_key, COMPOSE, compose_event(to))
    card = card_of(body)
    assert card["header"]["title"] == "Take a second look"
    assert_within_limits(card)
    assert_readable(card_text(card))
    assert "family0" not in json.dumps(body) and "office@" not in json.dumps(body)


@pytest.mark.parametrize("to", [["wei.chen@gmail.com"], parents(60), ["AllStaff@maplevalley.k12.example"]])
def test_recipient_cards_are_within_limits_and_plain(
    to: list[str], app_server: AppServer, google_key: SigningKey
) -> None:
    card = card_of(call(app_server, google_key, COMPOSE, compose_event(to)))
    assert_within_limits(card)
    assert_readable(card_text(card))


def _verdict(findings: list[Finding], name: str = "weird <b>name</b> & co.xlsx") -> Verdict:
    worded = tuple(
        WordedFinding(
            f, f"This spreadsheet {name} lists students' records " + "x" * 400, "Remove the attachment " + "y" * 300
        )
        for f in findings
    )
    return Verdict("block", "Headline " + "z" * 400, "Message " + "m" * 900, "", worded, Exposure(1, 1, 1, ()), "id")


def test_long_words_are_cut_and_markup_is_escaped() -> None:
    findings = [Finding("roster_attached", "block", people=3, attachment="x.xlsx") for _ in range(120)]
    card = cards.verdict_card(_verdict(findings), [], URLS)
    jsonschema.validate(cards.push(card), SCHEMA)
    assert_within_limits(card)
    text = card_text(card)
    assert "<b>name</b>" not in text and "&lt;b&gt;name&lt;/b&gt; &amp; co.xlsx" in text
    assert cards.MORE_FINDINGS in text


def test_every_fixed_line_is_plain_words() -> None:
    for words in (cards.CHECKED, cards.NO_RECIPIENTS, cards.HOMEPAGE_TEXT, cards.CANNOT_HOLD, cards.MORE_FINDINGS):
        assert_readable(words)
    card = cards.verdict_card(_verdict([]), [], URLS)
    assert card_text(card).count(cards.CHECKED) == 1


def test_logs_hold_no_addresses_or_tokens(
    app_server: AppServer, google_key: SigningKey, caplog: pytest.LogCaptureFixture
) -> None:
    to = ["kiran.patel.home@gmail.com", "AllStudents@maplevalley.k12.example", *parents(50)]
    with caplog.at_level("DEBUG"):
        card = card_of(call(app_server, google_key, COMPOSE, compose_event(to)))
        fix = next(p for label, p in buttons(card).items() if label.startswith("Move"))
        parameters = {k: fix[k] for k in ("fix", "targets")}
        call(app_server, google_key, "/gmail/fix", compose_event(to, parameters=parameters))
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "gmail check" in logged and "gmail fix" in logged
    for secret in ("kiran.patel.home", "AllStudents", "family001", "gmail.com", fix["targets"].split(",")[0]):
        assert secret not in logged


def test_a_lone_finding_is_said_once() -> None:
    lone = WordedFinding(Finding("visible_recipients", "warn", recipients=20), "20 families will see", "Bcc them")
    verdict = Verdict("warn", "20 families will see", "Move them to Bcc.", "", (lone,), Exposure(0, 20, 20, ()), "id")
    assert card_text(cards.verdict_card(verdict, [], URLS)).count("20 families will see") == 1
    other = WordedFinding(Finding("protected_list", "warn"), "A whole-school list", "Remove it")
    both = Verdict("warn", "20 families will see", "m", "", (lone, other), Exposure(0, 20, 20, ()), "id")
    text = card_text(cards.verdict_card(both, [], URLS))
    assert "What I found" in text and "A whole-school list" in text
