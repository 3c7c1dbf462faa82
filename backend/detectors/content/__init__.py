"""Content analysers: one extracted Document -> Evidence of whose records it holds, and what kinds.

`analyze` runs the table analyser over every table and the text analyser over the text, and merges
their evidence. The same student found in a table and in the text is counted once (by key).
"""

from __future__ import annotations

from backend.datakinds import ordered
from backend.detectors.base import Evidence, Subjects
from backend.detectors.content.tables import analyze_table
from backend.detectors.content.text import analyze_text
from backend.models import Document
from backend.policy import Policy

_SUBJECT_RANK: dict[Subjects, int] = {"none": 0, "staff": 1, "families": 2, "students": 3}


def analyze(document: Document, policy: Policy) -> Evidence:
    parts = [analyze_table(table, policy) for table in document.tables]
    if document.text:
        parts.append(analyze_text(document.text, policy))
    return merge(document, parts)


def merge(document: Document, parts: list[Evidence]) -> Evidence:
    keys: frozenset[str] = frozenset().union(*(p.person_keys for p in parts)) if parts else frozenset()
    # Parts that could not key their people (counted only) add to the keyed count.
    unkeyed = sum(p.people for p in parts if not p.person_keys)
    people = len(keys) + unkeyed
    data: set[str] = set()
    for p in parts:
        data |= p.data
    subjects: Subjects = max((p.subjects for p in parts), key=_SUBJECT_RANK.__getitem__, default="none")
    columns = tuple(dict.fromkeys(c for p in parts for c in p.columns))
    samples = tuple(dict.fromkeys(s for p in parts for s in p.samples))[:3]
    return Evidence(
        source=document.name,
        source_kind=document.source,
        people=people,
        person_keys=keys,
        data=frozenset(ordered(data)),
        columns=columns,
        samples=samples,
        subjects=subjects,
        rows=sum(p.rows for p in parts),
        url=document.url,
        reasons=tuple(r for p in parts for r in p.reasons),
    )
