"""The store's tables, as SQLAlchemy Core: metadata only, never content.

A check record keeps who sent it, to which addresses (with each address's class), what was found
(codes, severities, counts of students per data kind), the verdict and what happened next. There is
no column for a subject, a body, a file name, a cell value or anyone's name, and none may be added:
`tests/store/test_canaries.py` dumps the database and looks for them.

Times are UTC without a zone, the same on SQLite and PostgreSQL. Migrations (`migrations/versions`)
create these tables; this module is what queries use, and a test keeps the two in step.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

ADDRESS = 320  # RFC 5321: 64 + 1 + 255

checks = Table(
    "checks",
    metadata,
    Column("check_id", String(64), primary_key=True),
    Column("at", DateTime(), nullable=False),
    Column("client", String(16), nullable=False),
    Column("caller_kind", String(16), nullable=False),
    Column("caller", String(160), nullable=False),  # an opaque id: "key:1a2b3c4d", a token subject
    Column("sender", String(ADDRESS), nullable=False),
    Column("sender_domain", String(255), nullable=False),
    Column("verdict", String(8), nullable=False),
    Column("people", Integer, nullable=False),
    Column("recipients", Integer, nullable=False),
    Column("not_entitled", Integer, nullable=False),
    Column("repeat", Boolean, nullable=False),  # student records to people not entitled to them
    Column("breaker_key", String(ADDRESS), nullable=True),
    Column("escalated", Boolean, nullable=False),
    Column("ms", Float, nullable=False),
    Column("outcome", String(16), nullable=True),
    Column("outcome_at", DateTime(), nullable=True),
    Index("ix_checks_at", "at"),
    Index("ix_checks_sender_at", "sender", "at"),
    Index("ix_checks_verdict_at", "verdict", "at"),
)

check_recipients = Table(
    "check_recipients",
    metadata,
    Column("check_id", String(64), ForeignKey("checks.check_id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("address", String(ADDRESS), nullable=False),
    Column("field", String(3), nullable=False),  # to, cc, bcc
    Column("cls", String(8), nullable=False),  # staff, student, partner, outside, list
    Column("domain_cls", String(8), nullable=False),  # the address's domain: staff, student, partner, outside
    Column("list_size", Integer, nullable=True),  # people a list reaches (resolved or assumed)
    Column("entitled", Boolean, nullable=False),  # may see every kind of data this check found
)

check_findings = Table(
    "check_findings",
    metadata,
    Column("check_id", String(64), ForeignKey("checks.check_id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("code", String(48), nullable=False),
    Column("severity", String(8), nullable=False),
    Column("people", Integer, nullable=False),
    Column("recipients", Integer, nullable=False),
    Index("ix_check_findings_code", "code"),
)

check_data = Table(
    "check_data",
    metadata,
    Column("check_id", String(64), ForeignKey("checks.check_id", ondelete="CASCADE"), primary_key=True),
    Column("kind", String(32), primary_key=True),
    Column("students", Integer, nullable=False),
)

alerts = Table(
    "alerts",
    metadata,
    # One row per (kind, subject): raising an alert is a conditional upsert on this key, so two
    # instances that both see the threshold reached raise it once.
    Column("kind", String(16), primary_key=True),  # "repeat" or "breaker"
    Column("subject", String(ADDRESS), primary_key=True),  # a sender address or a breaker key
    Column("raised_at", DateTime(), nullable=False),
    Column("window_ends", DateTime(), nullable=False),
    Column("count", Integer, nullable=False),
    Column("check_ids", Text, nullable=False),  # JSON list
    Column("delivered_at", DateTime(), nullable=True),
    Column("attempts", Integer, nullable=False),
)

breaker_hits = Table(
    "breaker_hits",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key", String(ADDRESS), nullable=False),
    Column("at", DateTime(), nullable=False),
    Column("check_id", String(64), nullable=False),
    Index("ix_breaker_hits_key_at", "key", "at"),
    # A hit is counted once, whether written on the verdict's path or replayed by the writer.
    Index("ux_breaker_hits_key_check", "key", "check_id", unique=True),
)

breakers = Table(
    "breakers",
    metadata,
    Column("key", String(ADDRESS), primary_key=True),
    Column("tripped_at", DateTime(), nullable=False),
    Column("until", DateTime(), nullable=False),
    Column("count", Integer, nullable=False),
    Column("reset_at", DateTime(), nullable=True),
    Column("reset_by", String(ADDRESS), nullable=True),
)
