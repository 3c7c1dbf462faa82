"""The plain address of an SMTP command, read without the general parser.

Almost every MAIL FROM and RCPT TO a gateway sees is `<dot-atom@domain>`. aiosmtpd parses each with
the email package's RFC 5322 header parser and aiosmtplib parses it again before passing it on:
about half of the gateway's CPU for a message to hundreds of families. An address that is exactly a
dot-atom local part and a dot-separated domain in angle brackets reads the same either way, so it is
read here with one regular expression; anything else (quoted local parts, comments, source routes,
address literals, non-ASCII) goes to the libraries' parsers as before.
"""

from __future__ import annotations

import re
from typing import Final

_ATOM: Final = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL: Final = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
ADDRESS: Final = re.compile(rf"{_ATOM}(?:\.{_ATOM})*@{_LABEL}(?:\.{_LABEL})*")
PLAIN: Final = re.compile(rf"[ \t]*<({ADDRESS.pattern})>(.*)", re.DOTALL)


def plain(arg: str) -> tuple[str, str] | None:
    """(address, rest of the command) for `<local@domain> PARAMS`, or None for anything less plain."""
    match = PLAIN.fullmatch(arg)
    if match is None:
        return None
    rest = match.group(2)
    if rest and rest[0] not in " \t":
        return None  # `<a@b>x`: the general parser decides
    rest = rest.lstrip(" \t")  # the space after `>` belongs to the address, as aiosmtpd reads it
    return None if rest.startswith("(") else (match.group(1), rest)


def is_plain(address: str) -> bool:
    """An address the next hop can be given as `<address>` without quoting or checking it again."""
    return ADDRESS.fullmatch(address) is not None


_GROUPED_RCPT: Final = re.compile(rb"(?i:RCPT TO:)[ \t]*<(" + ADDRESS.pattern.encode() + rb")>[ \t]*\r?\n")


def grouped_rcpts(buffer: bytes | bytearray, limit: int, longest: int, local_part_limit: int
                  ) -> tuple[list[str], int]:
    """The addresses of the RCPT commands at the start of `buffer` (commands a client pipelined, read
    but not yet taken), up to `limit`, and the bytes they take: only complete lines aiosmtpd would
    read as exactly that plain address with no parameters, no longer than `longest`; the first other
    line ends the group."""
    found: list[str] = []
    position = 0
    while len(found) < limit:
        match = _GROUPED_RCPT.match(buffer, position)
        if match is None or len(match.group(0).rstrip(b"\r\n")) > longest:
            break
        address = match.group(1).decode("ascii")
        if local_part_limit and len(address.rpartition("@")[0]) > local_part_limit:
            break
        found.append(address)
        position = match.end()
    return found, position
