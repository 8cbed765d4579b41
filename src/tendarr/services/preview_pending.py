"""Pending preview work: debounced webhook batches and not-indexed retries, fired when due.

Batches live in ``preview_pending`` so any node can add to one and the scheduler leader's
tick (``fire_due``) turns each due batch into one ``previews.paths`` job. Claiming deletes
the row in its own transaction, so two nodes never fire the same batch; if the job cannot
be submitted the batch is put back.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

import structlog

from tendarr.domain.jobs import Job, JobPriority
from tendarr.domain.previews.work import PATHS_JOB, ItemRef
from tendarr.ports.clock import Clock
from tendarr.ports.preview_store import PendingBatch, PreviewUnitOfWorkFactory
from tendarr.services.manage_jobs import JobService

log = structlog.get_logger(__name__)


def defer_retry(
    uow: PreviewUnitOfWorkFactory,
    clock: Clock,
    job_id: int,
    *,
    paths: Sequence[str],
    items: Sequence[ItemRef],
    attempt: int,
    delay_seconds: float,
    force: bool,
    priority: int,
    title: str,
) -> PendingBatch:
    """Queue another try of files a server had not indexed, ``delay_seconds`` from now."""
    now = clock.now()
    batch = PendingBatch(
        key=f"retry:{job_id}",
        kind="retry",
        origin="retry",
        title=title,
        due_at=now + timedelta(seconds=delay_seconds),
        first_at=now,
        paths=tuple(paths),
        items=tuple(i.as_payload() for i in items),
        force=force,
        priority=priority,
        attempt=attempt,
        detail={"retry_of": job_id},
    )
    with uow() as work:
        work.webhooks.save_pending(batch)
        work.commit()
    return batch


class PendingWork:
    """List and fire pending batches."""

    def __init__(self, uow: PreviewUnitOfWorkFactory, clock: Clock, jobs: JobService) -> None:
        self._uow = uow
        self._clock = clock
        self._jobs = jobs

    def pending(self) -> list[PendingBatch]:
        """Return every waiting batch, soonest first."""
        with self._uow() as uow:
            return uow.webhooks.all_pending()

    def fire_due(self) -> list[Job]:
        """Submit a job for every batch whose time has come (the periodic tick)."""
        return self._fire(self._clock.now(), None)

    def fire_now(self, key: str | None = None) -> list[Job]:
        """Submit pending batches at once: every one, or the one called ``key``."""
        return self._fire(None, key)

    def _fire(self, due_before: datetime | None, key: str | None) -> list[Job]:
        with self._uow() as uow:
            taken = uow.webhooks.take_pending(due_before, key)
            uow.commit()
        started = []
        for batch in taken:
            try:
                job = self._jobs.submit(
                    PATHS_JOB,
                    _payload(batch),
                    priority=JobPriority(batch.priority),
                    created_by=batch.origin,
                    title=batch.title,
                )
            except Exception:  # the batch must not be lost: put it back for the next tick
                log.exception("previews.pending_submit_failed", key=batch.key)
                self._restore(batch)
                continue
            with self._uow() as uow:
                uow.webhooks.link_events(batch.event_ids, job.id)
                uow.commit()
            log.info("previews.pending_fired", key=batch.key, job_id=job.id)
            started.append(job)
        return started

    def _restore(self, batch: PendingBatch) -> None:
        with self._uow() as uow:
            current = uow.webhooks.pending(batch.key)
            if current is not None:  # new events arrived meanwhile: merge
                batch = replace(
                    current,
                    paths=tuple(dict.fromkeys((*batch.paths, *current.paths))),
                    items=_merge_items(batch.items, current.items),
                    event_ids=(*batch.event_ids, *current.event_ids),
                    first_at=min(batch.first_at, current.first_at),
                )
            uow.webhooks.save_pending(batch)
            uow.commit()


def _payload(batch: PendingBatch) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "paths": list(batch.paths),
        "items": [dict(i) for i in batch.items],
        "origin": batch.origin,
        "force": batch.force,
        "attempt": batch.attempt if batch.kind == "retry" else 0,
    }
    if "retry_of" in batch.detail:
        payload["retry_of"] = batch.detail["retry_of"]
    return payload


def _merge_items(
    first: Sequence[dict[str, str]], second: Sequence[dict[str, str]]
) -> tuple[dict[str, str], ...]:
    seen: dict[tuple[str, str], dict[str, str]] = {}
    for item in (*first, *second):
        seen.setdefault((item.get("server_id", ""), item.get("native_id", "")), item)
    return tuple(seen.values())
