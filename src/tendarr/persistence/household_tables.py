"""Tables for the household: server accounts, viewing events, watch state, watchlists."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from tendarr.persistence.tables import Base


class ServerAccountRow(Base):
    """A user account on a media server, linked to the Tendarr user it belongs to."""

    __tablename__ = "server_accounts"
    __table_args__ = (UniqueConstraint("server_id", "native_id", name="uq_server_accounts"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    server_id: Mapped[str] = mapped_column(ForeignKey("media_servers.id", ondelete="CASCADE"))
    native_id: Mapped[str] = mapped_column(String(64))
    username: Mapped[str] = mapped_column(String(128))
    email: Mapped[str | None] = mapped_column(String(255))
    display_name: Mapped[str | None] = mapped_column(String(255))
    kind: Mapped[str] = mapped_column(String(16))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    plex_uuid: Mapped[str | None] = mapped_column(String(64))
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    linked_by: Mapped[str | None] = mapped_column(String(16))
    user_token: Mapped[str | None] = mapped_column(Text)  # sealed; the account's own token
    watchlist_method: Mapped[str | None] = mapped_column(String(16))
    watchlist_checked_at: Mapped[datetime | None]
    watchlist_problem: Mapped[str | None] = mapped_column(Text)
    first_seen_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]
    removed_at: Mapped[datetime | None]


class WatchEventRow(Base):
    """One viewing as a source reported it; (server, source, event id) is unique."""

    __tablename__ = "watch_events"
    __table_args__ = (
        UniqueConstraint("server_id", "source", "event_id", name="uq_watch_events_source"),
        Index("ix_watch_events_account_item", "account_id", "media_item_id"),
        Index("ix_watch_events_watched_at", "watched_at"),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    server_id: Mapped[str] = mapped_column(ForeignKey("media_servers.id", ondelete="CASCADE"))
    source: Mapped[str] = mapped_column(String(16))
    event_id: Mapped[str] = mapped_column(String(200))
    account_id: Mapped[int] = mapped_column(ForeignKey("server_accounts.id", ondelete="CASCADE"))
    item_native_id: Mapped[str] = mapped_column(String(64))
    media_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("media_items.id", ondelete="SET NULL"), index=True
    )
    watched_at: Mapped[datetime]
    completed: Mapped[bool] = mapped_column(Boolean)
    position_ms: Mapped[int | None] = mapped_column(BigInteger)
    duration_ms: Mapped[int | None] = mapped_column(BigInteger)
    play_count: Mapped[int | None] = mapped_column(Integer)
    player: Mapped[str | None] = mapped_column(String(128))


class WatchStateRow(Base):
    """What one account has done with one item, folded from its events (all sources)."""

    __tablename__ = "watch_state"
    __table_args__ = (Index("ix_watch_state_item", "media_item_id"),)

    account_id: Mapped[int] = mapped_column(
        ForeignKey("server_accounts.id", ondelete="CASCADE"), primary_key=True
    )
    media_item_id: Mapped[int] = mapped_column(
        ForeignKey("media_items.id", ondelete="CASCADE"), primary_key=True
    )
    plays: Mapped[int] = mapped_column(Integer, default=0)
    completed: Mapped[bool] = mapped_column(Boolean, default=False)
    last_watched_at: Mapped[datetime]
    position_ms: Mapped[int | None] = mapped_column(BigInteger)  # set while in progress
    duration_ms: Mapped[int | None] = mapped_column(BigInteger)
    sources: Mapped[str] = mapped_column(String(64))  # comma-separated, e.g. "plex,tautulli"


class WatchlistEntryRow(Base):
    """A title on a user's watchlist; a removal closes the row, a re-add opens a new one."""

    __tablename__ = "watchlist_entries"
    __table_args__ = (
        Index("ix_watchlist_user_key", "user_id", "source", "title_key"),
        Index("ix_watchlist_account", "account_id", "removed_at"),
        Index("ix_watchlist_media", "media_item_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    account_id: Mapped[int | None] = mapped_column(
        ForeignKey("server_accounts.id", ondelete="CASCADE")
    )
    source: Mapped[str] = mapped_column(String(16))  # plex | jellyfin | emby | tendarr
    title_key: Mapped[str] = mapped_column(String(64))  # "movie:tmdb:603" and the like
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(512))
    year: Mapped[int | None] = mapped_column(Integer)
    tmdb_id: Mapped[int | None] = mapped_column(Integer)
    tvdb_id: Mapped[int | None] = mapped_column(Integer)
    imdb_id: Mapped[str | None] = mapped_column(String(16))
    native_id: Mapped[str | None] = mapped_column(String(64))
    media_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("media_items.id", ondelete="SET NULL")
    )
    added_at: Mapped[datetime]  # the source's time when it says, else when first seen
    first_seen_at: Mapped[datetime]
    removed_at: Mapped[datetime | None]
