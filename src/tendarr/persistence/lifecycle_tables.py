"""Tables for the lifecycle engine: deletions (checkpoints + history), protections,
restorations, domain events, request apps (Overseerr/Jellyseerr) and per-user retention.

Nothing here cascades from ``media_items``: a deleted title's row disappears at the next
library sync, while its history, protection and restoration records must stay. Those rows
keep the title and the stable ids (``ids``: tmdb/tvdb/imdb) and set ``media_item_id`` to
NULL instead.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from tendarr.persistence.tables import Base


class DeletionRow(Base):
    """One destructive action: written before acting, reconciled after (see ports/deletions)."""

    __tablename__ = "deletions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    media_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("media_items.id", ondelete="SET NULL"), index=True
    )
    source: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(512))
    ids: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    ids_key: Mapped[str | None] = mapped_column(String(64), index=True)
    reasons: Mapped[list[Any]] = mapped_column(JSON, default=list)
    size_bytes: Mapped[int | None] = mapped_column(BigInteger)
    rule_id: Mapped[int | None] = mapped_column(ForeignKey("cleanup_rules.id", ondelete="SET NULL"))
    leaving_entry_id: Mapped[int | None] = mapped_column(
        ForeignKey("leaving_soon.id", ondelete="SET NULL")
    )
    job_id: Mapped[int | None] = mapped_column(Integer)
    method: Mapped[str] = mapped_column(String(24))
    target: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    state: Mapped[str] = mapped_column(String(16), index=True)
    detail: Mapped[str | None] = mapped_column(Text)
    steps: Mapped[list[Any]] = mapped_column(JSON, default=list)
    space_freed_bytes: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime]
    started_at: Mapped[datetime | None]
    external_done_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]


class ProtectionRow(Base):
    """A movie or show an admin (or a permitted user) protected: beats every rule and VIPER."""

    __tablename__ = "protections"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    media_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("media_items.id", ondelete="SET NULL"), index=True
    )
    ids_key: Mapped[str] = mapped_column(String(64), unique=True)  # e.g. "tmdb:603"
    ids: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(512))
    reason: Mapped[str | None] = mapped_column(Text)
    protected_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime]
    arr_status: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class RestorationRow(Base):
    """A tracked workflow bringing a deleted title (or VIPER episodes) back."""

    __tablename__ = "restorations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    deletion_id: Mapped[int | None] = mapped_column(
        ForeignKey("deletions.id", ondelete="SET NULL"), index=True
    )
    ids_key: Mapped[str] = mapped_column(String(64), index=True)
    ids: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(512))
    trigger: Mapped[str] = mapped_column(String(24))  # watchlist | request | manual | viper
    trigger_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    trigger_key: Mapped[str | None] = mapped_column(String(128), unique=True)  # acts once
    state: Mapped[str] = mapped_column(String(24), index=True)
    detail: Mapped[str | None] = mapped_column(Text)
    steps: Mapped[list[Any]] = mapped_column(JSON, default=list)
    target: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    not_before: Mapped[datetime | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class LifecycleEventRow(Base):
    """The domain-event outbox (entered Leaving Soon, deleted, restored, ...)."""

    __tablename__ = "lifecycle_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    at: Mapped[datetime]
    media_item_id: Mapped[int | None] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(512))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    delivered_at: Mapped[datetime | None] = mapped_column(index=True)


class RequestAppRow(Base):
    """A configured Overseerr or Jellyseerr (requesters for retention; request clearing)."""

    __tablename__ = "request_apps"

    id: Mapped[str] = mapped_column(String(48), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(128))
    url: Mapped[str] = mapped_column(String(512))
    api_key: Mapped[str] = mapped_column(Text)  # sealed
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class RetentionRuleRow(Base):
    """Per-user retention keyed by the requester (see docs/retention.md)."""

    __tablename__ = "retention_rules"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    document: Mapped[dict[str, Any]] = mapped_column(JSON)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
