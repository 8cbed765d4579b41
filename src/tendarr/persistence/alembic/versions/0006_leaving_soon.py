"""leaving soon: one entry per item and rule, with its stored deletion date

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-21 09:49:20.291245
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "leaving_soon",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("media_item_id", sa.Integer(), nullable=False),
        sa.Column("rule_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("first_matched_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("visible_since", sa.DateTime(timezone=True), nullable=True),
        sa.Column("grace_days", sa.Integer(), nullable=False),
        sa.Column("delete_after", sa.DateTime(timezone=True), nullable=True),
        sa.Column("extended_by", sa.Integer(), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("last_evaluated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("size_bytes", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(["media_item_id"], ["media_items.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["rule_id"], ["cleanup_rules.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("media_item_id", "rule_id", name="uq_leaving_soon_item_rule"),
    )
    op.create_index("ix_leaving_soon_media_item_id", "leaving_soon", ["media_item_id"])
    op.create_index("ix_leaving_soon_state", "leaving_soon", ["state"])


def downgrade() -> None:
    op.drop_index("ix_leaving_soon_state", table_name="leaving_soon")
    op.drop_index("ix_leaving_soon_media_item_id", table_name="leaving_soon")
    op.drop_table("leaving_soon")
