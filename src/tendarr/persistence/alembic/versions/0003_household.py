"""household: server accounts, watch events and state, watchlists, Tautulli link

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21 08:04:39.474382
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "server_accounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("server_id", sa.String(length=48), nullable=False),
        sa.Column("native_id", sa.String(length=64), nullable=False),
        sa.Column("username", sa.String(length=128), nullable=False),
        sa.Column("email", sa.String(length=255), nullable=True),
        sa.Column("display_name", sa.String(length=255), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("disabled", sa.Boolean(), nullable=False),
        sa.Column("plex_uuid", sa.String(length=64), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("linked_by", sa.String(length=16), nullable=True),
        sa.Column("user_token", sa.Text(), nullable=True),
        sa.Column("watchlist_method", sa.String(length=16), nullable=True),
        sa.Column(
            "watchlist_checked_at",
            sa.DateTime(timezone=True),
            nullable=True,
        ),
        sa.Column("watchlist_problem", sa.Text(), nullable=True),
        sa.Column("first_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("removed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["server_id"], ["media_servers.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("server_id", "native_id", name="uq_server_accounts"),
    )
    with op.batch_alter_table("server_accounts", schema=None) as batch_op:
        batch_op.create_index("ix_server_accounts_user_id", ["user_id"], unique=False)

    op.create_table(
        "watch_events",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("server_id", sa.String(length=48), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("event_id", sa.String(length=200), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("item_native_id", sa.String(length=64), nullable=False),
        sa.Column("media_item_id", sa.Integer(), nullable=True),
        sa.Column("watched_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("completed", sa.Boolean(), nullable=False),
        sa.Column("position_ms", sa.BigInteger(), nullable=True),
        sa.Column("duration_ms", sa.BigInteger(), nullable=True),
        sa.Column("play_count", sa.Integer(), nullable=True),
        sa.Column("player", sa.String(length=128), nullable=True),
        sa.ForeignKeyConstraint(["account_id"], ["server_accounts.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["media_item_id"], ["media_items.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["server_id"], ["media_servers.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("server_id", "source", "event_id", name="uq_watch_events_source"),
    )
    with op.batch_alter_table("watch_events", schema=None) as batch_op:
        batch_op.create_index(
            "ix_watch_events_account_item", ["account_id", "media_item_id"], unique=False
        )
        batch_op.create_index("ix_watch_events_media_item_id", ["media_item_id"], unique=False)
        batch_op.create_index("ix_watch_events_watched_at", ["watched_at"], unique=False)

    op.create_table(
        "watch_state",
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("media_item_id", sa.Integer(), nullable=False),
        sa.Column("plays", sa.Integer(), nullable=False),
        sa.Column("completed", sa.Boolean(), nullable=False),
        sa.Column("last_watched_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("position_ms", sa.BigInteger(), nullable=True),
        sa.Column("duration_ms", sa.BigInteger(), nullable=True),
        sa.Column("sources", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["server_accounts.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["media_item_id"], ["media_items.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("account_id", "media_item_id"),
    )
    with op.batch_alter_table("watch_state", schema=None) as batch_op:
        batch_op.create_index("ix_watch_state_item", ["media_item_id"], unique=False)

    op.create_table(
        "watchlist_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("title_key", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=512), nullable=False),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("tmdb_id", sa.Integer(), nullable=True),
        sa.Column("tvdb_id", sa.Integer(), nullable=True),
        sa.Column("imdb_id", sa.String(length=16), nullable=True),
        sa.Column("native_id", sa.String(length=64), nullable=True),
        sa.Column("media_item_id", sa.Integer(), nullable=True),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("first_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("removed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["account_id"], ["server_accounts.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["media_item_id"], ["media_items.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("watchlist_entries", schema=None) as batch_op:
        batch_op.create_index("ix_watchlist_account", ["account_id", "removed_at"], unique=False)
        batch_op.create_index("ix_watchlist_media", ["media_item_id"], unique=False)
        batch_op.create_index(
            "ix_watchlist_user_key", ["user_id", "source", "title_key"], unique=False
        )

    with op.batch_alter_table("media_servers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("tautulli", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("media_servers", schema=None) as batch_op:
        batch_op.drop_column("tautulli")

    with op.batch_alter_table("watchlist_entries", schema=None) as batch_op:
        batch_op.drop_index("ix_watchlist_user_key")
        batch_op.drop_index("ix_watchlist_media")
        batch_op.drop_index("ix_watchlist_account")

    op.drop_table("watchlist_entries")
    with op.batch_alter_table("watch_state", schema=None) as batch_op:
        batch_op.drop_index("ix_watch_state_item")

    op.drop_table("watch_state")
    with op.batch_alter_table("watch_events", schema=None) as batch_op:
        batch_op.drop_index("ix_watch_events_watched_at")
        batch_op.drop_index("ix_watch_events_media_item_id")
        batch_op.drop_index("ix_watch_events_account_item")

    op.drop_table("watch_events")
    with op.batch_alter_table("server_accounts", schema=None) as batch_op:
        batch_op.drop_index("ix_server_accounts_user_id")

    op.drop_table("server_accounts")
