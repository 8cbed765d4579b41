"""The deletion history: every deletion with its reason, method, outcome and space freed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from tendarr.domain.errors import NotFound
from tendarr.ports.clock import Clock
from tendarr.ports.deletions import DeletionRecord, DeletionSource, DeletionState, DeletionStats
from tendarr.ports.lifecycle_events import LifecycleEvent, LifecycleEventKind
from tendarr.ports.repositories import UnitOfWorkFactory


@dataclass(frozen=True)
class HistoryPage:
    """One page of records and how many match in all."""

    records: list[DeletionRecord]
    total: int


class DeletionHistoryService:
    """Reads the deletion history, its totals and the lifecycle events."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    def page(
        self,
        limit: int = 50,
        offset: int = 0,
        state: DeletionState | None = None,
        source: DeletionSource | None = None,
        media_item_id: int | None = None,
    ) -> HistoryPage:
        """Return a page of records, newest first (optionally one library item's only)."""
        with self._uow() as uow:
            return HistoryPage(
                uow.deletions.history(limit, offset, state, source, media_item_id),
                uow.deletions.count(state, source, media_item_id),
            )

    def get(self, deletion_id: int) -> DeletionRecord:
        """Return one record with its steps; ``NotFound`` when there is none."""
        with self._uow() as uow:
            record = uow.deletions.get(deletion_id)
        if record is None:
            raise NotFound(f"deletion {deletion_id} does not exist")
        return record

    def stats(self, days: int | None = None) -> DeletionStats:
        """Return totals over the last ``days`` days (all time when None)."""
        since = self._clock.now() - timedelta(days=days) if days is not None else None
        with self._uow() as uow:
            return uow.deletions.stats(since)

    def events(
        self, limit: int = 50, kind: LifecycleEventKind | None = None
    ) -> list[LifecycleEvent]:
        """Return the newest lifecycle events."""
        with self._uow() as uow:
            return uow.lifecycle_events.recent(limit, kind)
