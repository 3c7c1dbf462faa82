"""What detectors receive and give.

Two stages, both pure:

1. Content analysers (`detectors.content`) turn one extracted `Document` into `Evidence`: how many
   distinct people its records describe, which kinds of data they carry, and which headings
   showed it. They know nothing of recipients.
2. Message detectors (`detectors.REGISTRY`) weigh evidence against the audience and produce
   `Finding`s. They do no I/O; lookups were made before, in `Enrichment`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from backend.audience import Audience
from backend.models import Document, Enrichment, Finding, OutgoingMessage, SourceKind
from backend.policy import Policy

if TYPE_CHECKING:
    from backend.roster.view import RosterView

Subjects = Literal["students", "families", "staff", "none"]


@dataclass(frozen=True)
class Evidence:
    """What one document exposes. `person_keys` are salted hashes, kept in memory only, so the same
    student in two attachments is counted once."""

    source: str
    source_kind: SourceKind
    people: int = 0
    person_keys: frozenset[str] = frozenset()
    key_aliases: frozenset[tuple[str, str]] = frozenset()  # (ID key, name key) pairs: see `distinct_people`
    data: frozenset[str] = frozenset()
    columns: tuple[str, ...] = ()
    samples: tuple[str, ...] = ()
    subjects: Subjects = "none"
    rows: int = 0
    url: str | None = None
    reasons: tuple[str, ...] = field(default=(), compare=False)  # why, for --explain and tests
    roster_hits: frozenset[bytes] = frozenset()  # keyed hashes of roster IDs and names found (`backend.roster`)


@dataclass(frozen=True)
class Context:
    message: OutgoingMessage
    documents: tuple[Document, ...]
    evidence: tuple[Evidence, ...]
    enrichment: Enrichment
    audience: Audience
    policy: Policy
    message_links: tuple[str, ...] = ()
    roster: RosterView | None = None  # the district roster, when one is imported and keyed


Detector = Callable[[Context], Iterable[Finding]]


def canonical_keys(everything: Iterable[Evidence], keys: Iterable[str]) -> frozenset[str]:
    """`keys` with each ID key replaced by the name key that any of `everything` aliases it to, so a
    finding's people are counted once across the files of a bundle (see `distinct_people`)."""
    alias = {k: v for ev in everything for k, v in ev.key_aliases}
    return frozenset(alias.get(k, k) for k in keys)


def distinct_people(evidence: Iterable[Evidence]) -> frozenset[str]:
    """The distinct person keys of several pieces of evidence.

    A student is keyed by name where a table names them and by ID where it does not: a roster
    bundle's users.csv (names and IDs) and demographics.csv (IDs only) hold the same students, and
    the aliases a named table records (ID key -> name key) make them count once.
    """
    pieces = list(evidence)
    alias = {k: v for ev in pieces for k, v in ev.key_aliases}
    return frozenset(alias.get(k, k) for ev in pieces for k in ev.person_keys)
