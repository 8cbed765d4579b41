"""Response models for the deletion history and lifecycle events."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel

from tendarr.ports.deletions import DeletionRecord, DeletionStats
from tendarr.ports.lifecycle_events import LifecycleEvent
from tendarr.services.deletion_history import HistoryPage


class DeletionOut(BaseModel):
    """One deletion: what, when, which rule and why, method, outcome, space freed."""

    id: int
    media_item_id: int | None
    source: str
    kind: str
    title: str
    ids: dict[str, Any]
    reasons: list[str]
    rule_id: int | None
    method: str
    state: str
    detail: str | None
    steps: list[dict[str, Any]]
    size_bytes: int | None
    space_freed_bytes: int | None
    created_at: datetime
    started_at: datetime | None
    external_done_at: datetime | None
    finished_at: datetime | None

    @classmethod
    def of(cls, r: DeletionRecord) -> DeletionOut:
        """Build from a stored record (the checkpoint's target stays internal)."""
        return cls(
            id=r.id,
            media_item_id=r.media_item_id,
            source=r.source.value,
            kind=r.kind,
            title=r.title,
            ids=r.ids,
            reasons=list(r.reasons),
            rule_id=r.rule_id,
            method=r.method.value,
            state=r.state.value,
            detail=r.detail,
            steps=list(r.steps),
            size_bytes=r.size_bytes,
            space_freed_bytes=r.space_freed_bytes,
            created_at=r.created_at,
            started_at=r.started_at,
            external_done_at=r.external_done_at,
            finished_at=r.finished_at,
        )


class DeletionPageOut(BaseModel):
    """A page of the history."""

    deletions: list[DeletionOut]
    total: int

    @classmethod
    def of(cls, page: HistoryPage) -> DeletionPageOut:
        """Build from a service page."""
        return cls(deletions=[DeletionOut.of(r) for r in page.records], total=page.total)


class DeletionStatsOut(BaseModel):
    """Totals: deletions done, failed, skipped and the space freed."""

    done: int
    failed: int
    skipped: int
    space_freed_bytes: int
    since: datetime | None

    @classmethod
    def of(cls, s: DeletionStats) -> DeletionStatsOut:
        """Build from the repository's totals."""
        return cls(
            done=s.done,
            failed=s.failed,
            skipped=s.skipped,
            space_freed_bytes=s.space_freed_bytes,
            since=s.since,
        )


class LifecycleEventOut(BaseModel):
    """One domain event (entered Leaving Soon, deleted, restored, ...)."""

    id: int
    kind: str
    at: datetime
    media_item_id: int | None
    title: str
    payload: dict[str, Any]
    delivered_at: datetime | None

    @classmethod
    def of(cls, e: LifecycleEvent) -> LifecycleEventOut:
        """Build from a stored event."""
        return cls(
            id=e.id,
            kind=e.kind.value,
            at=e.at,
            media_item_id=e.media_item_id,
            title=e.title,
            payload=e.payload,
            delivered_at=e.delivered_at,
        )
