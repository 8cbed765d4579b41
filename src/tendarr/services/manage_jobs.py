"""Submit, inspect, cancel, re-prioritise and retry background jobs."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from tendarr.domain.errors import Conflict, NotFound, ValidationFailed
from tendarr.domain.jobs import Job, JobPriority, JobState
from tendarr.ports.clock import Clock
from tendarr.ports.job_queue import JobQueue
from tendarr.ports.repositories import NewJob, UnitOfWorkFactory
from tendarr.services.job_types import JobTypeRegistry
from tendarr.services.manage_settings import SettingsService


class JobService:
    """The public face of the job system for the edges."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        queue: JobQueue,
        registry: JobTypeRegistry,
        settings: SettingsService,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._queue = queue
        self._registry = registry
        self._settings = settings

    def submit(
        self,
        job_type: str,
        payload: Mapping[str, Any],
        *,
        priority: JobPriority,
        created_by: str | None,
        title: str | None = None,
    ) -> Job:
        """Record a job, then hand its id to the queue."""
        spec = self._registry.get(job_type)
        if spec is None:
            raise ValidationFailed(f"unknown job type {job_type!r}")
        checked = spec.check_payload(payload)
        max_attempts = self._settings.current().jobs.max_attempts
        with self._uow() as uow:
            job = uow.jobs.add(
                NewJob(
                    type=job_type,
                    title=title or spec.title,
                    queue=spec.queue,
                    priority=priority,
                    payload=checked,
                    max_attempts=max_attempts,
                    created_by=created_by,
                    now=self._clock.now(),
                )
            )
            uow.commit()
        # After commit: a worker that picks the message up must find the row.
        self._queue.enqueue(job.id, job.queue, job.priority)
        return job

    def find(
        self,
        states: Sequence[JobState] | None = None,
        job_type: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[Job]:
        """Return jobs, newest first."""
        with self._uow() as uow:
            return uow.jobs.find(states, job_type, limit, offset)

    def get(self, job_id: int) -> Job:
        """Return one job or raise NotFound."""
        with self._uow() as uow:
            job = uow.jobs.get(job_id)
        if job is None:
            raise NotFound(f"job {job_id} does not exist")
        return job

    def counts(self) -> dict[JobState, int]:
        """Return how many jobs are in each state."""
        with self._uow() as uow:
            return uow.jobs.count_by_state()

    def cancel(self, job_id: int, actor: str | None) -> Job:
        """Cancel a queued job now, or ask a running one to stop at its next checkpoint."""
        with self._uow() as uow:
            job = uow.jobs.request_cancel(job_id, self._clock.now())
            if job is None:
                raise NotFound(f"job {job_id} does not exist")
            uow.audit.record(self._clock.now(), actor, "job.cancel", f"job:{job_id}", {})
            uow.commit()
            return job

    def set_priority(self, job_id: int, priority: JobPriority, actor: str | None) -> Job:
        """Change a job's priority; a queued job is re-offered to the queue at the new rank."""
        with self._uow() as uow:
            job = uow.jobs.set_priority(job_id, priority, self._clock.now())
            if job is None:
                raise NotFound(f"job {job_id} does not exist")
            if job.state.is_terminal:
                raise Conflict(f"job {job_id} is {job.state.value}; its priority no longer matters")
            uow.commit()
        if job.state is JobState.QUEUED:
            # The old message stays in the queue; whichever arrives first claims the job
            # and the other finds it no longer queued, so the job still runs once.
            self._queue.enqueue(job.id, job.queue, job.priority)
        return job

    def retry(self, job_id: int, actor: str | None) -> Job:
        """Run a failed or cancelled job again from scratch."""
        with self._uow() as uow:
            job = uow.jobs.get(job_id)
            if job is None:
                raise NotFound(f"job {job_id} does not exist")
            if job.state not in {JobState.FAILED, JobState.CANCELLED}:
                raise Conflict(
                    f"job {job_id} is {job.state.value}; only failed or cancelled "
                    "jobs can be retried"
                )
            job = uow.jobs.reset_for_retry(job_id, self._clock.now())
            assert job is not None
            uow.audit.record(self._clock.now(), actor, "job.retry", f"job:{job_id}", {})
            uow.commit()
        self._queue.enqueue(job.id, job.queue, job.priority)
        return job

    def startable_types(self) -> list[str]:
        """Return the job types a user may start by hand."""
        names = self._registry.names()
        return [n for n in names if (t := self._registry.get(n)) and t.user_startable]
