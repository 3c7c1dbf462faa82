"""Content analysers: one extracted Document -> Evidence of whose records it holds, and what kinds.

`analyze` runs the table analyser over every table and the text analyser over the text, and merges
their evidence. The same student found in a table and in the text is counted once (by key).
"""

from __future__ import annotations

from dataclasses import replace

from backend.datakinds import ordered
from backend.detectors.base import Evidence, Subjects, distinct_people
from backend.detectors.content.tables import analyze_table
from backend.detectors.content.text import analyze_text
from backend.models import Document
from backend.policy import Policy
from backend.roster import matching

_SUBJECT_RANK: dict[Subjects, int] = {"none": 0, "staff": 1, "families": 2, "students": 3}


def analyze(document: Document, policy: Policy) -> Evidence:
    parts = [analyze_table(table, policy) for table in document.tables]
    if document.text:
        parts.append(analyze_text(document.text, policy))
    evidence = merge(document, parts)
    hits = matching.hits(document, names=policy.roster.names_in_text)  # empty when no roster is loaded
    return replace(evidence, roster_hits=hits) if hits else evidence


def merge(document: Document, parts: list[Evidence]) -> Evidence:
    """One Evidence for the document, about its main subject: students before families before staff.

    People are counted only from the parts about that subject (a staff list beside a roster adds no
    students); data kinds also come from parts that name nobody, such as a health table beside the
    table that names the student."""
    subjects: Subjects = max((p.subjects for p in parts), key=_SUBJECT_RANK.__getitem__, default="none")
    about = [p for p in parts if p.subjects == subjects]
    keys = distinct_people(about)
    unkeyed = sum(p.people for p in about if not p.person_keys)  # parts that counted but could not key
    data: set[str] = set()
    for p in parts:
        if p.subjects in (subjects, "none"):
            data |= p.data
    columns = tuple(dict.fromkeys(c for p in parts for c in p.columns))
    samples = tuple(dict.fromkeys(s for p in about for s in p.samples))[:3]
    return Evidence(
        source=document.name,
        source_kind=document.source,
        people=len(keys) + unkeyed,
        person_keys=keys,
        key_aliases=frozenset().union(*(p.key_aliases for p in about)),
        data=frozenset(ordered(data)),
        columns=columns,
        samples=samples,
        subjects=subjects,
        rows=sum(p.rows for p in parts),
        url=document.url,
        reasons=tuple(r for p in parts for r in p.reasons),
    )
