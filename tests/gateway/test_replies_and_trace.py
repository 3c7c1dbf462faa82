"""Bounce text fits SMTP; the trace header verifies only for the message, envelope and secret it was made for."""

from __future__ import annotations

import pytest

from backend.errors import PolicyError
from backend.gateway import trace
from backend.gateway.replies import ascii_text, passed_on, reply
from backend.messages import MAX_MESSAGE
from backend.policy.loader import parse_policy

SECRET = b"district-secret"
RAW = b"Message-ID: <m1@district.example>\r\nSubject: x\r\n\r\nBody line\r\n"
FROM, RCPTS = "teacher@district.example", ["a@gmail.example", "b@gmail.example"]


def test_a_long_refusal_folds_into_lines_with_one_code() -> None:
    text = "\u201cRoster.xlsx\u201d lists 2,900 students\u2019 medical information \u2014 remove it. " * 6
    lines = reply(550, "5.7.1", text[:MAX_MESSAGE]).split("\r\n")
    assert len(lines) > 1
    assert all(line.startswith("550-5.7.1 ") for line in lines[:-1]) and lines[-1].startswith("550 5.7.1 ")
    assert all(len(line) + 2 <= 512 and line.isascii() for line in lines)
    assert '"Roster.xlsx" lists 2,900 students\' medical information - remove it.' in " ".join(
        line[10:] for line in lines)


@pytest.mark.parametrize(("text", "plain"), [
    ("caf\u00e9 \u2013 r\u00e9sum\u00e9", "cafe - resume"),
    ("tab\tand\r\nnewline", "tab and newline"),
    ("\u4e2d\u6587 only", "only"),
])
def test_ascii_text(text: str, plain: str) -> None:
    assert ascii_text(text) == plain


def test_the_next_hops_reply_keeps_its_codes() -> None:
    assert passed_on(250, "2.0.0 Ok: queued as ABC", "2.0.0") == "250 2.0.0 Ok: queued as ABC"
    assert passed_on(550, "No such user", "5.1.0") == "550 5.1.0 No such user"
    assert passed_on(451, "2.0.0 confused", "4.0.0") == "451 4.0.0 2.0.0 confused"  # a class that disagrees


def test_trace_header_verifies_for_its_own_message_only() -> None:
    header = trace.header_line(SECRET, "allow", RAW, FROM, RCPTS, now=1_000_000)
    signed = header + RAW
    assert trace.verified(SECRET, signed, FROM, list(reversed(RCPTS)), now=1_000_100) == "allow"
    assert trace.verified(SECRET, b"Received: by mx\r\n" + signed, FROM, RCPTS, now=1_000_100) == "allow"
    assert trace.verified(b"other-secret", signed, FROM, RCPTS, now=1_000_100) is None
    assert trace.verified(SECRET, signed + b"more\r\n", FROM, RCPTS, now=1_000_100) is None
    assert trace.verified(SECRET, signed, FROM, [*RCPTS, "c@gmail.example"], now=1_000_100) is None
    assert trace.verified(SECRET, signed, "other@district.example", RCPTS, now=1_000_100) is None
    assert trace.verified(SECRET, signed.replace(b"<m1@", b"<m2@"), FROM, RCPTS, now=1_000_100) is None
    assert trace.verified(SECRET, signed, FROM, RCPTS, now=1_000_000 + trace.MAX_AGE + 1) is None
    assert trace.verified(SECRET, signed.replace(b"verdict=allow", b"verdict=block"), FROM, RCPTS,
                          now=1_000_100) is None


POLICY = '[district]\nname = "D"\ndomains = ["d.example"]\n[gateway]\n'


@pytest.mark.parametrize(("gateway", "key"), [
    ('accept_from = ["10.0.0.0/8", "not a range"]', "gateway.accept_from"),
    ('listen = "no-port"', "gateway.listen"),
    ('next_hop = "mx.example:99999"', "gateway.next_hop"),
    ('tls_cert = "c.pem"', "gateway.tls_key"),
    ("auth = true", "gateway.auth"),
    ('next_hop_client_cert = "c.pem"', "gateway.next_hop_client_key"),
    ('on_warn = "quarantine"', "gateway.on_warn"),
])
def test_bad_gateway_keys_stop_start_up_naming_the_key(gateway: str, key: str) -> None:
    with pytest.raises(PolicyError) as error:
        parse_policy(POLICY + gateway + "\n", "district.toml")
    assert key in str(error.value)


def test_the_default_gateway_is_loopback_only() -> None:
    gateway = parse_policy(POLICY).gateway
    assert gateway.accept_from == ("127.0.0.0/8", "::1/128") and not gateway.auth
    assert (gateway.on_warn, gateway.on_error) == ("deliver_and_notify", "tempfail")
