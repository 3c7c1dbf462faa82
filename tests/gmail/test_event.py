"""Google's event object, in the documented shape, parses; anything else is a 400 naming the field."""

from __future__ import annotations

from typing import Any

import pytest

from backend.errors import RequestError
from backend.gmail.event import parse_event
from tests.gmail import documented_events as documented


def test_the_documented_compose_event_parses() -> None:
    event = parse_event(documented.compose_trigger(), 1000)
    assert event.to == (documented.DISTRICT_TEACHER, *documented.FAMILIES[:12])
    assert event.cc == tuple(documented.FAMILIES[12:]) and event.bcc == ()
    assert event.recipients_known and event.parameters == {}


def test_the_documented_button_press_parses_with_its_parameters() -> None:
    event = parse_event(documented.button_callback({"fix": "move_to_bcc", "targets": "a1,b2"}), 1000)
    assert event.parameters == {"fix": "move_to_bcc", "targets": "a1,b2"}
    assert event.recipient_count == 1 + len(documented.FAMILIES)


def test_the_documented_homepage_and_a_deployment_without_metadata_parse_with_no_lists() -> None:
    for data in (documented.homepage_trigger(), documented.compose_trigger_without_metadata()):
        event = parse_event(data, 1000)
        assert not event.recipients_known and event.recipient_count == 0


def _with(path: tuple[str, ...], value: Any) -> dict[str, Any]:
    data = documented.button_callback({"fix": "move_to_bcc"})
    target: Any = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return data


BAD = [
    (_with(("gmail",), ["not", "an", "object"]), "gmail"),
    (_with(("commonEventObject",), "GMAIL"), "commonEventObject"),
    (_with(("commonEventObject", "parameters"), ["fix"]), "commonEventObject.parameters"),
    (_with(("gmail", "toRecipients"), "a@b.example"), "gmail.toRecipients"),
    (_with(("gmail", "ccRecipients"), [{"email": "a@b.example"}]), "gmail.ccRecipients"),
    (_with(("gmail", "bccRecipients"), ["not an address"]), "gmail.bccRecipients"),
    (_with(("gmail", "toRecipients"), ["x" * 400 + "@b.example"]), "gmail.toRecipients"),
]


@pytest.mark.parametrize(("data", "field"), BAD)
def test_a_shape_that_is_not_an_event_names_the_field_and_echoes_no_value(data: dict[str, Any], field: str) -> None:
    with pytest.raises(RequestError) as caught:
        parse_event(data, 1000)
    assert caught.value.field == field
    assert "not an address" not in str(caught.value) and "a@b.example" not in str(caught.value)


def test_too_many_recipients_is_refused_per_field_and_in_all() -> None:
    for limit, field in ((10, "gmail.toRecipients"), (15, "gmail")):  # 13 in To, 21 in all
        with pytest.raises(RequestError) as caught:
            parse_event(documented.compose_trigger(), limit)
        assert caught.value.field == field and caught.value.code == "too_many"


def test_fields_this_service_ignores_never_fail_a_documented_event() -> None:
    data = documented.compose_trigger()
    data["commonEventObject"]["formInputs"] = {"note": {"stringInputs": {"value": ["hello"]}}}
    data["authorizationEventObject"] = {"userOAuthToken": "ya29.x"}
    data["gmail"]["accessToken"] = "AHkCg1-other"
    assert parse_event(data, 1000).recipient_count == 1 + len(documented.FAMILIES)
