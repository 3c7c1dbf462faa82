"""SMTP replies a person may read in a bounce: ASCII, folded to short lines, one code on every line.

RFC 5321 allows reply lines of 512 octets and asks that every line of a multi-line reply carry the
same code (`550-5.7.1 ...` then `550 5.7.1 ...`). Replies are ASCII unless SMTPUTF8 was negotiated,
so typographic quotes and dashes become their plain forms and anything else non-ASCII is dropped.
"""

from __future__ import annotations

import re
import textwrap
import unicodedata

WIDTH = 72  # text per line: well inside 512 octets, and readable as a bounce
_PLAIN = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-",
                        "\u2026": "...", "\u00a0": " ", "\u2022": "-"})
_ENHANCED = re.compile(r"^([245])\.\d{1,3}\.\d{1,3}\s+")


def ascii_text(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text.translate(_PLAIN)).encode("ascii", "ignore").decode("ascii")
    return " ".join("".join(c if c.isprintable() else " " for c in plain).split())


def reply(code: int, enhanced: str, text: str) -> str:
    """A (possibly multi-line) reply as aiosmtpd pushes it: lines joined by CRLF, no final CRLF."""
    lines = textwrap.wrap(ascii_text(text), WIDTH, break_long_words=True, break_on_hyphens=False) or ["-"]
    last = len(lines) - 1
    return "\r\n".join(f"{code}{' ' if i == last else '-'}{enhanced} {line}" for i, line in enumerate(lines))


def passed_on(code: int, message: str, default_enhanced: str) -> str:
    """The next hop's reply, passed to the sender with its code and enhanced code."""
    text = ascii_text(message)
    found = _ENHANCED.match(text)
    enhanced = default_enhanced
    if found and found.group(1) == str(code)[0]:
        enhanced, text = found.group(0).strip(), text[found.end():]
    return reply(code, enhanced, text or "next hop")
