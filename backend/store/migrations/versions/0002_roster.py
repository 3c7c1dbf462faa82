"""The roster: keyed hashes of students, IDs and guardian addresses, by generation.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

DIGEST = 32


def _generation() -> sa.Column[int]:
    return sa.Column(
        "generation", sa.Integer, sa.ForeignKey("roster_generations.generation", ondelete="CASCADE"),
        primary_key=True,
    )


def upgrade() -> None:
    op.create_table(
        "roster_generations",
        sa.Column("generation", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("state", sa.String(8), nullable=False),
        sa.Column("students", sa.Integer, nullable=False),
        sa.Column("guardians", sa.Integer, nullable=False),
        sa.Column("links", sa.Integer, nullable=False),
        sa.Column("staff", sa.Integer, nullable=False),
        sa.Column("skipped", sa.Integer, nullable=False),
    )
    op.create_table(
        "roster_active",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("generation", sa.Integer, nullable=True),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "roster_keys",
        _generation(),
        sa.Column("kind", sa.String(8), primary_key=True),
        sa.Column("digest", sa.String(DIGEST), primary_key=True),
        sa.Column("student", sa.Integer, primary_key=True),
    )
    op.create_index("ix_roster_keys_generation", "roster_keys", ["generation"])
    op.create_table(
        "roster_links",
        _generation(),
        sa.Column("student", sa.Integer, primary_key=True),
        sa.Column("guardian", sa.String(DIGEST), primary_key=True),
    )
    op.create_index("ix_roster_links_generation", "roster_links", ["generation"])


def downgrade() -> None:
    op.drop_table("roster_links")
    op.drop_table("roster_keys")
    op.drop_table("roster_active")
    op.drop_table("roster_generations")
