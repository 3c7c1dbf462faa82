"""Verdicts as Google Workspace add-on cards (card JSON, google.apps.card.v1), and the responses that carry them.

The words come from `backend.messages` (the same headline and message Outlook shows); this module adds
only what a Gmail card needs: that it checked who the message goes to (Gmail shows a compose add-on
the recipients, not the message), that Gmail will still let the message go, and the buttons that
execute the server's fix plans. Every text is HTML-escaped (card text is formatted HTML) and kept
within `LIMITS`. No matched value, sample or column heading ever reaches a card.

Responses, as Google's reference for HTTP add-ons writes them: a trigger answers
`{"action": {"navigations": [{"pushCard": card}]}}`; a button that shows a card answers
`{"renderActions": {"action": {"navigations": [{"updateCard": card}]}}}`; a button that changes the
draft answers an `UpdateDraftActionResponse` on its own,
`{"renderActions": {"hostAppAction": {"gmailAction": {"updateDraftActionMarkup": ...}}}}`, with no
card navigation beside it.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from backend.messages import fit
from backend.models import Verdict

Card = dict[str, Any]
GmailAction = Literal["move_to_bcc", "remove_recipients"]
"""The fix plans a compose card can execute: Gmail lets it replace To, Cc and Bcc, nothing else."""
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

CHECKED = (
    "Crossing Guard checked who this goes to. Gmail does not show add-ons the message itself; "
    "the district's mail gateway checks what it carries."
)
CHECKED_SUBTITLE = "Checked who it goes to"
NO_RECIPIENTS_TITLE = "Add recipients first"
NO_RECIPIENTS = "Gmail did not show Crossing Guard who this goes to. Add the recipients, then press Check again."

HOMEPAGE_TITLE = "Crossing Guard"
HOMEPAGE_TEXT = (
    "Crossing Guard takes a second look at school email before it leaves. While writing a message, "
    "click the Crossing Guard icon at the bottom of the draft to check who it goes to before you "
    "press Send."
)
MAX_FINDINGS = 5


@dataclass(frozen=True)
class Fix:
    """A button that executes one finding's fix plan. `targets` are address tokens, never addresses."""

    action: GmailAction
    label: str
    targets: tuple[str, ...]


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


def verdict_card(verdict: Verdict, fixes: Sequence[Fix], urls: Endpoints) -> Card:
    lead = f"<b>{esc(verdict.headline, 200)}</b><br>{esc(verdict.message, 500)}"
    if verdict.verdict != "allow":
        lead += f"<br><br>{html.escape(CANNOT_HOLD, quote=False)}"
    sections: list[dict[str, Any]] = [{"widgets": [paragraph(lead)]}]

    # The lead already says the first finding: list it again only beside others, never alone.
    serious = [w for w in verdict.findings if w.finding.severity != "info"]
    if len(serious) == 1 and serious[0].summary == verdict.headline:
        serious = []
    if serious:
        widgets = [
            decorated(w.summary, top=SEVERITY_LABEL[w.finding.severity], bottom=f"Fix: {w.fix}")
            for w in serious[:MAX_FINDINGS]
        ]
        if len(serious) > MAX_FINDINGS:
            widgets.append(paragraph(html.escape(MORE_FINDINGS, quote=False)))
        sections.append({"header": "What I found", "widgets": widgets})

    sections.append({"widgets": [paragraph(html.escape(CHECKED, quote=False))]})

    buttons = [button(f.label, urls.fix, _fix_parameters(f)) for f in fixes]
    buttons.append(check_again(urls))
    sections.append({"widgets": [{"buttonList": {"buttons": buttons}}]})
    return {"header": _header(TITLES[verdict.verdict], CHECKED_SUBTITLE), "sections": sections}


def _fix_parameters(fix: Fix) -> list[tuple[str, str]]:
    return [("fix", fix.action), ("targets", ",".join(fix.targets))]


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


def update_draft(to: Sequence[str], cc: Sequence[str], bcc: Sequence[str]) -> Response:
    """An `UpdateDraftActionResponse`: set the draft's To, Cc and Bcc to exactly these lists.

    What an update does is documented on the message itself: Google's `UpdateDraftActionMarkup`
    (https://googleapis.dev/dotnet/Google.Apis.CloudSearch.v1/latest/api/Google.Apis.CloudSearch.v1.Data.UpdateDraftActionMarkup.html,
    the same google.apps.card.v1 message HTTP add-ons return) says of `updateToRecipients`,
    `updateCcRecipients` and `updateBccRecipients`: "If set, replaces the existing ... recipients of
    the draft the user is currently editing"; Apps Script's `UpdateDraftToRecipientsAction`
    (https://developers.google.com/apps-script/reference/card-service/update-draft-to-recipients-action)
    likewise replaces the To field with the list given. An update replaces, it does not add, so each
    list here is the whole new field, and all three are always sent.
    """
    markup = {
        "updateToRecipients": {"toRecipients": [{"email": a} for a in to]},
        "updateCcRecipients": {"ccRecipients": [{"email": a} for a in cc]},
        "updateBccRecipients": {"bccRecipients": [{"email": a} for a in bcc]},
    }
    return {"renderActions": {"hostAppAction": {"gmailAction": {"updateDraftActionMarkup": markup}}}}
