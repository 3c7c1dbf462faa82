"""Verdicts as Google Workspace add-on cards (card JSON, google.apps.card.v1), and the responses that carry them.

The words come from `backend.messages` (the same headline and message Outlook shows); this module adds
only what a Gmail card needs: what was checked and why not more, that Gmail will still let the
message go, and the buttons that fix the draft. Every text is HTML-escaped (card text is formatted
HTML) and kept within `LIMITS`. No matched value, sample or column heading ever reaches a card.

Responses: a trigger answers `{"action": {"navigations": [{"pushCard": card}]}}`; a button answers
`{"renderActions": {"action": {"navigations": [{"updateCard": card}]}}}`, with a `hostAppAction`
carrying `updateDraftActionMarkup` when it changes the draft's recipients.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from backend.gmail.gmail_api import Unavailable
from backend.messages import fit, n
from backend.models import Verdict

Card = dict[str, Any]
Response = dict[str, Any]

LIMITS = {
    "title": 60,  # card header title
    "subtitle": 90,  # card header subtitle
    "paragraph": 620,  # textParagraph: bold headline + the 500-character message
    "text": 300,  # decoratedText main text
    "label": 120,  # decoratedText top and bottom labels
    "button": 40,  # button text
    "widgets": 100,  # per card (documented platform limit)
    "sections": 100,  # per card (documented platform limit)
    "card_bytes": 32_000,  # the whole card as JSON
}

TITLES = {"block": "Don't send this yet", "warn": "Take a second look", "allow": "Looks fine to send"}
SEVERITY_LABEL = {"block": "Fix before sending", "warn": "Check before sending"}
CANNOT_HOLD = "Gmail will still let you press Send, so please make the fix first."
MORE_FINDINGS = "There is more to check: press Check again after fixing these."

LIMITED: dict[Unavailable, str] = {
    "no_token": "Gmail did not give Crossing Guard permission to read the draft.",
    "not_saved": "Gmail has not saved the draft yet. Wait a few seconds, then press Check again.",
    "denied": "Gmail refused to let Crossing Guard read the draft.",
    "not_found": "Gmail could not find the saved draft. Wait a few seconds, then press Check again.",
    "timeout": "Gmail took too long to send the draft to Crossing Guard. Press Check again.",
    "unavailable": "Gmail could not send the draft to Crossing Guard just now. Press Check again.",
}
ONLY_RECIPIENTS = "I could only check who this goes to, not the message or its attachments."

HOMEPAGE_TITLE = "Crossing Guard"
HOMEPAGE_TEXT = (
    "Crossing Guard takes a second look at school email before it leaves. While writing a message, "
    "click the Crossing Guard icon at the bottom of the draft to check who it goes to, the message "
    "and its attachments."
)
MAX_FINDINGS = 5


@dataclass(frozen=True)
class Scope:
    """What the check could see: the whole draft, or only its recipients and why."""

    full: bool
    attachments: int = 0
    reason: Unavailable | None = None

    @property
    def summary(self) -> str:
        if not self.full:
            return "Checked who it goes to only"
        if self.attachments == 0:
            return "Checked recipients and message"
        noun = "attachment" if self.attachments == 1 else "attachments"
        return f"Checked recipients, message and {n(self.attachments)} {noun}"


@dataclass(frozen=True)
class Fix:
    """A change the card can make to the draft. `targets` are address tokens, never addresses."""

    kind: Literal["bcc", "remove"]
    label: str
    targets: tuple[str, ...] = ()


@dataclass(frozen=True)
class Endpoints:
    compose: str
    fix: str


def esc(text: str, limit: int) -> str:
    return html.escape(fit(text, limit), quote=False)


def paragraph(text_html: str) -> dict[str, Any]:
    return {"textParagraph": {"text": text_html}}


def decorated(text: str, *, top: str = "", bottom: str = "") -> dict[str, Any]:
    widget: dict[str, Any] = {"text": esc(text, LIMITS["text"]), "wrapText": True}
    if top:
        widget["topLabel"] = esc(top, LIMITS["label"])
    if bottom:
        widget["bottomLabel"] = esc(bottom, LIMITS["label"])
    return {"decoratedText": widget}


def button(label: str, url: str, parameters: Sequence[tuple[str, str]] = ()) -> dict[str, Any]:
    action: dict[str, Any] = {"function": url, "loadIndicator": "SPINNER"}
    if parameters:
        action["parameters"] = [{"key": k, "value": v} for k, v in parameters]
    return {"text": fit(label, LIMITS["button"]), "onClick": {"action": action}}


def check_again(urls: Endpoints) -> dict[str, Any]:
    return button("Check again", urls.compose, [("cg", "recheck")])


def _header(title: str, subtitle: str) -> dict[str, str]:
    return {"title": fit(title, LIMITS["title"]), "subtitle": fit(subtitle, LIMITS["subtitle"])}


def verdict_card(verdict: Verdict, scope: Scope, fixes: Sequence[Fix], urls: Endpoints) -> Card:
    lead = f"<b>{esc(verdict.headline, 200)}</b><br>{esc(verdict.message, 500)}"
    if verdict.verdict != "allow":
        lead += f"<br><br>{html.escape(CANNOT_HOLD, quote=False)}"
    sections: list[dict[str, Any]] = [{"widgets": [paragraph(lead)]}]

    serious = [w for w in verdict.findings if w.finding.severity != "info"]
    if serious:
        widgets = [
            decorated(w.summary, top=SEVERITY_LABEL[w.finding.severity], bottom=f"Fix: {w.fix}")
            for w in serious[:MAX_FINDINGS]
        ]
        if len(serious) > MAX_FINDINGS:
            widgets.append(paragraph(html.escape(MORE_FINDINGS, quote=False)))
        sections.append({"header": "What I found", "widgets": widgets})

    checked = decorated(
        ONLY_RECIPIENTS if not scope.full else scope.summary + ".",
        top="What I checked",
        bottom=LIMITED[scope.reason] if scope.reason is not None else "",
    )
    sections.append({"widgets": [checked]})

    buttons = [button(f.label, urls.fix, _fix_parameters(f)) for f in fixes]
    buttons.append(check_again(urls))
    sections.append({"widgets": [{"buttonList": {"buttons": buttons}}]})
    return {"header": _header(TITLES[verdict.verdict], scope.summary), "sections": sections}


def _fix_parameters(fix: Fix) -> list[tuple[str, str]]:
    params: list[tuple[str, str]] = [("fix", fix.kind)]
    if fix.targets:
        params.append(("targets", ",".join(fix.targets)))
    return params


def notice_card(title: str, text: str, urls: Endpoints | None) -> Card:
    """A short card: the homepage, a fix that was made, or one that could not be."""
    sections: list[dict[str, Any]] = [{"widgets": [paragraph(esc(text, LIMITS["paragraph"]))]}]
    if urls is not None:
        sections.append({"widgets": [{"buttonList": {"buttons": [check_again(urls)]}}]})
    return {"header": {"title": fit(title, LIMITS["title"])}, "sections": sections}


def homepage_card() -> Card:
    return notice_card(HOMEPAGE_TITLE, HOMEPAGE_TEXT, None)


def push(card: Card) -> Response:
    """The answer to a trigger (compose action, homepage)."""
    return {"action": {"navigations": [{"pushCard": card}]}}


def update(card: Card) -> Response:
    """The answer to a button: replace the card in place."""
    return {"renderActions": {"action": {"navigations": [{"updateCard": card}]}}}


def update_draft(card: Card, to: Sequence[str], cc: Sequence[str], bcc: Sequence[str]) -> Response:
    """Replace the draft's To, Cc and Bcc (each list is the whole new field) and show `card`."""
    markup = {
        "updateToRecipients": {"toRecipients": [{"email": a} for a in to]},
        "updateCcRecipients": {"ccRecipients": [{"email": a} for a in cc]},
        "updateBccRecipients": {"bccRecipients": [{"email": a} for a in bcc]},
    }
    response = update(card)
    response["renderActions"]["hostAppAction"] = {"gmailAction": {"updateDraftActionMarkup": markup}}
    return response
