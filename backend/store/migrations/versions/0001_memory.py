"""District memory: check records, alerts and the automation breaker.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

ADDRESS = 320


def _check_fk() -> sa.Column[str]:
    return sa.Column(
        "check_id", sa.String(64), sa.ForeignKey("checks.check_id", ondelete="CASCADE"), primary_key=True
    )


def upgrade() -> None:
    op.create_table(
        "checks",
        sa.Column("check_id", sa.String(64), primary_key=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("client", sa.String(16), nullable=False),
        sa.Column("caller_kind", sa.String(16), nullable=False),
        sa.Column("caller", sa.String(160), nullable=False),
        sa.Column("sender", sa.String(ADDRESS), nullable=False),
        sa.Column("sender_domain", sa.String(255), nullable=False),
        sa.Column("verdict", sa.String(8), nullable=False),
        sa.Column("people", sa.Integer, nullable=False),
        sa.Column("recipients", sa.Integer, nullable=False),
        sa.Column("not_entitled", sa.Integer, nullable=False),
        sa.Column("repeat", sa.Boolean, nullable=False),
        sa.Column("breaker_key", sa.String(ADDRESS), nullable=True),
        sa.Column("escalated", sa.Boolean, nullable=False),
        sa.Column("ms", sa.Float, nullable=False),
        sa.Column("outcome", sa.String(16), nullable=True),
        sa.Column("outcome_at", sa.DateTime(), nullable=True),
    )
    op.create_index("ix_checks_at", "checks", ["at"])
    op.create_index("ix_checks_sender_at", "checks", ["sender", "at"])
    op.create_index("ix_checks_verdict_at", "checks", ["verdict", "at"])
    op.create_table(
        "check_recipients",
        _check_fk(),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("address", sa.String(ADDRESS), nullable=False),
        sa.Column("field", sa.String(3), nullable=False),
        sa.Column("cls", sa.String(8), nullable=False),
        sa.Column("domain_cls", sa.String(8), nullable=False),
        sa.Column("list_size", sa.Integer, nullable=True),
        sa.Column("entitled", sa.Boolean, nullable=False),
    )
    op.create_index("ix_check_recipients_address", "check_recipients", ["address"])
    op.create_table(
        "check_findings",
        _check_fk(),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("code", sa.String(48), nullable=False),
        sa.Column("severity", sa.String(8), nullable=False),
        sa.Column("people", sa.Integer, nullable=False),
        sa.Column("recipients", sa.Integer, nullable=False),
    )
    op.create_index("ix_check_findings_code", "check_findings", ["code"])
    op.create_table(
        "check_data",
        _check_fk(),
        sa.Column("kind", sa.String(32), primary_key=True),
        sa.Column("students", sa.Integer, nullable=False),
    )
    op.create_table(
        "alerts",
        sa.Column("kind", sa.String(16), primary_key=True),
        sa.Column("subject", sa.String(ADDRESS), primary_key=True),
        sa.Column("raised_at", sa.DateTime(), nullable=False),
        sa.Column("window_ends", sa.DateTime(), nullable=False),
        sa.Column("count", sa.Integer, nullable=False),
        sa.Column("check_ids", sa.Text, nullable=False),
        sa.Column("delivered_at", sa.DateTime(), nullable=True),
        sa.Column("attempts", sa.Integer, nullable=False),
    )
    op.create_table(
        "breaker_hits",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("key", sa.String(ADDRESS), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("check_id", sa.String(64), nullable=False),
    )
    op.create_index("ix_breaker_hits_key_at", "breaker_hits", ["key", "at"])
    op.create_index("ux_breaker_hits_key_check", "breaker_hits", ["key", "check_id"], unique=True)
    op.create_table(
        "breakers",
        sa.Column("key", sa.String(ADDRESS), primary_key=True),
        sa.Column("tripped_at", sa.DateTime(), nullable=False),
        sa.Column("until", sa.DateTime(), nullable=False),
        sa.Column("count", sa.Integer, nullable=False),
        sa.Column("reset_at", sa.DateTime(), nullable=True),
        sa.Column("reset_by", sa.String(ADDRESS), nullable=True),
    )


def downgrade() -> None:
    for table in ("breakers", "breaker_hits", "alerts", "check_data", "check_findings", "check_recipients", "checks"):
        op.drop_table(table)
