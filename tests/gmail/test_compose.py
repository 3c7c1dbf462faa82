"""The compose card, end to end over HTTP: Google's event in, the real engine, card JSON out.

The card checks the recipients Gmail shows a compose add-on and says that is what it checked; its
fix buttons carry the server's plans and come back as an `UpdateDraftActionResponse` on its own.
Every answer is validated against the card schema.
"""

from __future__ import annotations

import json
from typing import Any

from backend.gmail import cards
from backend.gmail.fixes import token
from tests.gmail import documented_events as documented
from tests.gmail.helpers import buttons, call, card_of, card_text, compose_event, draft_update, parents, post
from tests.gmail.servers import BASE_URL, AppServer, SigningKey, id_token

COMPOSE, FIX = "/gmail/compose", "/gmail/fix"
STAFF = "office@maplevalley.k12.example"


def _only_button(card: dict[str, Any], starts: str) -> tuple[str, dict[str, str]]:
    found = [(label, params) for label, params in buttons(card).items() if label.startswith(starts)]
    assert len(found) == 1, buttons(card)
    return found[0]


def test_one_parent_is_fine_and_the_card_says_what_it_checked(app_server: AppServer, google_key: SigningKey) -> None:
    card = card_of(call(app_server, google_key, COMPOSE, compose_event(["wei.chen@gmail.com"])))
    assert card["header"]["title"] == "Looks fine to send"
    assert card["header"]["subtitle"] == "Checked who it goes to"
    assert card_text(card).count(cards.CHECKED) == 1


def test_many_visible_parents_move_to_bcc_as_the_server_planned(app_server: AppServer, google_key: SigningKey) -> None:
    to, cc, bcc = [STAFF, *parents(30)], parents(40)[30:], ["principal@maplevalley.k12.example"]
    card = card_of(call(app_server, google_key, COMPOSE, compose_event(to, cc, bcc)))
    text = card_text(card)
    assert card["header"]["title"] == "Take a second look"
    assert "40 families will see each other's email addresses" in text
    assert "Gmail will still let you press Send" in text
    label, fix = _only_button(card, "Move the")
    assert label == "Move the 40 outside recipients to Bcc"
    assert fix["fix"] == "move_to_bcc" and fix["_url"] == BASE_URL + FIX
    assert set(fix["targets"].split(",")) == {token(a) for a in parents(40)}
    assert "@" not in fix["targets"]  # tokens, never addresses

    body = call(app_server, google_key, FIX, compose_event(to, cc, bcc, parameters=fix))
    # An update replaces each field, so every field is sent whole: staff stay, Bcc keeps what it had.
    assert draft_update(body) == {"to": [STAFF], "cc": [], "bcc": [*bcc, *parents(40)]}


def test_whole_school_list_is_removed_wherever_it_is(app_server: AppServer, google_key: SigningKey) -> None:
    to, cc = ["AllStudents@maplevalley.k12.example", "teacher@maplevalley.k12.example"], ["wei.chen@gmail.com"]
    card = card_of(call(app_server, google_key, COMPOSE, compose_event(to, cc)))
    assert card["header"]["title"] == "Take a second look"
    assert "AllStudents@maplevalley.k12.example" in card_text(card)
    label, fix = _only_button(card, "Remove")
    assert label == "Remove the list address"
    assert fix["fix"] == "remove_recipients" and fix["_url"] == BASE_URL + FIX
    assert fix["targets"] == token("AllStudents@maplevalley.k12.example")

    body = call(app_server, google_key, FIX, compose_event(to, cc, parameters=fix))
    assert draft_update(body) == {"to": ["teacher@maplevalley.k12.example"], "cc": cc, "bcc": []}


def test_the_documented_compose_event_and_button_press_work_end_to_end(
    app_server: AppServer, google_key: SigningKey
) -> None:
    card = card_of(call(app_server, google_key, COMPOSE, documented.compose_trigger()))
    assert card["header"]["title"] == "Take a second look"
    _, fix = _only_button(card, "Move the")
    parameters = {k: v for k, v in fix.items() if k != "_url"}
    body = call(app_server, google_key, FIX, documented.button_callback(parameters))
    assert draft_update(body) == {"to": [documented.DISTRICT_TEACHER], "cc": [], "bcc": documented.FAMILIES}

    home = card_of(call(app_server, google_key, "/gmail/homepage", documented.homepage_trigger()))
    assert "Crossing Guard icon" in card_text(home)


def test_no_recipient_lists_is_never_looks_fine(app_server: AppServer, google_key: SigningKey) -> None:
    for event in (documented.compose_trigger_without_metadata(), compose_event([])):
        card = card_of(call(app_server, google_key, COMPOSE, event))
        assert card["header"]["title"] == cards.NO_RECIPIENTS_TITLE
        assert "Looks fine" not in card_text(card)


def test_a_fix_for_recipients_already_changed_changes_nothing(app_server: AppServer, google_key: SigningKey) -> None:
    fix = {"fix": "move_to_bcc", "targets": token("gone@gmail.com")}
    body = call(app_server, google_key, FIX, compose_event([STAFF], parameters=fix))
    assert "hostAppAction" not in body["renderActions"]
    assert card_of(body)["header"]["title"] == "Nothing changed"

    body = call(app_server, google_key, FIX, documented.button_callback(fix) | {"gmail": {"messageId": "r-1"}})
    assert card_of(body)["header"]["title"] == "Nothing changed"  # no lists: nothing to change them from


def test_an_unknown_fix_is_a_400_naming_the_field(app_server: AppServer, google_key: SigningKey) -> None:
    for parameters in ({"fix": "delete_everything"}, {"fix": "remove_attachment", "targets": "x"}, {}):
        event = compose_event([], parameters=parameters or None)
        response = post(app_server, FIX, event, id_token(google_key, BASE_URL + FIX))
        assert response.status_code == 400
        assert response.json()["error"]["field"] == "commonEventObject.parameters.fix"
        assert "delete_everything" not in response.text


def test_bad_recipient_lists_are_a_400_naming_the_field(app_server: AppServer, google_key: SigningKey) -> None:
    cases = (
        ({"toRecipients": "a@b.example"}, "gmail.toRecipients"),
        ({"ccRecipients": ["nobody"]}, "gmail.ccRecipients"),
    )
    for lists, field in cases:
        event = compose_event(["wei.chen@gmail.com"])
        event["gmail"].update(lists)
        response = post(app_server, COMPOSE, event, id_token(google_key, BASE_URL + COMPOSE))
        assert response.status_code == 400
        assert response.json()["error"]["field"] == field
        assert "nobody" not in response.text


def test_check_again_replaces_the_card(app_server: AppServer, google_key: SigningKey) -> None:
    body = call(app_server, google_key, COMPOSE, compose_event(["wei.chen@gmail.com"], parameters={"cg": "recheck"}))
    assert "updateCard" in body["renderActions"]["action"]["navigations"][0]


def test_three_hundred_visible_families_and_the_card_holds_no_address(
    app_server: AppServer, google_key: SigningKey
) -> None:
    body = call(app_server, google_key, COMPOSE, compose_event(parents(300)))
    card = card_of(body)
    assert card["header"]["title"] == "Take a second look"
    assert "300 families will see each other's email addresses" in card_text(card)
    assert "family0" not in json.dumps(body)
