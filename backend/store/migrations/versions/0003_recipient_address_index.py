"""No index on a recipient's address: no query reads recipients by address, and the index cost every
record a write at a random place per recipient (a message to 300 families, 300 index pages).

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_check_recipients_address", table_name="check_recipients")


def downgrade() -> None:
    op.create_index("ix_check_recipients_address", "check_recipients", ["address"])
