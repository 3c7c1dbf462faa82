"""The compose card, end to end over HTTP: Google's event in, the real engine, card JSON out.

Recipients-only checks come from the event alone; content checks read the draft from a local server
speaking the Gmail API's documented responses. Every answer is validated against the card schema.
"""

from __future__ import annotations

import json

import pytest

from tests.gmail.helpers import (
    buttons,
    call,
    card_of,
    card_text,
    compose_event,
    parents,
    store_welcome_draft,
)
from tests.gmail.roster import FILE_NAME, enrollment
from tests.gmail.servers import AppServer, FakeGmail, SigningKey

COMPOSE, FIX = "/gmail/compose", "/gmail/fix"
# --- recipients only, from the event --------------------------------------------------------------


def test_one_parent_is_fine(app_server: AppServer, google_key: SigningKey) -> None:
    card = card_of(call(app_server, google_key, COMPOSE, compose_event(["wei.chen@gmail.com"], user_token=None)))
    assert card["header"]["title"] == "Looks fine to send"
    assert "only" in card["header"]["subtitle"]


def test_many_visible_parents_offer_the_bcc_fix(app_server: AppServer, google_key: SigningKey) -> None:
    to = ["office@maplevalley.k12.example", *parents(40)]
    card = card_of(call(app_server, google_key, COMPOSE, compose_event(to, user_token=None)))
    text = card_text(card)
    assert card["header"]["title"] == "Take a second look"
    assert "40 families will see each other's email addresses" in text
    assert "Gmail will still let you press Send" in text
    fix = buttons(card)["Move outside recipients to Bcc"]
    assert fix["fix"] == "bcc" and fix["_url"] == "https://guard.district.example/gmail/fix"

    body = call(app_server, google_key, FIX, compose_event(to, parameters={"fix": "bcc"}))
    markup = body["renderActions"]["hostAppAction"]["gmailAction"]["updateDraftActionMarkup"]
    assert [r["email"] for r in markup["updateToRecipients"]["toRecipients"]] == ["office@maplevalley.k12.example"]
    assert [r["email"] for r in markup["updateBccRecipients"]["bccRecipients"]] == parents(40)
    assert markup["updateCcRecipients"]["ccRecipients"] == []
    assert "Moved 40 outside recipients to Bcc" in card_text(card_of(body))


def test_whole_school_list_offers_to_remove_it(app_server: AppServer, google_key: SigningKey) -> None:
    to = ["AllStudents@maplevalley.k12.example", "teacher@maplevalley.k12.example"]
    card = card_of(call(app_server, google_key, COMPOSE, compose_event(to, user_token=None)))
    text = card_text(card)
    assert card["header"]["title"] == "Take a second look"
    assert "AllStudents@maplevalley.k12.example" in text
    fix = buttons(card)["Remove the list address"]
    assert "@" not in fix["targets"]  # a token, never the address

    body = call(app_server, google_key, FIX, compose_event(to, parameters={"fix": "remove", "targets": fix["targets"]}))
    markup = body["renderActions"]["hostAppAction"]["gmailAction"]["updateDraftActionMarkup"]
    assert [r["email"] for r in markup["updateToRecipients"]["toRecipients"]] == ["teacher@maplevalley.k12.example"]


def test_a_fix_for_recipients_already_changed_changes_nothing(app_server: AppServer, google_key: SigningKey) -> None:
    body = call(
        app_server, google_key, FIX, compose_event(["teacher@maplevalley.k12.example"], parameters={"fix": "bcc"})
    )
    assert "hostAppAction" not in body["renderActions"]
    assert card_of(body)["header"]["title"] == "Nothing changed"


def test_an_unknown_fix_is_a_400_naming_the_field(app_server: AppServer, google_key: SigningKey) -> None:
    from tests.gmail.helpers import post
    from tests.gmail.servers import BASE_URL, id_token

    response = post(
        app_server,
        FIX,
        compose_event([], parameters={"fix": "delete_everything"}),
        id_token(google_key, BASE_URL + FIX),
    )
    assert response.status_code == 400
    assert response.json()["error"]["field"] == "commonEventObject.parameters.fix"


def test_check_again_replaces_the_card(app_server: AppServer, google_key: SigningKey) -> None:
    body = call(
        app_server,
        google_key,
        COMPOSE,
        compose_event(["wei.chen@gmail.com"], user_token=None, parameters={"cg": "recheck"}),
    )
    assert "updateCard" in body["renderActions"]["action"]["navigations"][0]


def test_homepage(app_server: AppServer, google_key: SigningKey) -> None:
    card = card_of(call(app_server, google_key, "/gmail/homepage", {"commonEventObject": {"hostApp": "GMAIL"}}))
    assert "Crossing Guard icon" in card_text(card)


# --- the content check, through the Gmail API ----------------------------------------------------


def test_the_wrong_attachment_to_300_parents_is_blocked(
    app_server: AppServer, google_key: SigningKey, fake_gmail: FakeGmail
) -> None:
    bcc = parents(300)
    store_welcome_draft(fake_gmail, ["kpatel@maplevalley.k12.example"], bcc)
    body = call(app_server, google_key, COMPOSE, compose_event(["kpatel@maplevalley.k12.example"], bcc=bcc))
    card = card_of(body)
    text = card_text(card)
    assert card["header"]["title"] == "Don't send this yet"
    assert card["header"]["subtitle"] == "Checked recipients, message and 1 attachment"
    assert FILE_NAME in text
    assert "2,900 students" in text
    assert "medical" in text
    assert "Fix: Remove the attachment" in text
    assert "/gmail/v1/users/me/messages/18c2f0a1b2c3d4e5/attachments/ANGjdJ8enrollment" in fake_gmail.requests

    raw = json.dumps(body)
    for canary in enrollment().canaries:
        assert canary not in raw


def test_records_to_the_senders_own_gmail_offer_to_remove_it(
    app_server: AppServer, google_key: SigningKey, fake_gmail: FakeGmail
) -> None:
    to = ["kiran.patel.home@gmail.com"]
    store_welcome_draft(fake_gmail, to, [])
    card = card_of(call(app_server, google_key, COMPOSE, compose_event(to)))
    assert card["header"]["title"] == "Don't send this yet"
    assert "your personal account" in card_text(card)
    fix = buttons(card)["Remove the personal address"]
    body = call(app_server, google_key, FIX, compose_event(to, parameters={"fix": "remove", "targets": fix["targets"]}))
    markup = body["renderActions"]["hostAppAction"]["gmailAction"]["updateDraftActionMarkup"]
    assert markup["updateToRecipients"]["toRecipients"] == []


def test_recipients_come_from_the_draft_when_the_event_has_none(
    app_server: AppServer, google_key: SigningKey, fake_gmail: FakeGmail
) -> None:
    store_welcome_draft(fake_gmail, parents(300), [])
    card = card_of(call(app_server, google_key, COMPOSE, compose_event(recipients=False)))
    assert card["header"]["title"] == "Don't send this yet"
    assert "300 families will see each other's email addresses" in card_text(card)


LIMITED = {
    "drafts_get_404": "Gmail could not find the saved draft",
    "drafts_get_403": "Gmail refused to let Crossing Guard read the draft",
    "list_401": "Gmail refused to let Crossing Guard read the draft",
}


@pytest.mark.parametrize("mode", list(LIMITED))
def test_a_draft_the_api_will_not_return_gives_a_recipients_only_card(
    mode: str, app_server: AppServer, google_key: SigningKey, fake_gmail: FakeGmail
) -> None:
    store_welcome_draft(fake_gmail, ["kpatel@maplevalley.k12.example"], parents(300))
    fake_gmail.mode = mode
    card = card_of(
        call(app_server, google_key, COMPOSE, compose_event(["kpatel@maplevalley.k12.example"], bcc=parents(300)))
    )
    text = card_text(card)
    assert card["header"]["subtitle"] == "Checked who it goes to only"
    assert "I could only check who this goes to, not the message or its attachments." in text
    assert LIMITED[mode] in text


def test_a_draft_not_saved_yet(app_server: AppServer, google_key: SigningKey, fake_gmail: FakeGmail) -> None:
    card = card_of(call(app_server, google_key, COMPOSE, compose_event(["wei.chen@gmail.com"], message_id=None)))
    assert "Gmail has not saved the draft yet" in card_text(card)
    assert fake_gmail.requests == []
    card = card_of(call(app_server, google_key, COMPOSE, compose_event(["wei.chen@gmail.com"])))
    assert "Gmail has not saved the draft yet" in card_text(card)  # not among the user's drafts


def test_no_user_token(app_server: AppServer, google_key: SigningKey, fake_gmail: FakeGmail) -> None:
    card = card_of(call(app_server, google_key, COMPOSE, compose_event(["wei.chen@gmail.com"], user_token=None)))
    assert "Gmail did not give Crossing Guard permission to read the draft" in card_text(card)
    assert fake_gmail.requests == []


def test_a_gmail_api_that_times_out(app_server: AppServer, google_key: SigningKey, fake_gmail: FakeGmail) -> None:
    store_welcome_draft(fake_gmail, ["wei.chen@gmail.com"], [])
    fake_gmail.mode = "slow"
    card = card_of(call(app_server, google_key, COMPOSE, compose_event(["wei.chen@gmail.com"])))
    assert card["header"]["subtitle"] == "Checked who it goes to only"
    assert "Gmail took too long" in card_text(card)
