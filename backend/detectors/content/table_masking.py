"""Masked samples: enough for a sender to recognise the file ("A*** L***", "***-**-1234"), not
enough to learn anything about a person. Only masked text leaves the table analyser."""

from __future__ import annotations

import re
from typing import Final

from backend.detectors.content.columns import Role

_WORD: Final = re.compile(r"[^\W_]+")


def mask_words(text: str) -> str:
    """Each word keeps its first character: "Lopez, Ana" -> "L***, A***"."""
    return _WORD.sub(lambda m: m.group(0)[0] + "***", text)


def mask_digits(text: str, keep: int) -> str:
    """Every digit but the last `keep` becomes '*'; separators stay: "***-**-1234"."""
    total = sum(ch.isdigit() for ch in text)
    seen = 0
    out: list[str] = []
    for ch in text:
        if ch.isdigit():
            seen += 1
            out.append(ch if seen > total - keep else "*")
        elif ch.isalpha():
            out.append("*")
        else:
            out.append(ch)
    return "".join(out)


def mask_email(text: str) -> str:
    local, _, domain = text.partition("@")
    return f"{local[:1]}***@{domain}"


def mask(role: Role, text: str) -> str:
    """A masked sample of one value of a column with this role."""
    if role in ("ssn", "phone"):
        return mask_digits(text, 4)
    if role in ("student_id", "person_id", "generic_id"):
        return mask_digits(text, 2)
    if role in ("birth_date", "date"):
        return mask_digits(text, 0)
    if role == "email":
        return mask_email(text)
    return mask_words(text)
