"""Parsing once: what the gateway received becomes the message the engine checks."""

from __future__ import annotations

from email.message import EmailMessage
from email.policy import SMTP

import pytest

from backend.engine import Engine
from backend.gateway.inbound import inbound_message
from backend.models import Caller
from backend.policy import load_demo_policy
from tests.corpus import data
from tests.fakedata import delimited, layouts
from tests.fakedata.tnef import winmail

DISTRICT = "maplevalley.k12.example"
SMTP_CALLER = Caller(kind="smtp")


def _message(**parts: bytes) -> bytes:
    msg = EmailMessage()
    msg["From"] = f"Claire Delacroix <cdelacroix@{DISTRICT}>"
    msg["To"] = "PTA <pta.president.mv@gmail.example>"
    msg["Cc"] = f"cdelacroix@{DISTRICT}"
    msg["Bcc"] = "stale-header@gmail.example"
    msg["Subject"] = "Testing rooms"
    msg.set_content("See attached.")
    msg.add_alternative("<p>See attached.<img src='cid:logo'></p>", subtype="html")
    for name, content in parts.items():
        if name == "winmail":
            msg.add_attachment(content, maintype="application", subtype="ms-tnef", filename="winmail.dat")
        else:
            msg.add_attachment(content, maintype="application", subtype="octet-stream", filename=name)
    return msg.as_bytes(policy=SMTP)


def test_envelope_recipients_missing_from_the_headers_are_bcc() -> None:
    rcpts = ["pta.president.mv@gmail.example", f"CDelacroix@{DISTRICT}", "mvpta.treasurer@gmail.example",
             "mvpta.treasurer@gmail.example"]
    message = inbound_message(_message(), "bounces@" + DISTRICT, rcpts, caller=SMTP_CALLER)
    assert [r.email for r in message.to] == ["pta.president.mv@gmail.example"]
    assert [r.email for r in message.bcc] == ["mvpta.treasurer@gmail.example"]  # the stale Bcc header is gone
    assert message.sender.email == f"cdelacroix@{DISTRICT}" and message.client_app == "gateway"
    assert not message.is_automation


@pytest.mark.parametrize(("caller", "senders", "automation"), [
    (Caller(kind="api_key", subject="key:1"), (), True),
    (SMTP_CALLER, (f"cdelacroix@{DISTRICT}",), True),
    (SMTP_CALLER, (f"bounces@{DISTRICT}",), True),
    (SMTP_CALLER, (f"someone-else@{DISTRICT}",), False),
    (SMTP_CALLER, (), False),
])
def test_who_is_an_automation(caller: Caller, senders: tuple[str, ...], automation: bool) -> None:
    message = inbound_message(_message(), f"bounces@{DISTRICT}", ["a@gmail.example"], caller=caller,
                              automation_senders=senders)
    assert message.is_automation is automation


def test_a_504_roster_inside_winmail_dat_is_found() -> None:
    roster = delimited.roster(layouts.SECTION_504, data.section_504())
    raw = _message(winmail=winmail("Rooms for testing week.", [("504_testing.csv", roster)]))
    message = inbound_message(raw, f"cdelacroix@{DISTRICT}", ["pta.president.mv@gmail.example"] +
                              [f"parent{i}@gmail.example" for i in range(7)], caller=SMTP_CALLER)
    assert [a.name for a in message.attachments] == ["winmail.dat"]
    verdict = Engine(load_demo_policy()).check_sync(message)
    assert verdict.verdict == "block" and verdict.exposure.people == 230


def test_a_harmless_winmail_dat_is_read_not_refused() -> None:
    raw = _message(winmail=winmail("Rooms for testing week.", [("rooms.txt", b"Room 101: grade 3\n")]))
    message = inbound_message(raw, f"cdelacroix@{DISTRICT}", ["pta.president.mv@gmail.example"], caller=SMTP_CALLER)
    verdict = Engine(load_demo_policy()).check_sync(message)
    assert verdict.verdict == "allow"
    assert not [w for w in verdict.findings if w.finding.code == "unreadable_attachment"]


def test_an_unknown_charset_is_read_leniently() -> None:
    raw = (b"From: a@maplevalley.k12.example\r\nTo: b@gmail.example\r\nSubject: x\r\n"
           b"Content-Type: text/plain; charset=x-no-such-charset\r\n\r\nHello there\r\n")
    message = inbound_message(raw, "a@maplevalley.k12.example", ["b@gmail.example"], caller=SMTP_CALLER)
    assert message.body_text.strip() == "Hello there"


FAMILIES = ", ".join(f'"Family {i}, Rivera" <parent{i}.family@gmail.example>' for i in range(118))
ADDRESS_HEADERS = [  # raw To lines: each read as the email package's structured parse reads it
    "Jordan Rivera <jordan.rivera@gmail.example>",
    "jordan.rivera@gmail.example",
    '"Rivera, Jordan" <jordan.rivera@gmail.example>, Sam Lee <sam.lee@gmail.example>',
    "=?utf-8?q?Mar=C3=ADa_L=C3=B3pez?= <maria.lopez@gmail.example>",
    "=?utf-8?b?TcO8bGxlciwgSsO8cmdlbg==?= <juergen@gmail.example>",  # an encoded comma in the name
    "=?iso-8859-1?q?Jos=E9?= <jose@gmail.example>, =?unknown-8bit?q?x?= <x@gmail.example>",
    "Families <families@maplevalley.k12.example>,\r\n\tcoach@gmail.example,\r\n Nurse Kim <nurse@x.example>",
    "Undisclosed recipients:;",
    "PTA Board: a@gmail.example, b@gmail.example;, c@gmail.example",
    "a@gmail.example (Alex at home), <b@gmail.example>",
    "<parent@gmail.example>",
    "not an address, also not",
    "",
    FAMILIES,
]


@pytest.mark.parametrize("to", ADDRESS_HEADERS)
def test_address_headers_are_read_as_the_structured_parse_reads_them(to: str) -> None:
    """The recipients of a To line, read from its raw text, are those the email package's structured
    parse gives (names decoded), header folding and groups included."""
    from email.utils import getaddresses

    from backend.eml import parse, recipients

    raw = f"From: cdelacroix@{DISTRICT}\r\nTo: {to}\r\nSubject: x\r\n\r\nHello\r\n".encode()
    msg = parse(raw)
    structured = tuple((name.strip(), addr.strip()) for name, addr in getaddresses(
        [str(v) for v in msg.get_all("To", [])]) if "@" in addr)
    got = tuple((r.name, r.email) for r in recipients(msg, "To", "to"))
    assert got == structured
    assert len(got) == (118 if to == FAMILIES else len(got))
