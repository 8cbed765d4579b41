"""Start restorations of deleted titles: watchlist re-adds, requests again, manual restores.

Detection reads only watchlist entries that are actually stored as active (a failed
watchlist fetch changes no entries, so it can start nothing): an entry added after the
latest completed deletion of the same title (by stable id and kind) starts one
restoration, ``trigger_key = "watchlist:<entry id>"``, and a deletion is restored
automatically at most once (a failed restoration is retried by an admin). The workflow
itself runs as the ``lifecycle.restore`` job (``services/restoration_run.py``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from tendarr.domain.errors import Conflict, NotFound
from tendarr.domain.jobs import Job, JobPriority, JobState
from tendarr.ports.clock import Clock
from tendarr.ports.deletions import DeletionRecord, DeletionState
from tendarr.ports.lifecycle_events import LifecycleEventKind
from tendarr.ports.repositories import UnitOfWork, UnitOfWorkFactory
from tendarr.ports.restorations import (
    OPEN,
    NewRestoration,
    Restoration,
    RestorationState,
    RestorationTrigger,
)
from tendarr.services.manage_jobs import JobService

RESTORE_JOB = "lifecycle.restore"
RESTORE_TICK_SECONDS = 300.0  # how often watchlist re-adds and waiting restorations are checked
_RESTORABLE = frozenset({"movie", "show"})


def deletion_time(record: DeletionRecord) -> datetime:
    """Return when a deletion completed (its creation when no later stamp was kept)."""
    return record.finished_at or record.external_done_at or record.created_at


def latest_deletion(uow: UnitOfWork, kind: str, ids: Mapping[str, Any]) -> DeletionRecord | None:
    """Return the newest completed deletion of a whole title by any of its stable ids."""
    found: list[DeletionRecord] = []
    for name in ("tmdb", "tvdb", "imdb"):
        value = ids.get(name)
        if value in (None, ""):
            continue
        record = uow.deletions.latest_done_for(f"{name}:{value}", kind)
        if record is not None:
            found.append(record)
    return max(found, key=lambda r: (deletion_time(r), r.id), default=None)


class RestorationService:
    """Detect and start restorations; list and retry them."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, jobs: JobService) -> None:
        self._uow = uow
        self._clock = clock
        self._jobs = jobs

    def detect(self) -> list[Restoration]:
        """Start a restoration for every watchlist re-add of a deleted title; return them."""
        now = self._clock.now()
        started: list[Restoration] = []
        with self._uow() as uow:
            for view in uow.household_reader.watchlists():
                entry = view.entry
                key = f"watchlist:{entry.id}"
                if entry.kind not in _RESTORABLE or uow.restorations.by_trigger(key) is not None:
                    continue
                ids = {"tmdb": entry.tmdb_id, "tvdb": entry.tvdb_id, "imdb": entry.imdb_id}
                record = latest_deletion(uow, entry.kind, ids)
                if record is None or entry.added_at <= deletion_time(record):
                    continue
                if uow.restorations.for_deletion(record.id):
                    continue  # restored (or being restored) already: one automatic try
                started.append(
                    self._start(uow, record, RestorationTrigger.WATCHLIST, key, entry.user_id, now)
                )
            uow.commit()
        if started:
            self.start_job(None)
        return started

    def tick(self) -> None:
        """Detect re-adds, then run whatever is ready (the periodic task)."""
        self.detect()
        with self._uow() as uow:
            ready = bool(uow.restorations.ready(self._clock.now()))
        if ready:
            self.start_job(None)

    def restore_deletion(self, deletion_id: int, user_id: int | None, actor: str) -> Restoration:
        """Restore a completed deletion from the history (an admin's manual restore)."""
        now = self._clock.now()
        with self._uow() as uow:
            record = uow.deletions.get(deletion_id)
            if record is None:
                raise NotFound(f"deletion {deletion_id} does not exist")
            if record.state is not DeletionState.DONE:
                raise Conflict(
                    f"deletion {deletion_id} is {record.state.value}: nothing to restore"
                )
            previous = uow.restorations.for_deletion(deletion_id)
            running = next((r for r in previous if r.state in OPEN), None)
            if running is not None:
                return running
            key = f"manual:{deletion_id}:{len(previous) + 1}"
            started = self._start(uow, record, RestorationTrigger.MANUAL, key, user_id, now)
            uow.audit.record(
                now, actor, "lifecycle.restore", str(started.id), {"deletion": deletion_id}
            )
            uow.commit()
        self.start_job(started.id)
        return started

    def request_again(
        self, kind: str, ids: Mapping[str, Any], user_id: int | None, request_key: str
    ) -> Restoration | None:
        """A title was requested again: restore it when Tendarr deleted it; None otherwise.

        ``request_key`` names the request (``"tendarr:12"``, ``"seerr:main:34"``) so that the
        same request never acts twice.
        """
        now = self._clock.now()
        key = f"request:{request_key}"
        with self._uow() as uow:
            existing = uow.restorations.by_trigger(key)
            if existing is not None:
                return existing
            record = latest_deletion(uow, kind, ids)
            if record is None:
                return None
            previous = uow.restorations.for_deletion(record.id)
            if any(r.state in OPEN or r.state is RestorationState.DONE for r in previous):
                return previous[-1]
            started = self._start(uow, record, RestorationTrigger.REQUEST, key, user_id, now)
            uow.commit()
        self.start_job(started.id)
        return started

    def listing(self, limit: int = 100, state: RestorationState | None = None) -> list[Restoration]:
        """Return restorations, newest first."""
        with self._uow() as uow:
            return uow.restorations.listing(limit, state)

    def get(self, restoration_id: int) -> Restoration:
        """Return one restoration or raise NotFound."""
        with self._uow() as uow:
            found = uow.restorations.get(restoration_id)
        if found is None:
            raise NotFound(f"restoration {restoration_id} does not exist")
        return found

    def retry(self, restoration_id: int, actor: str) -> Restoration:
        """Queue a failed restoration again; its steps are idempotent."""
        now = self._clock.now()
        with self._uow() as uow:
            found = uow.restorations.get(restoration_id)
            if found is None:
                raise NotFound(f"restoration {restoration_id} does not exist")
            if found.state is not RestorationState.FAILED:
                raise Conflict(f"restoration {restoration_id} is {found.state.value}, not failed")
            step = {"step": "retry", "at": now.isoformat(), "outcome": "queued", "by": actor}
            queued = dataclasses.replace(
                found, state=RestorationState.QUEUED, detail=None, updated_at=now,
                steps=(*found.steps, step), not_before=None,
            )  # fmt: skip
            uow.restorations.save(queued)
            uow.audit.record(now, actor, "lifecycle.restore.retry", str(restoration_id), {})
            uow.commit()
        self.start_job(restoration_id)
        return queued

    def start_job(self, restoration_id: int | None) -> Job:
        """Queue a ``lifecycle.restore`` run, or return the one already queued."""
        for job in self._jobs.find([JobState.QUEUED], RESTORE_JOB, limit=5):
            return job
        payload = {} if restoration_id is None else {"restoration_id": restoration_id}
        return self._jobs.submit(
            RESTORE_JOB, payload, priority=JobPriority.NORMAL, created_by="lifecycle",
            title="Restore deleted titles",
        )  # fmt: skip

    def _start(
        self,
        uow: UnitOfWork,
        record: DeletionRecord,
        trigger: RestorationTrigger,
        key: str,
        user_id: int | None,
        now: datetime,
    ) -> Restoration:
        started = uow.restorations.add(
            NewRestoration(
                ids_key=_key(record), ids=dict(record.ids), kind=record.kind, title=record.title,
                trigger=trigger, trigger_key=key, target=dict(record.target), created_at=now,
                deletion_id=record.id, trigger_user_id=user_id,
            )
        )  # fmt: skip
        uow.lifecycle_events.emit(
            LifecycleEventKind.RESTORE_REQUESTED, now, record.title, record.media_item_id,
            {"restoration_id": started.id, "trigger": trigger.value, "deletion_id": record.id},
        )  # fmt: skip
        return started


def _key(record: DeletionRecord) -> str:
    for name in ("tmdb", "tvdb", "imdb"):
        if record.ids.get(name) not in (None, ""):
            return f"{name}:{record.ids[name]}"
    return f"deletion:{record.id}"
