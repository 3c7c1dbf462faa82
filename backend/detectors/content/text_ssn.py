"""US Social Security numbers in text.

The dashed form (123-45-6789) is distinctive enough alone; nine digits with spaces, dots or nothing
between them are everywhere (zip+4, phone and order numbers), so they count only next to a word
that names an SSN. Every candidate must be in a range the SSA issues, and not a published fake.
"""

from __future__ import annotations

import re
from typing import Final

from backend.detectors.content.keys import person_key
from backend.detectors.content.text_base import Check, Hit, Pattern, context_word, words_regex

RECOGNIZER: Final = "text_ssn"
KIND: Final = "ssn"

# Declared one per form; scanned as one regex (SCAN) and told apart by the separator.
PATTERNS: Final = {
    "-": Pattern("ssn_dashed", re.compile(r"(\d{3})-(\d{2})-(\d{4})"), needs_context=False),
    " ": Pattern("ssn_spaced", re.compile(r"(\d{3}) (\d{2}) (\d{4})")),
    ".": Pattern("ssn_dotted", re.compile(r"(\d{3})\.(\d{2})\.(\d{4})")),
    "": Pattern("ssn_plain", re.compile(r"(\d{3})(\d{2})(\d{4})")),
}
SCAN: Final = re.compile(r"(\d{3})([ .-]?)(\d{2})\2(\d{4})(?![\d-]|\.\d)")
CONTEXT: Final = ("ssn", "ssn#", "ss#", "ss #", "ss no", "social security", "soc sec", "social sec", "ssa")
# Words that say a number is something else: an order, a phone, an account.
OTHER_NUMBERS: Final = (
    "order",
    "invoice",
    "confirmation",
    "tracking",
    "account",
    "acct",
    "case",
    "ticket",
    "ref",
    "reference",
    "po",
    "serial",
    "part",
    "model",
    "item",
    "isbn",
    "phone",
    "tel",
    "fax",
    "cell",
    "routing",
    "member",
    "policy",
    "claim",
    "receipt",
    "transaction",
    "zip",
)
KNOWN_FAKES: Final = frozenset({"123456789", "078051120", "219099999", "111111111", "333333333", "987654321"})

BEFORE: Final = 40  # characters searched for a context word before the number
AFTER: Final = 20

_CONTEXT: Final = words_regex(CONTEXT)
_OTHER: Final = words_regex(OTHER_NUMBERS)


def validate(area: str, group: str, serial: str) -> Check:
    """The SSA's rules for numbers it issues, and the fakes printed in ads and wallets."""
    if area == "000" or area == "666":
        return Check(False, "area 000 and 666 are never issued")
    if area[0] == "9":
        return Check(False, "areas 900-999 are never issued as SSNs")
    if group == "00":
        return Check(False, "group 00 is never issued")
    if serial == "0000":
        return Check(False, "serial 0000 is never issued")
    if area + group + serial in KNOWN_FAKES:
        return Check(False, "a published sample or placeholder number")
    return Check(True, "in issued ranges")


def is_other_number(text: str, start: int) -> bool:
    """'Order #412-55-1234', 'phone 412 55 1234': a word before says the number is not an SSN."""
    return _OTHER.search(text, max(0, start - 24), start) is not None


def is_inside_longer_number(text: str, start: int) -> bool:
    """'1-412-58-3390', '9412583390': part of a longer run of digits is not an SSN."""
    return start > 0 and (
        text[start - 1].isdigit() or (text[start - 1] in "-." and text[start - 2 : start - 1].isdigit())
    )


def recognize(text: str) -> list[Hit]:
    hits: list[Hit] = []
    for m in SCAN.finditer(text):
        if is_inside_longer_number(text, m.start()):
            continue
        area, separator, group, serial = m.groups()
        pattern = PATTERNS[separator]
        context = context_word(_CONTEXT, text, m.start() - BEFORE, m.start())
        context = context or context_word(_CONTEXT, text, m.end(), m.end() + AFTER)
        if context is None and (pattern.needs_context or is_other_number(text, m.start())):
            continue
        if not validate(area, group, serial).ok:
            continue
        why = f"context '{context}'" if context else "dashed form"
        hits.append(
            Hit(
                recognizer=RECOGNIZER,
                kind=KIND,
                start=m.start(),
                end=m.end(),
                reason=f"{RECOGNIZER}: pattern {pattern.name}, {why}, in issued ranges",
                sample=f"***-**-{serial}",
                identity=person_key(f"ssn:{area}{group}{serial}"),
            )
        )
    return hits
