"""Tables for configured servers and the library: canonical items, server copies, files."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from tendarr.persistence.tables import Base


class MediaServerRow(Base):
    __tablename__ = "media_servers"

    id: Mapped[str] = mapped_column(String(48), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(128))
    url: Mapped[str] = mapped_column(String(512))
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    auth: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # secrets sealed
    libraries: Mapped[list[Any]] = mapped_column(JSON, default=list)
    path_mappings: Mapped[list[Any]] = mapped_column(JSON, default=list)
    plex_config_folder: Mapped[str | None] = mapped_column(String(512))
    server_identity: Mapped[str | None] = mapped_column(String(128))
    tautulli: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # {url, api_key sealed}
    position: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    last_sync_at: Mapped[datetime | None]
    last_sync_status: Mapped[str | None] = mapped_column(Text)


class MediaItemRow(Base):
    __tablename__ = "media_items"
    __table_args__ = (
        Index("ix_media_items_tmdb", "kind", "tmdb_id"),
        Index("ix_media_items_tvdb", "kind", "tvdb_id"),
        Index("ix_media_items_imdb", "kind", "imdb_id"),
        Index("ix_media_items_parent", "parent_id", "season_number", "episode_number"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    tmdb_id: Mapped[int | None] = mapped_column(Integer)
    tvdb_id: Mapped[int | None] = mapped_column(Integer)
    imdb_id: Mapped[str | None] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(512))
    year: Mapped[int | None] = mapped_column(Integer)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("media_items.id"))
    show_id: Mapped[int | None] = mapped_column(ForeignKey("media_items.id"), index=True)
    season_number: Mapped[int | None] = mapped_column(Integer)
    episode_number: Mapped[int | None] = mapped_column(Integer)
    released: Mapped[date | None] = mapped_column(Date)
    rating: Mapped[float | None] = mapped_column(Float)
    critic_rating: Mapped[float | None] = mapped_column(Float)
    content_rating: Mapped[str | None] = mapped_column(String(32))
    genres: Mapped[list[Any]] = mapped_column(JSON, default=list)
    studios: Mapped[list[Any]] = mapped_column(JSON, default=list)
    collections: Mapped[list[Any]] = mapped_column(JSON, default=list)
    labels: Mapped[list[Any]] = mapped_column(JSON, default=list)
    cast: Mapped[list[Any]] = mapped_column(JSON, default=list)
    crew: Mapped[list[Any]] = mapped_column(JSON, default=list)
    added_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    removed_at: Mapped[datetime | None]  # no server holds it any more (kept for history)


class ServerItemRow(Base):
    __tablename__ = "server_items"
    __table_args__ = (
        UniqueConstraint("server_id", "native_id", name="uq_server_items_native"),
        Index("ix_server_items_library_seen", "server_id", "library_id", "seen_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    server_id: Mapped[str] = mapped_column(ForeignKey("media_servers.id", ondelete="CASCADE"))
    native_id: Mapped[str] = mapped_column(String(64))
    media_item_id: Mapped[int] = mapped_column(ForeignKey("media_items.id"), index=True)
    library_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))
    remote_updated_at: Mapped[datetime | None]
    added_at: Mapped[datetime | None]
    seen_at: Mapped[datetime]


class MediaFileRow(Base):
    __tablename__ = "media_files"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    server_item_id: Mapped[int] = mapped_column(
        ForeignKey("server_items.id", ondelete="CASCADE"), index=True
    )
    path: Mapped[str] = mapped_column(Text)
    size: Mapped[int | None] = mapped_column(BigInteger)
    container: Mapped[str | None] = mapped_column(String(16))
    duration_ms: Mapped[int | None] = mapped_column(BigInteger)
    video: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    audio: Mapped[list[Any]] = mapped_column(JSON, default=list)
    subtitles: Mapped[list[Any]] = mapped_column(JSON, default=list)
    resolution: Mapped[str | None] = mapped_column(String(16))
    dynamic_range: Mapped[str | None] = mapped_column(String(32))
    audio_profile: Mapped[str | None] = mapped_column(String(32))
