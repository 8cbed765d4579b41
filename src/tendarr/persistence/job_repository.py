"""Jobs table access. Every state change is a conditional update guarded by the lease."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from tendarr.domain.jobs import TERMINAL_STATES, Job, JobPriority, JobState
from tendarr.persistence.tables import JobRow
from tendarr.ports.repositories import NewJob

_HISTORY_LIMIT = 50


def _to_job(row: JobRow) -> Job:
    return Job(
        id=row.id,
        type=row.type,
        title=row.title,
        queue=row.queue,
        state=JobState(row.state),
        priority=JobPriority(row.priority),
        payload=dict(row.payload or {}),
        progress=row.progress,
        total=row.total,
        completed=row.completed,
        failed=row.failed,
        current_item=row.current_item,
        attempts=row.attempts,
        max_attempts=row.max_attempts,
        cancel_requested=row.cancel_requested,
        worker=row.worker,
        lease_token=row.lease_token,
        heartbeat_at=row.heartbeat_at,
        run_after=row.run_after,
        created_at=row.created_at,
        started_at=row.started_at,
        finished_at=row.finished_at,
        updated_at=row.updated_at,
        result=row.result,
        error=row.error,
        created_by=row.created_by,
        version=row.version,
        history=list(row.history or []),
    )


def _progress(completed: int, total: int) -> float:
    return min(1.0, completed / total) if total > 0 else 0.0


class SqlJobRepository:
    """Jobs stored in the ``jobs`` table."""

    def __init__(self, session: Session) -> None:
        self._s = session

    def add(self, new: NewJob) -> Job:
        row = JobRow(
            type=new.type,
            title=new.title,
            queue=new.queue,
            state=JobState.QUEUED.value,
            priority=int(new.priority),
            payload=new.payload,
            max_attempts=new.max_attempts,
            created_by=new.created_by,
            created_at=new.now,
            updated_at=new.now,
            run_after=new.now,
            progress=0.0,
            total=0,
            completed=0,
            failed=0,
            attempts=0,
            cancel_requested=False,
            version=0,
            history=[{"at": new.now.isoformat(), "event": "queued"}],
        )
        self._s.add(row)
        self._s.flush()
        return _to_job(row)

    def get(self, job_id: int) -> Job | None:
        row = self._s.get(JobRow, job_id, populate_existing=True)
        return _to_job(row) if row else None

    def find(
        self,
        states: Sequence[JobState] | None = None,
        job_type: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[Job]:
        query = select(JobRow).order_by(JobRow.id.desc()).limit(limit).offset(offset)
        if states:
            query = query.where(JobRow.state.in_([s.value for s in states]))
        if job_type:
            query = query.where(JobRow.type == job_type)
        return [_to_job(r) for r in self._s.scalars(query)]

    def count_by_state(self) -> dict[JobState, int]:
        rows = self._s.execute(select(JobRow.state, func.count()).group_by(JobRow.state))
        counts = {state: 0 for state in JobState}
        for state, count in rows:
            counts[JobState(state)] = int(count)
        return counts

    def changed_since(self, since: datetime, limit: int = 200) -> list[Job]:
        query = (
            select(JobRow)
            .where(JobRow.updated_at >= since)
            .order_by(JobRow.updated_at)
            .limit(limit)
        )
        return [_to_job(r) for r in self._s.scalars(query)]

    def _locked(self, job_id: int) -> JobRow | None:
        query = select(JobRow).where(JobRow.id == job_id).with_for_update()
        return self._s.scalars(query.execution_options(populate_existing=True)).first()

    def _log(self, row: JobRow, now: datetime, event: str, **detail: Any) -> None:
        entry = {"at": now.isoformat(), "event": event, **detail}
        row.history = [*(row.history or []), entry][-_HISTORY_LIMIT:]
        row.version += 1
        row.updated_at = now

    def claim(self, job_id: int, worker: str, lease_token: str, now: datetime) -> Job | None:
        row = self._locked(job_id)
        if row is None or row.state != JobState.QUEUED.value:
            return None
        if row.cancel_requested:
            row.state = JobState.CANCELLED.value
            row.finished_at = now
            self._log(row, now, "cancelled")
            return None
        row.state = JobState.RUNNING.value
        row.worker = worker
        row.lease_token = lease_token
        row.attempts += 1
        row.heartbeat_at = now
        row.started_at = row.started_at or now
        row.error = None
        self._log(row, now, "started", worker=worker, attempt=row.attempts)
        self._s.flush()
        return _to_job(row)

    def heartbeat(self, job_id: int, lease_token: str, now: datetime) -> bool:
        result = self._s.execute(
            update(JobRow)
            .where(
                JobRow.id == job_id,
                JobRow.lease_token == lease_token,
                JobRow.state == JobState.RUNNING.value,
            )
            .values(heartbeat_at=now)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def report_progress(
        self,
        job_id: int,
        lease_token: str,
        now: datetime,
        *,
        completed: int,
        total: int,
        failed: int,
        current_item: str | None,
    ) -> bool:
        result = self._s.execute(
            update(JobRow)
            .where(
                JobRow.id == job_id,
                JobRow.lease_token == lease_token,
                JobRow.state == JobState.RUNNING.value,
            )
            .values(
                completed=completed,
                total=total,
                failed=failed,
                current_item=current_item,
                progress=_progress(completed, total),
                heartbeat_at=now,
                updated_at=now,
                version=JobRow.version + 1,
            )
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def finish(
        self,
        job_id: int,
        lease_token: str,
        now: datetime,
        state: JobState,
        result: dict[str, Any] | None = None,
        error: str | None = None,
    ) -> bool:
        row = self._locked(job_id)
        if row is None or row.lease_token != lease_token or row.state != JobState.RUNNING.value:
            return False
        row.state = state.value
        row.finished_at = now
        row.lease_token = None
        row.result = result
        row.error = error
        if state is JobState.SUCCEEDED:
            row.progress = 1.0
            row.current_item = None
        self._log(row, now, state.value, **({"error": error} if error else {}))
        return True

    def requeue(
        self,
        job_id: int,
        expected_lease: str | None,
        now: datetime,
        run_after: datetime,
        error: str | None,
    ) -> bool:
        row = self._locked(job_id)
        if row is None or row.state != JobState.RUNNING.value:
            return False
        if expected_lease is not None and row.lease_token != expected_lease:
            return False
        row.state = JobState.QUEUED.value
        row.lease_token = None
        row.worker = None
        row.run_after = run_after
        row.error = error
        self._log(row, now, "requeued", reason=error, run_after=run_after.isoformat())
        return True

    def request_cancel(self, job_id: int, now: datetime) -> Job | None:
        row = self._locked(job_id)
        if row is None:
            return None
        if row.state in {s.value for s in TERMINAL_STATES}:
            return _to_job(row)
        row.cancel_requested = True
        if row.state == JobState.QUEUED.value:
            row.state = JobState.CANCELLED.value
            row.finished_at = now
            self._log(row, now, "cancelled")
        else:
            self._log(row, now, "cancel_requested")
        return _to_job(row)

    def set_priority(self, job_id: int, priority: JobPriority, now: datetime) -> Job | None:
        row = self._locked(job_id)
        if row is None:
            return None
        row.priority = int(priority)
        self._log(row, now, "priority", priority=int(priority))
        return _to_job(row)

    def reset_for_retry(self, job_id: int, now: datetime) -> Job | None:
        row = self._locked(job_id)
        if row is None:
            return None
        if row.state not in {JobState.FAILED.value, JobState.CANCELLED.value}:
            return _to_job(row)
        row.state = JobState.QUEUED.value
        row.cancel_requested = False
        row.attempts = 0
        row.error = None
        row.result = None
        row.finished_at = None
        row.progress = 0.0
        row.completed = row.failed = 0
        row.run_after = now
        self._log(row, now, "retried")
        return _to_job(row)

    def stale_running(self, heartbeat_before: datetime) -> list[Job]:
        query = select(JobRow).where(
            JobRow.state == JobState.RUNNING.value, JobRow.heartbeat_at < heartbeat_before
        )
        return [_to_job(r) for r in self._s.scalars(query)]

    def undispatched(self, created_before: datetime, now: datetime) -> list[Job]:
        query = select(JobRow).where(
            JobRow.state == JobState.QUEUED.value,
            JobRow.updated_at < created_before,
            JobRow.run_after <= now,
        )
        return [_to_job(r) for r in self._s.scalars(query.limit(500))]

    def delete_finished_before(self, before: datetime) -> int:
        result = self._s.execute(
            delete(JobRow).where(
                JobRow.state.in_([s.value for s in TERMINAL_STATES]),
                JobRow.finished_at < before,
            )
        )
        return int(result.rowcount)  # type: ignore[attr-defined]
