"""The gateway's plain-address reader gives exactly what aiosmtpd's own parser gives, or steps aside.

Each row is an SMTP command argument (after `TO:` / `FROM:`) and whether it is plain. A plain one must
read the same as aiosmtpd reads it; any other goes to aiosmtpd's parser unchanged.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from aiosmtpd.smtp import SMTP

from backend.gateway.addresses import is_plain, plain

PLAIN_ROWS = [
    "<parent@gmail.com>",
    "<kpatel@maplevalley.k12.example>",
    "<first.last+tag@mail.example.org>",
    "<a_b-c@x-y.example>",
    "<o'brien@example.com>",
    "<AllStudents@maplevalley.k12.example> NOTIFY=NEVER",
    "<sis-notify@maplevalley.k12.example> SIZE=4096 BODY=8BITMIME",
    " <leading.space@example.com>",
    "<x@localhost>",
    "<{weird}|~!#$%&*=?^`@example.com>",
]
NOT_PLAIN_ROWS = [
    '<"quoted local"@example.com>',
    "<@relay.example:user@example.com>",  # a source route
    "<user@[192.0.2.1]>",  # an address literal
    "<dot.@example.com>",
    "<.dot@example.com>",
    "<two..dots@example.com>",
    "<user@-bad.example>",
    "<user@example..com>",
    "<usér@example.com>",  # SMTPUTF8
    "<user@exämple.com>",
    "user@example.com",  # no angle brackets
    "<user(comment)@example.com>",
    "<user@example.com",
    "<>",
    "<user@example.com>(comment)",
    "<user@example.com> (comment) SIZE=1",
    "<user@example.com>SIZE=1",
]


def aiosmtpd_reads(arg: str) -> tuple[str | None, str | None]:
    # aiosmtpd's own method on a stand-in for the server: a real SMTP() would open an event loop here.
    server = SimpleNamespace(local_part_limit=0)
    return SMTP._getaddr(server, arg)  # type: ignore[arg-type]


def test_the_table_is_balanced() -> None:
    assert len(NOT_PLAIN_ROWS) >= len(PLAIN_ROWS)


@pytest.mark.parametrize("arg", PLAIN_ROWS)
def test_a_plain_address_reads_as_aiosmtpd_reads_it(arg: str) -> None:
    found = plain(arg)
    assert found is not None and found == aiosmtpd_reads(arg)
    assert is_plain(found[0])


@pytest.mark.parametrize("arg", NOT_PLAIN_ROWS)
def test_anything_else_is_left_to_aiosmtpd(arg: str) -> None:
    assert plain(arg) is None


@pytest.mark.parametrize(("address", "expected"), [
    ("parent@gmail.com", True), ("first.last+tag@mail.example.org", True),
    ("usér@example.com", False), ('"quoted"@example.com', False), ("a@b>\r\nRCPT TO:<c@d", False),
    ("a b@example.com", False), ("", False),
])
def test_only_plain_addresses_skip_the_next_hop_clients_parser(address: str, expected: bool) -> None:
    assert is_plain(address) is expected
