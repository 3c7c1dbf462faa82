"""Every finding code has plain words that fit Outlook's 500 characters and name the fix."""

from __future__ import annotations

import re

import pytest

from backend.datakinds import DATA_KINDS
from backend.detectors import FINDING_CODES
from backend.messages import WORDS, fit, words_for
from backend.models import Finding

JARGON = re.compile(r"\b(PII|DLP|policy violation|FERPA|sensitive data|exfiltrat\w*)\b", re.IGNORECASE)


def extreme(code: str) -> Finding:
    return Finding(
        code=code, severity="block", people=1_180_000, data=tuple(DATA_KINDS), attachment="x" * 250 + ".xlsx",
        recipients=1_180_000, columns=("Student_Number",), samples=("A*** L***",),
        params={"address": "k***@gmail.com", "list": "AllStudents@maplevalley.k12.example", "resolved": 1,
                "scope": "anyone", "service": "google", "file_type": "spreadsheet", "reason": "encrypted",
                "what": "link"},
    )


def test_every_code_has_words() -> None:
    assert set(WORDS) == set(FINDING_CODES)


@pytest.mark.parametrize("code", FINDING_CODES)
def test_words_fit_and_are_plain(code: str) -> None:
    w = words_for(extreme(code))
    assert 0 < len(w.message) <= 500
    assert w.headline and w.fix and w.summary
    assert not JARGON.search(w.message + w.headline + w.fix)


def test_incident_wording() -> None:
    f = Finding("roster_attached", "block", people=18_000, data=("address", "transport", "names"),
                attachment="bus routes 2026.xlsx", recipients=18_000)
    w = words_for(f)
    assert "18,000 students' home addresses and bus stops" in w.message
    assert "Each family should only get their own child's information." in w.message
    assert "bus routes 2026.xlsx" in w.message


def test_fit_cuts_at_a_word() -> None:
    text = "word " * 200
    cut = fit(text)
    assert len(cut) <= 500 and cut.endswith("…") and not cut.endswith(" …")
