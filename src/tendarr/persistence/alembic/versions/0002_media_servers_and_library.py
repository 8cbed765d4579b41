"""media servers and library

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21 06:43:45.123700
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "media_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("tmdb_id", sa.Integer(), nullable=True),
        sa.Column("tvdb_id", sa.Integer(), nullable=True),
        sa.Column("imdb_id", sa.String(length=16), nullable=True),
        sa.Column("title", sa.String(length=512), nullable=False),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("show_id", sa.Integer(), nullable=True),
        sa.Column("season_number", sa.Integer(), nullable=True),
        sa.Column("episode_number", sa.Integer(), nullable=True),
        sa.Column("released", sa.Date(), nullable=True),
        sa.Column("rating", sa.Float(), nullable=True),
        sa.Column("critic_rating", sa.Float(), nullable=True),
        sa.Column("content_rating", sa.String(length=32), nullable=True),
        sa.Column("genres", sa.JSON(), nullable=False),
        sa.Column("studios", sa.JSON(), nullable=False),
        sa.Column("collections", sa.JSON(), nullable=False),
        sa.Column("labels", sa.JSON(), nullable=False),
        sa.Column("cast", sa.JSON(), nullable=False),
        sa.Column("crew", sa.JSON(), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("removed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["media_items.id"],
        ),
        sa.ForeignKeyConstraint(
            ["show_id"],
            ["media_items.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("media_items", schema=None) as batch_op:
        batch_op.create_index("ix_media_items_imdb", ["kind", "imdb_id"], unique=False)
        batch_op.create_index(
            "ix_media_items_parent", ["parent_id", "season_number", "episode_number"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_media_items_show_id"), ["show_id"], unique=False)
        batch_op.create_index("ix_media_items_tmdb", ["kind", "tmdb_id"], unique=False)
        batch_op.create_index("ix_media_items_tvdb", ["kind", "tvdb_id"], unique=False)

    op.create_table(
        "media_servers",
        sa.Column("id", sa.String(length=48), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("url", sa.String(length=512), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("auth", sa.JSON(), nullable=False),
        sa.Column("libraries", sa.JSON(), nullable=False),
        sa.Column("path_mappings", sa.JSON(), nullable=False),
        sa.Column("plex_config_folder", sa.String(length=512), nullable=True),
        sa.Column("server_identity", sa.String(length=128), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_sync_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_sync_status", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "server_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("server_id", sa.String(length=48), nullable=False),
        sa.Column("native_id", sa.String(length=64), nullable=False),
        sa.Column("media_item_id", sa.Integer(), nullable=False),
        sa.Column("library_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("remote_updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["media_item_id"],
            ["media_items.id"],
        ),
        sa.ForeignKeyConstraint(["server_id"], ["media_servers.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("server_id", "native_id", name="uq_server_items_native"),
    )
    with op.batch_alter_table("server_items", schema=None) as batch_op:
        batch_op.create_index(
            "ix_server_items_library_seen", ["server_id", "library_id", "seen_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_server_items_media_item_id"), ["media_item_id"], unique=False
        )

    op.create_table(
        "media_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("server_item_id", sa.Integer(), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=True),
        sa.Column("container", sa.String(length=16), nullable=True),
        sa.Column("duration_ms", sa.BigInteger(), nullable=True),
        sa.Column("video", sa.JSON(), nullable=True),
        sa.Column("audio", sa.JSON(), nullable=False),
        sa.Column("subtitles", sa.JSON(), nullable=False),
        sa.Column("resolution", sa.String(length=16), nullable=True),
        sa.Column("dynamic_range", sa.String(length=32), nullable=True),
        sa.Column("audio_profile", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(["server_item_id"], ["server_items.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("media_files", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_media_files_server_item_id"), ["server_item_id"], unique=False
        )


def downgrade() -> None:

    with op.batch_alter_table("media_files", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_media_files_server_item_id"))

    op.drop_table("media_files")
    with op.batch_alter_table("server_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_server_items_media_item_id"))
        batch_op.drop_index("ix_server_items_library_seen")

    op.drop_table("server_items")
    op.drop_table("media_servers")
    with op.batch_alter_table("media_items", schema=None) as batch_op:
        batch_op.drop_index("ix_media_items_tvdb")
        batch_op.drop_index("ix_media_items_tmdb")
        batch_op.drop_index(batch_op.f("ix_media_items_show_id"))
        batch_op.drop_index("ix_media_items_parent")
        batch_op.drop_index("ix_media_items_imdb")

    op.drop_table("media_items")
