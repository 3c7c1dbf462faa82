"""The kinds of student data Crossing Guard knows, with the words a teacher reads.

These names are a public contract: they appear in findings, in `exposure.data` and as policy keys.
"""

from __future__ import annotations

from typing import Final

DATA_KINDS: Final[dict[str, str]] = {
    "health": "medical information",
    "special_education": "504 plans and special education",
    "ssn": "Social Security numbers",
    "lunch": "free or reduced lunch status",
    "discipline": "discipline records",
    "demographics": "family circumstances (such as homeless, foster or English-learner status)",
    "address": "home addresses",
    "transport": "bus stops",
    "student_id": "student ID numbers",
    "birth_date": "dates of birth",
    "contact": "contact details",
    "grades": "grades and test scores",
    "fees": "fee and payment status",
    "names": "names",
}

# Most to least sensitive: the order in which words name them.
ORDER: Final[tuple[str, ...]] = tuple(DATA_KINDS)


def label(kind: str) -> str:
    return DATA_KINDS.get(kind, kind.replace("_", " "))


def ordered(kinds: set[str] | frozenset[str] | tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Kinds in order of sensitivity, unknown ones last, each once."""
    known = [k for k in ORDER if k in kinds]
    return tuple(known + sorted(set(kinds) - set(known)))
