"""Webhook history (``webhook_events``) and pending preview work (``preview_pending``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, select, text, update
from sqlalchemy.orm import Session

from tendarr.persistence.preview_tables import PreviewPendingRow, WebhookEventRow
from tendarr.ports.preview_store import PendingBatch, WebhookEvent


class SqlWebhookRepository:
    """History rows and pending batches; a batch key is locked while it is changed."""

    def __init__(self, session: Session) -> None:
        self._s = session

    def add_event(self, event: WebhookEvent) -> int:
        row = WebhookEventRow(
            received_at=event.received_at,
            source=event.source,
            event=event.event,
            server_id=event.server_id,
            status=event.status,
            paths=list(event.paths),
            title=(event.title or "")[:512] or None,
            reason=event.reason,
            batch_key=event.batch_key,
            job_id=event.job_id,
        )
        self._s.add(row)
        self._s.flush()
        return row.id

    def events(self, limit: int, offset: int, status: str | None = None) -> list[WebhookEvent]:
        query = select(WebhookEventRow)
        if status is not None:
            query = query.where(WebhookEventRow.status == status)
        query = query.order_by(WebhookEventRow.id.desc()).limit(limit).offset(offset)
        return [_event(row) for row in self._s.scalars(query)]

    def recent_paths(self, batch_key: str, since: datetime) -> set[str]:
        query = select(WebhookEventRow.paths).where(
            WebhookEventRow.batch_key == batch_key,
            WebhookEventRow.status == "accepted",
            WebhookEventRow.received_at >= since,
        )
        return {str(p) for paths in self._s.scalars(query) for p in paths or []}

    def link_events(self, event_ids: Sequence[int], job_id: int) -> None:
        if event_ids:
            self._s.execute(
                update(WebhookEventRow)
                .where(WebhookEventRow.id.in_(list(event_ids)))
                .values(job_id=job_id)
            )

    def prune_events(self, before: datetime) -> int:
        result = self._s.execute(
            delete(WebhookEventRow).where(WebhookEventRow.received_at < before)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]

    def pending(self, key: str) -> PendingBatch | None:
        if self._s.get_bind().dialect.name == "postgresql":
            # Receivers on several web nodes may add to one batch at once: take turns.
            self._s.execute(text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": key})
        row = self._s.get(PreviewPendingRow, key, populate_existing=True)
        return _batch(row) if row else None

    def save_pending(self, batch: PendingBatch) -> None:
        row = self._s.get(PreviewPendingRow, batch.key)
        if row is None:
            row = PreviewPendingRow(key=batch.key)
            self._s.add(row)
        row.kind = batch.kind
        row.origin = batch.origin
        row.title = batch.title[:512]
        row.paths = list(batch.paths)
        row.items = [dict(i) for i in batch.items]
        row.event_ids = list(batch.event_ids)
        row.force = batch.force
        row.priority = batch.priority
        row.attempt = batch.attempt
        row.detail = dict(batch.detail)
        row.first_at = batch.first_at
        row.due_at = batch.due_at
        self._s.flush()

    def all_pending(self) -> list[PendingBatch]:
        query = select(PreviewPendingRow).order_by(PreviewPendingRow.due_at)
        return [_batch(row) for row in self._s.scalars(query)]

    def take_pending(
        self, due_before: datetime | None, key: str | None = None
    ) -> list[PendingBatch]:
        query = select(PreviewPendingRow)
        if due_before is not None:
            query = query.where(PreviewPendingRow.due_at <= due_before)
        if key is not None:
            query = query.where(PreviewPendingRow.key == key)
        query = query.order_by(PreviewPendingRow.due_at).with_for_update(skip_locked=True)
        rows = list(self._s.scalars(query.execution_options(populate_existing=True)))
        taken = [_batch(row) for row in rows]
        for row in rows:
            self._s.delete(row)
        self._s.flush()
        return taken


def _event(row: WebhookEventRow) -> WebhookEvent:
    return WebhookEvent(
        received_at=row.received_at,
        source=row.source,
        status=row.status,
        event=row.event,
        server_id=row.server_id,
        paths=tuple(str(p) for p in row.paths or []),
        title=row.title,
        reason=row.reason,
        batch_key=row.batch_key,
        job_id=row.job_id,
        id=row.id,
    )


def _batch(row: PreviewPendingRow) -> PendingBatch:
    return PendingBatch(
        key=row.key,
        kind=row.kind,
        origin=row.origin,
        title=row.title,
        due_at=row.due_at,
        first_at=row.first_at,
        paths=tuple(str(p) for p in row.paths or []),
        items=tuple({str(k): str(v) for k, v in i.items()} for i in row.items or []),
        event_ids=tuple(int(i) for i in row.event_ids or []),
        force=row.force,
        priority=row.priority,
        attempt=row.attempt,
        detail=dict(row.detail or {}),
    )
