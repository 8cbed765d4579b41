"""Tables for preview work: per-file outcomes, freshness, schedules, webhooks, pending work."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from tendarr.persistence.tables import Base


class PreviewFileRow(Base):
    """One file's outcome in one preview job (deleted with the job)."""

    __tablename__ = "preview_files"
    __table_args__ = (Index("ix_preview_files_job_status", "job_id", "status"),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"))
    path: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(Text)
    decoder: Mapped[str | None] = mapped_column(String(32))
    seconds: Mapped[float | None] = mapped_column(Float)
    thumbnails: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime]


class PreviewStateRow(Base):
    """The last good generation of a source path (keyed by the path's SHA-256)."""

    __tablename__ = "preview_state"

    path_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    path: Mapped[str] = mapped_column(Text)
    fingerprint: Mapped[str | None] = mapped_column(String(80))
    outputs: Mapped[list[Any]] = mapped_column(JSON, default=list)
    settings_digest: Mapped[str] = mapped_column(String(64))
    source_size: Mapped[int | None] = mapped_column(BigInteger)
    source_mtime_ns: Mapped[int | None] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(16))
    updated_at: Mapped[datetime]


class PreviewScheduleRow(Base):
    """A full-library or recently-added run on a cron expression or an interval."""

    __tablename__ = "preview_schedules"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(128))
    kind: Mapped[str] = mapped_column(String(16))
    server_id: Mapped[str | None] = mapped_column(
        ForeignKey("media_servers.id", ondelete="CASCADE")
    )
    library_id: Mapped[str | None] = mapped_column(String(64))
    cron: Mapped[str | None] = mapped_column(String(128))
    interval_seconds: Mapped[int | None] = mapped_column(Integer)
    lookback_hours: Mapped[float | None] = mapped_column(Float)
    force: Mapped[bool] = mapped_column(Boolean, default=False)
    priority: Mapped[int] = mapped_column(Integer, default=3)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    next_run_at: Mapped[datetime | None] = mapped_column(index=True)
    last_run_at: Mapped[datetime | None]
    last_job_id: Mapped[int | None] = mapped_column(ForeignKey("jobs.id", ondelete="SET NULL"))
    last_status: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class WebhookEventRow(Base):
    """One received webhook (history; kept after its server or job is gone)."""

    __tablename__ = "webhook_events"
    __table_args__ = (Index("ix_webhook_events_batch", "batch_key", "received_at"),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    received_at: Mapped[datetime] = mapped_column(index=True)
    source: Mapped[str] = mapped_column(String(16))
    event: Mapped[str | None] = mapped_column(String(64))
    server_id: Mapped[str | None] = mapped_column(String(48))
    status: Mapped[str] = mapped_column(String(16))
    paths: Mapped[list[Any]] = mapped_column(JSON, default=list)
    title: Mapped[str | None] = mapped_column(String(512))
    reason: Mapped[str | None] = mapped_column(Text)
    batch_key: Mapped[str | None] = mapped_column(String(128))
    job_id: Mapped[int | None] = mapped_column(Integer)


class PreviewPendingRow(Base):
    """Work waiting for ``due_at``: a debounced webhook batch or a not-indexed retry."""

    __tablename__ = "preview_pending"

    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    origin: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(512))
    paths: Mapped[list[Any]] = mapped_column(JSON, default=list)
    items: Mapped[list[Any]] = mapped_column(JSON, default=list)
    event_ids: Mapped[list[Any]] = mapped_column(JSON, default=list)
    force: Mapped[bool] = mapped_column(Boolean, default=False)
    priority: Mapped[int] = mapped_column(Integer, default=2)
    attempt: Mapped[int] = mapped_column(Integer, default=1)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    first_at: Mapped[datetime]
    due_at: Mapped[datetime] = mapped_column(index=True)
