"""A check record in plain words: each finding's sentence, as the sender read it, from the record alone.

The record holds a finding's code, severity and counts and the check's data kinds, not the file's
name or the list's address, so the words are `backend.messages`' own with "this file" where the
sender saw its name.
"""

from __future__ import annotations

from dataclasses import dataclass

from backend.admin.queries import Record
from backend.datakinds import ordered
from backend.messages import TITLES, WORDS, words_for
from backend.models import Finding


@dataclass(frozen=True)
class FindingWords:
    code: str
    severity: str
    title: str
    summary: str
    people: int
    recipients: int


def check_words(record: Record) -> list[FindingWords]:
    kinds = ordered(tuple(str(d["kind"]) for d in record.data))
    out = []
    for f in record.findings:
        code, severity = str(f["code"]), str(f["severity"])
        summary = ""
        if code in WORDS and severity in ("info", "warn", "block"):
            finding = Finding(code=code, severity=severity, people=int(f["people"]),  # type: ignore[arg-type]
                              recipients=int(f["recipients"]), data=kinds)
            text = words_for(finding).summary
            summary = text[:1].upper() + text[1:]
        out.append(FindingWords(code, severity, TITLES.get(code, code), summary, int(f["people"]),
                                int(f["recipients"])))
    return out
