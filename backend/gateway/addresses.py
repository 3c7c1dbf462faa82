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
