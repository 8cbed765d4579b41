"""SQL implementation of deletion checkpoints / history and the lifecycle event outbox."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from tendarr.domain.errors import NotFound
from tendarr.persistence.lifecycle_tables import DeletionRow, LifecycleEventRow
from tendarr.ports.deletions import (
    UNFINISHED,
    DeletionMethod,
    DeletionRecord,
    DeletionSource,
    DeletionState,
    DeletionStats,
    NewDeletion,
)
from tendarr.ports.lifecycle_events import LifecycleEvent, LifecycleEventKind


def ids_key(ids: dict[str, Any]) -> str | None:
    """Return the stable key of a title: tmdb, then tvdb, then imdb (never a title)."""
    for name in ("tmdb", "tvdb", "imdb"):
        value = ids.get(name)
        if value not in (None, ""):
            return f"{name}:{value}"
    return None


def _record(row: DeletionRow) -> DeletionRecord:
    return DeletionRecord(
        id=row.id,
        media_item_id=row.media_item_id,
        source=DeletionSource(row.source),
        kind=row.kind,
        title=row.title,
        ids=dict(row.ids),
        reasons=tuple(str(r) for r in row.reasons),
        size_bytes=row.size_bytes,
        created_at=row.created_at,
        rule_id=row.rule_id,
        leaving_entry_id=row.leaving_entry_id,
        job_id=row.job_id,
        method=DeletionMethod(row.method),
        target=dict(row.target),
        state=DeletionState(row.state),
        detail=row.detail,
        steps=tuple(dict(s) for s in row.steps),
        space_freed_bytes=row.space_freed_bytes,
        started_at=row.started_at,
        external_done_at=row.external_done_at,
        finished_at=row.finished_at,
    )


def _filtered(
    query: Select[Any],
    state: DeletionState | None,
    source: DeletionSource | None,
    media_item_id: int | None,
) -> Select[Any]:
    if state is not None:
        query = query.where(DeletionRow.state == state.value)
    if source is not None:
        query = query.where(DeletionRow.source == source.value)
    if media_item_id is not None:
        query = query.where(DeletionRow.media_item_id == media_item_id)
    return query


class SqlDeletionRepository:
    """Deletion checkpoints; every write is flushed so a commit makes it durable."""

    def __init__(self, session: Session) -> None:
        self._s = session

    def add(self, new: NewDeletion) -> DeletionRecord:
        """Write a checkpoint in state ``planned``."""
        row = DeletionRow(
            media_item_id=new.media_item_id,
            source=new.source.value,
            kind=new.kind,
            title=new.title,
            ids=dict(new.ids),
            ids_key=ids_key(new.ids),
            reasons=list(new.reasons),
            size_bytes=new.size_bytes,
            rule_id=new.rule_id,
            leaving_entry_id=new.leaving_entry_id,
            job_id=new.job_id,
            method=new.method.value,
            target=dict(new.target),
            state=DeletionState.PLANNED.value,
            steps=[],
            created_at=new.created_at,
        )
        self._s.add(row)
        self._s.flush()
        return _record(row)

    def get(self, deletion_id: int) -> DeletionRecord | None:
        """Return one record, or None."""
        row = self._s.get(DeletionRow, deletion_id)
        return None if row is None else _record(row)

    def save(self, record: DeletionRecord) -> None:
        """Write a record's mutable fields back."""
        row = self._s.get(DeletionRow, record.id)
        if row is None:
            raise NotFound(f"deletion {record.id} does not exist")
        row.method = record.method.value
        row.target = dict(record.target)
        row.state = record.state.value
        row.detail = record.detail
        row.steps = [dict(s) for s in record.steps]
        row.space_freed_bytes = record.space_freed_bytes
        row.started_at = record.started_at
        row.external_done_at = record.external_done_at
        row.finished_at = record.finished_at
        row.media_item_id = record.media_item_id
        self._s.flush()

    def unfinished(self) -> list[DeletionRecord]:
        """Return checkpoints a crash may have left (planned or acting), oldest first."""
        rows = self._s.scalars(
            select(DeletionRow)
            .where(DeletionRow.state.in_([s.value for s in UNFINISHED]))
            .order_by(DeletionRow.id)
        )
        return [_record(r) for r in rows]

    def history(
        self,
        limit: int = 50,
        offset: int = 0,
        state: DeletionState | None = None,
        source: DeletionSource | None = None,
        media_item_id: int | None = None,
    ) -> list[DeletionRecord]:
        """Return records newest first (optionally only those of one library item)."""
        query = _filtered(select(DeletionRow), state, source, media_item_id)
        rows = self._s.scalars(query.order_by(DeletionRow.id.desc()).limit(limit).offset(offset))
        return [_record(r) for r in rows]

    def count(
        self,
        state: DeletionState | None = None,
        source: DeletionSource | None = None,
        media_item_id: int | None = None,
    ) -> int:
        """Return how many records match."""
        query = _filtered(select(func.count(DeletionRow.id)), state, source, media_item_id)
        return int(self._s.scalar(query) or 0)

    def stats(self, since: datetime | None = None) -> DeletionStats:
        """Return counts per outcome and the space freed by completed deletions."""
        query = select(
            DeletionRow.state,
            func.count(DeletionRow.id),
            func.coalesce(func.sum(DeletionRow.space_freed_bytes), 0),
        ).group_by(DeletionRow.state)
        if since is not None:
            query = query.where(DeletionRow.created_at >= since)
        totals = {state: (int(n), int(freed or 0)) for state, n, freed in self._s.execute(query)}
        done = totals.get(DeletionState.DONE.value, (0, 0))
        return DeletionStats(
            done=done[0],
            failed=totals.get(DeletionState.FAILED.value, (0, 0))[0],
            skipped=totals.get(DeletionState.SKIPPED.value, (0, 0))[0],
            space_freed_bytes=done[1],
            since=since,
        )

    def latest_done_for(self, key: str, kind: str | None = None) -> DeletionRecord | None:
        """Return the newest completed deletion by stable key (of ``kind`` when given: an
        episode's deletion carries its show's key and must not hide the show's own)."""
        query = select(DeletionRow).where(
            DeletionRow.ids_key == key, DeletionRow.state == DeletionState.DONE.value
        )
        if kind is not None:
            query = query.where(DeletionRow.kind == kind)
        row = self._s.scalars(query.order_by(DeletionRow.id.desc()).limit(1)).first()
        return None if row is None else _record(row)

    def episode_file_deletions(self, item_ids: Collection[int]) -> dict[int, DeletionRecord]:
        """Return the newest completed episode-file deletion of each item (VIPER's redownloads)."""
        wanted = sorted(set(item_ids))
        found: dict[int, DeletionRecord] = {}
        for start in range(0, len(wanted), 500):
            rows = self._s.scalars(
                select(DeletionRow)
                .where(
                    DeletionRow.media_item_id.in_(wanted[start : start + 500]),
                    DeletionRow.state == DeletionState.DONE.value,
                    DeletionRow.method == DeletionMethod.ARR_EPISODE_FILES.value,
                )
                .order_by(DeletionRow.id)
            )
            for row in rows:
                if row.media_item_id is not None:
                    found[row.media_item_id] = _record(row)  # later ids win: the newest
        return found


def _event(row: LifecycleEventRow) -> LifecycleEvent:
    return LifecycleEvent(
        id=row.id,
        kind=LifecycleEventKind(row.kind),
        at=row.at,
        media_item_id=row.media_item_id,
        title=row.title,
        payload=dict(row.payload),
        delivered_at=row.delivered_at,
    )


class SqlLifecycleEventRepository:
    """The lifecycle outbox: written in the transaction of the change it records."""

    def __init__(self, session: Session) -> None:
        self._s = session

    def emit(
        self,
        kind: LifecycleEventKind,
        at: datetime,
        title: str,
        media_item_id: int | None = None,
        payload: dict[str, Any] | None = None,
    ) -> LifecycleEvent:
        """Record one event."""
        row = LifecycleEventRow(
            kind=kind.value,
            at=at,
            media_item_id=media_item_id,
            title=title,
            payload=dict(payload or {}),
        )
        self._s.add(row)
        self._s.flush()
        return _event(row)

    def recent(
        self, limit: int = 50, kind: LifecycleEventKind | None = None
    ) -> list[LifecycleEvent]:
        """Return the newest events first."""
        query = select(LifecycleEventRow)
        if kind is not None:
            query = query.where(LifecycleEventRow.kind == kind.value)
        rows = self._s.scalars(query.order_by(LifecycleEventRow.id.desc()).limit(limit))
        return [_event(r) for r in rows]

    def undelivered(self, limit: int = 100) -> list[LifecycleEvent]:
        """Return events nobody delivered yet, oldest first."""
        rows = self._s.scalars(
            select(LifecycleEventRow)
            .where(LifecycleEventRow.delivered_at.is_(None))
            .order_by(LifecycleEventRow.id)
            .limit(limit)
        )
        return [_event(r) for r in rows]

    def mark_delivered(self, event_ids: list[int], at: datetime) -> None:
        """Stamp events as delivered."""
        for row in self._s.scalars(
            select(LifecycleEventRow).where(LifecycleEventRow.id.in_(event_ids))
        ):
            row.delivered_at = at
        self._s.flush()
