"""The roster's tables (migration 0002): keyed hashes and counts, never a name, ID or address.

Every row belongs to a generation (one import). An import writes a new generation while the active
one keeps serving, then moves the one-row `roster_active` pointer to it in one transaction and
deletes the old rows. `student` is a number within its generation (1, 2, ...), not an ID: it ties a
student's hashes to their guardians' address hashes and means nothing outside the generation.
"""

from __future__ import annotations

from sqlalchemy import Column, DateTime, ForeignKey, Index, Integer, MetaData, String, Table

metadata = MetaData()

DIGEST = 32  # hex of a 16-byte HMAC

roster_generations = Table(
    "roster_generations",
    metadata,
    Column("generation", Integer, primary_key=True, autoincrement=True),
    Column("imported_at", DateTime(), nullable=False),
    Column("source", String(16), nullable=False),  # "oneroster" or "sis"
    Column("state", String(8), nullable=False),  # "staging" until it becomes active
    Column("students", Integer, nullable=False),
    Column("guardians", Integer, nullable=False),
    Column("links", Integer, nullable=False),
    Column("staff", Integer, nullable=False),
    Column("skipped", Integer, nullable=False),
)

roster_active = Table(
    "roster_active",
    metadata,
    Column("id", Integer, primary_key=True),  # always 1
    Column("generation", Integer, nullable=True),
    Column("changed_at", DateTime(), nullable=False),
)

roster_keys = Table(
    "roster_keys",
    metadata,
    Column("generation", Integer, ForeignKey("roster_generations.generation", ondelete="CASCADE"),
           primary_key=True),
    Column("kind", String(8), primary_key=True),  # "id", "name", "email" (the student's own), "staff"
    Column("digest", String(DIGEST), primary_key=True),
    Column("student", Integer, primary_key=True),  # 0 for staff
    Index("ix_roster_keys_generation", "generation"),
)

roster_links = Table(
    "roster_links",
    metadata,
    Column("generation", Integer, ForeignKey("roster_generations.generation", ondelete="CASCADE"),
           primary_key=True),
    Column("student", Integer, primary_key=True),
    Column("guardian", String(DIGEST), primary_key=True),  # HMAC of the guardian's address
    Index("ix_roster_links_generation", "generation"),
)
