"""The roster's words: the wrong family named by address, other families' children counted."""

from __future__ import annotations

import pytest

from backend.messages import MAX_MESSAGE, words_for
from backend.models import Finding


def test_other_family_names_the_address_and_the_fix() -> None:
    f = Finding("other_family", "warn", people=1, data=("grades",), attachment="Maya progress.pdf",
                recipients=1, params={"recipient": "wei.chen@gmail.com", "others": 0})
    w = words_for(f)
    assert w.message.startswith("This document is about one student, and wei.chen@gmail.com is listed as the "
                                "guardian of a different student.")
    assert w.fix == "Check the address before sending" and len(w.message) <= MAX_MESSAGE


def test_unlisted_recipient_is_gentle() -> None:
    f = Finding("unlisted_recipient", "warn", people=1, data=("grades",), recipients=2,
                params={"recipient": "new@gmail.com", "others": 1})
    w = words_for(f)
    assert "Your message is about one student, and new@gmail.com (and 1 more address) is not listed" in w.message


@pytest.mark.parametrize(("people", "others", "said"), [
    (300, 299, "299 of them are other families' children."),
    (2, 1, "1 of them is another family's child."),
    (300, 300, "None of them are the recipients' own children."),
    (300, 0, ""),
])
def test_the_whole_file_counts_other_families_children(people: int, others: int, said: str) -> None:
    f = Finding("roster_attached", "block", people=people, data=("health",), attachment="health.csv",
                recipients=1, params={"other_children": others})
    message = words_for(f).message
    assert (said in message) if said else ("of them" not in message)
