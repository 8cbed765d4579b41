"""lifecycle: deletions, protections, restorations, events, request apps, retention

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-21 10:43:16.301034
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "lifecycle_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("media_item_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=512), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("lifecycle_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_lifecycle_events_delivered_at"), ["delivered_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_lifecycle_events_kind"), ["kind"], unique=False)

    op.create_table(
        "request_apps",
        sa.Column("id", sa.String(length=48), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("url", sa.String(length=512), nullable=False),
        sa.Column("api_key", sa.Text(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "retention_rules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "protections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("media_item_id", sa.Integer(), nullable=True),
        sa.Column("ids_key", sa.String(length=64), nullable=False),
        sa.Column("ids", sa.JSON(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=512), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("protected_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("arr_status", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["media_item_id"], ["media_items.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["protected_by"], ["users.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("ids_key"),
    )
    with op.batch_alter_table("protections", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_protections_media_item_id"), ["media_item_id"], unique=False
        )

    op.create_table(
        "deletions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("media_item_id", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=512), nullable=False),
        sa.Column("ids", sa.JSON(), nullable=False),
        sa.Column("ids_key", sa.String(length=64), nullable=True),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("size_bytes", sa.BigInteger(), nullable=True),
        sa.Column("rule_id", sa.Integer(), nullable=True),
        sa.Column("leaving_entry_id", sa.Integer(), nullable=True),
        sa.Column("job_id", sa.Integer(), nullable=True),
        sa.Column("method", sa.String(length=24), nullable=False),
        sa.Column("target", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column("steps", sa.JSON(), nullable=False),
        sa.Column("space_freed_bytes", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("external_done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["leaving_entry_id"], ["leaving_soon.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["media_item_id"], ["media_items.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["rule_id"], ["cleanup_rules.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("deletions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_deletions_ids_key"), ["ids_key"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_deletions_media_item_id"), ["media_item_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_deletions_state"), ["state"], unique=False)

    op.create_table(
        "restorations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("deletion_id", sa.Integer(), nullable=True),
        sa.Column("ids_key", sa.String(length=64), nullable=False),
        sa.Column("ids", sa.JSON(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=512), nullable=False),
        sa.Column("trigger", sa.String(length=24), nullable=False),
        sa.Column("trigger_user_id", sa.Integer(), nullable=True),
        sa.Column("trigger_key", sa.String(length=128), nullable=True),
        sa.Column("state", sa.String(length=24), nullable=False),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column("steps", sa.JSON(), nullable=False),
        sa.Column("target", sa.JSON(), nullable=False),
        sa.Column("not_before", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["deletion_id"], ["deletions.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["trigger_user_id"], ["users.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("trigger_key"),
    )
    with op.batch_alter_table("restorations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_restorations_deletion_id"), ["deletion_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_restorations_ids_key"), ["ids_key"], unique=False)
        batch_op.create_index(batch_op.f("ix_restorations_state"), ["state"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("restorations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_restorations_state"))
        batch_op.drop_index(batch_op.f("ix_restorations_ids_key"))
        batch_op.drop_index(batch_op.f("ix_restorations_deletion_id"))

    op.drop_table("restorations")
    with op.batch_alter_table("deletions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_deletions_state"))
        batch_op.drop_index(batch_op.f("ix_deletions_media_item_id"))
        batch_op.drop_index(batch_op.f("ix_deletions_ids_key"))

    op.drop_table("deletions")
    with op.batch_alter_table("protections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_protections_media_item_id"))

    op.drop_table("protections")
    op.drop_table("retention_rules")
    op.drop_table("request_apps")
    with op.batch_alter_table("lifecycle_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lifecycle_events_kind"))
        batch_op.drop_index(batch_op.f("ix_lifecycle_events_delivered_at"))

    op.drop_table("lifecycle_events")
