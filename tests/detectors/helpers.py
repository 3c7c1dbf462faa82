"""Build detector contexts from evidence directly, so message detectors are tested without readers."""

from __future__ import annotations

from backend.audience import Audience
from backend.detectors.base import Context, Evidence
from backend.models import Document, Enrichment, OutgoingMessage, Person, Recipient
from backend.policy import Policy, load_demo_policy

POLICY = load_demo_policy()
STAFF = "maplevalley.k12.example"
SENDER = Person(f"kpatel@{STAFF}", "Kiran Patel")


def parents(count: int, field: str = "bcc") -> tuple[Recipient, ...]:
    return tuple(Recipient(f"family{i}@gmail.com", field=field) for i in range(count))  # type: ignore[arg-type]


def roster(people: int, *kinds: str, source: str = "roster.xlsx", kind: str = "attachment") -> Evidence:
    return Evidence(source=source, source_kind=kind, people=people, data=frozenset(kinds),  # type: ignore[arg-type]
                    subjects="students", columns=("Student_Number",))


def context(
    recipients: tuple[Recipient, ...],
    evidence: tuple[Evidence, ...] = (),
    *,
    app: str = "outlook",
    sender: Person = SENDER,
    documents: tuple[Document, ...] = (),
    links: tuple[str, ...] = (),
    enrichment: Enrichment | None = None,
    policy: Policy = POLICY,
) -> Context:
    message = OutgoingMessage(
        sender=sender,
        to=tuple(r for r in recipients if r.field == "to"),
        cc=tuple(r for r in recipients if r.field == "cc"),
        bcc=tuple(r for r in recipients if r.field == "bcc"),
        client_app=app,  # type: ignore[arg-type]
        links=links,
    )
    enrichment = enrichment or Enrichment()
    audience = Audience.of(message, enrichment, policy)
    return Context(message, documents, evidence, enrichment, audience, policy, links)
