"""The deletion ledger: writes checkpoints and reconciles them, with events and audit.

Every write commits at once: a checkpoint is durable before the external call it
describes is made (field notes R5), and a reconciled record carries its Leaving Soon
entries to ``deleted``, a ``deleted`` (or ``deletion_failed``) event and an audit record in
the same transaction.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Any

from tendarr.ports.clock import Clock
from tendarr.ports.deletion_reads import DeletionSubject
from tendarr.ports.deletions import (
    DeletionMethod,
    DeletionRecord,
    DeletionSource,
    DeletionState,
    NewDeletion,
)
from tendarr.ports.leaving_soon_store import EntryState
from tendarr.ports.lifecycle_events import LifecycleEventKind
from tendarr.ports.repositories import UnitOfWork, UnitOfWorkFactory


@dataclasses.dataclass(frozen=True)
class DeletionOrder:
    """One item to delete, and who asked and why."""

    media_item_id: int
    source: DeletionSource
    reasons: tuple[str, ...]
    rule_id: int | None = None
    leaving_entry_id: int | None = None


class DeletionLedger:
    """Checkpoints and history rows for the deletion pipeline."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    def step(self, step: str, outcome: str, detail: str) -> dict[str, Any]:
        """Return one step entry (an external call and its outcome) stamped now."""
        return {
            "step": step,
            "at": self._clock.now().isoformat(),
            "outcome": outcome,
            "detail": detail,
        }

    def write(
        self,
        order: DeletionOrder,
        subject: DeletionSubject | None,
        size: int | None,
        state: DeletionState,
        detail: str | None,
        target: dict[str, Any],
        method: DeletionMethod = DeletionMethod.NONE,
    ) -> DeletionRecord:
        """Write a record (a checkpoint when ``planned``) and commit it."""
        now = self._clock.now()
        if "arr" in target and target["arr"].get("size") is not None:
            size = int(target["arr"]["size"])
        new = NewDeletion(
            media_item_id=order.media_item_id if subject is not None else None,
            source=order.source,
            kind=subject.kind if subject else "unknown",
            title=title_of(subject) if subject else f"item {order.media_item_id}",
            ids={k: v for k, v in (subject.ids if subject else {}).items() if v is not None},
            reasons=order.reasons,
            size_bytes=size,
            created_at=now,
            rule_id=order.rule_id,
            leaving_entry_id=order.leaving_entry_id,
            method=method,
            target=target,
        )
        with self._uow() as uow:
            record = uow.deletions.add(new)
            if state is not DeletionState.PLANNED:
                record = dataclasses.replace(record, state=state, detail=detail, finished_at=now)
                uow.deletions.save(record)
                if state is DeletionState.FAILED:
                    _failed_event(uow, record, now)
            uow.commit()
        return record

    def acting(self, record: DeletionRecord) -> DeletionRecord:
        """Mark a checkpoint ``acting`` (the external call comes next) and commit it."""
        record = dataclasses.replace(
            record, state=DeletionState.ACTING, started_at=self._clock.now()
        )
        with self._uow() as uow:
            uow.deletions.save(record)
            uow.commit()
        return record

    def finish(self, record: DeletionRecord, state: DeletionState, detail: str) -> DeletionRecord:
        """Reconcile a record (done, failed or skipped) with its entries, event and audit."""
        now = self._clock.now()
        record = dataclasses.replace(record, state=state, detail=detail, finished_at=now)
        with self._uow() as uow:
            uow.deletions.save(record)
            if state is DeletionState.DONE:
                _mark_entries_deleted(uow, record, now)
                uow.lifecycle_events.emit(
                    LifecycleEventKind.DELETED,
                    now,
                    record.title,
                    record.media_item_id,
                    {
                        "deletion_id": record.id,
                        "method": record.method.value,
                        "space_freed_bytes": record.space_freed_bytes,
                        "reasons": list(record.reasons),
                        "source": record.source.value,
                    },
                )
                uow.audit.record(
                    now,
                    f"cleanup:{record.source.value}",
                    "cleanup.deleted",
                    str(record.id),
                    {"title": record.title, "method": record.method.value, "detail": detail},
                )
            elif state is DeletionState.FAILED:
                _failed_event(uow, record, now)
            uow.commit()
        return record


def _failed_event(uow: UnitOfWork, record: DeletionRecord, now: datetime) -> None:
    uow.lifecycle_events.emit(
        LifecycleEventKind.DELETION_FAILED,
        now,
        record.title,
        record.media_item_id,
        {"deletion_id": record.id, "detail": record.detail},
    )
    uow.audit.record(
        now,
        f"cleanup:{record.source.value}",
        "cleanup.deletion_failed",
        str(record.id),
        {"title": record.title, "detail": record.detail},
    )


def _mark_entries_deleted(uow: UnitOfWork, record: DeletionRecord, now: datetime) -> None:
    if record.media_item_id is None:
        return
    for entry in uow.leaving_soon.for_item(record.media_item_id):
        if entry.state is not EntryState.DELETED:
            uow.leaving_soon.save(
                dataclasses.replace(entry, state=EntryState.DELETED, last_evaluated_at=now)
            )


def title_of(subject: DeletionSubject) -> str:
    """Return how the history names a title (show and episode numbers for episodes)."""
    if subject.kind == "season" and subject.show_title:
        return f"{subject.show_title} — {subject.title}"
    if subject.kind == "episode" and subject.show_title:
        numbers = f"S{subject.season_number or 0:02d}E{subject.episode_number or 0:02d}"
        return f"{subject.show_title} — {numbers} — {subject.title}"
    return f"{subject.title} ({subject.year})" if subject.year else subject.title
