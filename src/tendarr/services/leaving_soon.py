"""Leaving Soon for admins: list entries, keep or extend one, approve or reject reviews.

Dates only ever move later: an extension adds days to the stored ``delete_after``; an
approval starts the grace at the approval (the rule's grace then, never less).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta

from tendarr.domain.errors import Conflict, NotFound, ValidationFailed
from tendarr.domain.jobs import Job, JobPriority, JobState
from tendarr.domain.rules import validate_rule
from tendarr.ports.clock import Clock
from tendarr.ports.leaving_soon_store import COUNTING, EntryState, LeavingEntry
from tendarr.ports.lifecycle_events import LifecycleEventKind
from tendarr.ports.repositories import UnitOfWork, UnitOfWorkFactory
from tendarr.services.cleanup_run import CLEANUP_JOB, CleanupPlan, CleanupRunner
from tendarr.services.manage_jobs import JobService

MAX_EXTEND_DAYS = 3650


@dataclass(frozen=True)
class ListedEntry:
    """An entry with the whole days left until ``delete_after`` (None while pending)."""

    entry: LeavingEntry
    days_left: int | None


def days_left(delete_after: datetime | None, now: datetime) -> int | None:
    """Whole days left, rounded up so that the final day is never dropped (0 when due)."""
    if delete_after is None:
        return None
    return max(0, math.ceil((delete_after - now).total_seconds() / 86400))


class LeavingSoonService:
    """Admin actions on Leaving Soon, the run plan and starting a run."""

    def __init__(
        self, uow: UnitOfWorkFactory, clock: Clock, runner: CleanupRunner, jobs: JobService
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._runner = runner
        self._jobs = jobs

    def entries(self, state: EntryState | None = None) -> list[ListedEntry]:
        """Return entries (optionally one state), soonest deletion first."""
        now = self._clock.now()
        with self._uow() as uow:
            entries = uow.leaving_soon.listing(state)
        return [ListedEntry(e, days_left(e.delete_after, now)) for e in entries]

    def entry(self, entry_id: int) -> ListedEntry:
        """Return one entry with its days left."""
        with self._uow() as uow:
            entry = _get(uow, entry_id)
        return ListedEntry(entry, days_left(entry.delete_after, self._clock.now()))

    def plan(self, override_rule_ids: Collection[int] = ()) -> CleanupPlan:
        """Return what a run would do now without doing it."""
        return self._runner.plan(override_rule_ids)

    def start_run(self, override_rule_ids: Collection[int], actor: str | None) -> Job:
        """Queue a cleanup run, or return the one already queued or running."""
        for job in self._jobs.find([JobState.QUEUED, JobState.RUNNING], CLEANUP_JOB, limit=5):
            return job
        return self._jobs.submit(
            CLEANUP_JOB,
            {"override_rule_ids": sorted(set(override_rule_ids))},
            priority=JobPriority.NORMAL,
            created_by=actor,
            title="Cleanup run",
        )

    def keep(self, entry_id: int, actor: str | None) -> LeavingEntry:
        """Keep an item: the rule never re-adds it while the entry stays kept."""
        with self._uow() as uow:
            entry = _get(uow, entry_id)
            if entry.state is EntryState.LEFT:
                raise Conflict("the item already left Leaving Soon")
            kept = dataclasses.replace(entry, state=EntryState.KEPT_BY_ADMIN)
            return self._save(uow, kept, actor, "cleanup.leaving.kept", {})

    def extend(self, entry_id: int, days: int, actor: str | None) -> LeavingEntry:
        """Move an entry's deletion date ``days`` later."""
        if not 1 <= days <= MAX_EXTEND_DAYS:
            raise ValidationFailed(f"days: must be between 1 and {MAX_EXTEND_DAYS}")
        with self._uow() as uow:
            entry = _get(uow, entry_id)
            if entry.state not in {*COUNTING, EntryState.DUE} or entry.delete_after is None:
                raise Conflict(f"an entry that is {entry.state.value} cannot be extended")
            extended = dataclasses.replace(
                entry,
                state=EntryState.EXTENDED,
                delete_after=entry.delete_after + timedelta(days=days),
                extended_by=entry.extended_by + days,
            )
            return self._save(uow, extended, actor, "cleanup.leaving.extended", {"days": days})

    def approve(self, entry_ids: Collection[int], actor: str | None) -> list[LeavingEntry]:
        """Approve pending entries: they enter Leaving Soon now, with the full grace."""
        now = self._clock.now()
        done: list[LeavingEntry] = []
        with self._uow() as uow:
            for entry in _pending(uow, entry_ids):
                stored = uow.cleanup_rules.get(entry.rule_id)
                grace = entry.grace_days
                if stored is not None:
                    grace = max(grace, validate_rule(stored.document).grace_days)
                done.append(
                    dataclasses.replace(
                        entry,
                        state=EntryState.LEAVING,
                        visible_since=now,
                        grace_days=grace,
                        delete_after=now + timedelta(days=grace),
                    )
                )
            for entry in done:
                uow.lifecycle_events.emit(
                    LifecycleEventKind.ENTERED_LEAVING_SOON, now, entry.title,
                    entry.media_item_id,
                    {"rule_id": entry.rule_id, "rule": entry.rule_name, "approved_by": actor,
                     "delete_after": entry.delete_after.isoformat() if entry.delete_after
                     else None},
                )  # fmt: skip
            return self._save_all(uow, done, actor, "cleanup.review.approved")

    def reject(self, entry_ids: Collection[int], actor: str | None) -> list[LeavingEntry]:
        """Reject pending entries: the items are kept by the admin."""
        with self._uow() as uow:
            kept = [
                dataclasses.replace(e, state=EntryState.KEPT_BY_ADMIN)
                for e in _pending(uow, entry_ids)
            ]
            return self._save_all(uow, kept, actor, "cleanup.review.rejected")

    def _save(
        self,
        uow: UnitOfWork,
        entry: LeavingEntry,
        actor: str | None,
        action: str,
        detail: dict[str, object],
    ) -> LeavingEntry:
        uow.leaving_soon.save(entry)
        uow.audit.record(self._clock.now(), actor, action, str(entry.id), detail)
        uow.commit()
        return entry

    def _save_all(
        self, uow: UnitOfWork, entries: list[LeavingEntry], actor: str | None, action: str
    ) -> list[LeavingEntry]:
        for entry in entries:
            uow.leaving_soon.save(entry)
        ids = [e.id for e in entries]
        uow.audit.record(self._clock.now(), actor, action, None, {"ids": ids})
        uow.commit()
        return entries


def _get(uow: UnitOfWork, entry_id: int) -> LeavingEntry:
    entry = uow.leaving_soon.get(entry_id)
    if entry is None:
        raise NotFound(f"Leaving Soon entry {entry_id} does not exist")
    return entry


def _pending(uow: UnitOfWork, entry_ids: Collection[int]) -> list[LeavingEntry]:
    if not entry_ids:
        raise ValidationFailed("ids: name at least one entry")
    entries = [_get(uow, entry_id) for entry_id in sorted(set(entry_ids))]
    waiting = [e.id for e in entries if e.state is not EntryState.PENDING_REVIEW]
    if waiting:
        raise Conflict(f"entries {waiting} are not waiting for review")
    return entries
