"""Run one job on this worker: claim it, beat, report, finish or schedule the retry."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import structlog

from tendarr.domain.jobs import JobPriority, JobState, retry_delay, should_retry
from tendarr.ports.clock import Clock
from tendarr.ports.job_queue import JobCancelled, JobLeaseLost, JobQueue
from tendarr.ports.repositories import UnitOfWorkFactory
from tendarr.security.tokens import new_token
from tendarr.services.job_types import JobTypeRegistry
from tendarr.services.manage_settings import SettingsService

log = structlog.get_logger(__name__)

_PROGRESS_MIN_INTERVAL = 0.2


@dataclass
class Progress:
    """The counters a handler reports."""

    completed: int = 0
    total: int = 0
    failed: int = 0
    current_item: str | None = None


class _RunningJob:
    """The JobContext handed to a handler; progress writes are throttled and lease-checked."""

    def __init__(self, runner: JobRunner, job_id: int, attempt: int, lease: str) -> None:
        self.job_id = job_id
        self.attempt = attempt
        self._runner = runner
        self._lease = lease
        self._cancelled = threading.Event()
        self._lease_lost = threading.Event()
        self._last_write = 0.0
        self._state = Progress()

    def progress(
        self,
        completed: int,
        total: int | None = None,
        current_item: str | None = None,
        failed: int | None = None,
    ) -> None:
        self._state.completed = completed
        if total is not None:
            self._state.total = total
        if failed is not None:
            self._state.failed = failed
        self._state.current_item = current_item
        finished = total is not None and completed >= total
        if finished or time.monotonic() - self._last_write >= _PROGRESS_MIN_INTERVAL:
            self._last_write = time.monotonic()
            if not self._runner.write_progress(self.job_id, self._lease, self._state):
                self._lease_lost.set()
        self.check_cancelled()

    def check_cancelled(self) -> None:
        if self._lease_lost.is_set():
            raise JobLeaseLost("another worker took this job over")
        if self._cancelled.is_set():
            raise JobCancelled("cancelled by request")

    def beat(self) -> None:
        alive, cancel = self._runner.beat(self.job_id, self._lease)
        if not alive:
            self._lease_lost.set()
        if cancel:
            self._cancelled.set()


class JobRunner:
    """Executes jobs by id; safe against duplicate messages and dead peers."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        queue: JobQueue,
        registry: JobTypeRegistry,
        settings: SettingsService,
        worker_name: str,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._queue = queue
        self._registry = registry
        self._settings = settings
        self.worker_name = worker_name

    def run(self, job_id: int) -> JobState | None:
        """Run job ``job_id`` if it is still queued; return its final state on this worker."""
        lease = new_token()
        with self._uow() as uow:
            job = uow.jobs.claim(job_id, self.worker_name, lease, self._clock.now())
            uow.commit()
        if job is None:
            log.debug("job.skip", job_id=job_id, reason="not queued")
            return None
        bound = log.bind(job_id=job.id, job_type=job.type, attempt=job.attempts)
        spec = self._registry.get(job.type)
        if spec is None:
            self._finish(job.id, lease, JobState.FAILED, error=f"unknown job type {job.type!r}")
            return JobState.FAILED
        jobs_cfg = self._settings.current().jobs
        ctx = _RunningJob(self, job.id, job.attempts, lease)
        stop = threading.Event()
        beater = threading.Thread(
            target=self._beat_loop,
            args=(ctx, stop, jobs_cfg.heartbeat_seconds),
            name=f"heartbeat-{job.id}",
            daemon=True,
        )
        beater.start()
        bound.info("job.started")
        try:
            result = spec.handler(ctx, job.payload)
        except JobLeaseLost:
            bound.warning("job.lease_lost")
            return None
        except JobCancelled:
            self._finish(job.id, lease, JobState.CANCELLED)
            bound.info("job.cancelled")
            return JobState.CANCELLED
        except Exception as err:  # a job's failure must never take the worker down
            message = f"{type(err).__name__}: {err}"
            if should_retry(job.attempts, job.max_attempts):
                delay = retry_delay(job.attempts, jobs_cfg.retry_backoff_seconds)
                self._requeue(job.id, lease, message, delay, job.queue, job.priority)
                bound.warning("job.retry_scheduled", error=message, delay_s=delay)
                return JobState.QUEUED
            self._finish(job.id, lease, JobState.FAILED, error=message)
            bound.error("job.failed", error=message)
            return JobState.FAILED
        finally:
            stop.set()
            beater.join(timeout=5)
        self._finish(job.id, lease, JobState.SUCCEEDED, result=result or {})
        bound.info("job.succeeded")
        return JobState.SUCCEEDED

    def write_progress(self, job_id: int, lease: str, state: Progress) -> bool:
        """Store progress; return False when this worker no longer holds the job."""
        with self._uow() as uow:
            ok = uow.jobs.report_progress(
                job_id,
                lease,
                self._clock.now(),
                completed=state.completed,
                total=state.total,
                failed=state.failed,
                current_item=state.current_item,
            )
            uow.commit()
            return ok

    def beat(self, job_id: int, lease: str) -> tuple[bool, bool]:
        """Record a heartbeat; return (lease still held, cancellation requested)."""
        with self._uow() as uow:
            alive = uow.jobs.heartbeat(job_id, lease, self._clock.now())
            job = uow.jobs.get(job_id)
            uow.commit()
        return alive, bool(job and job.cancel_requested)

    def _beat_loop(self, ctx: _RunningJob, stop: threading.Event, every: float) -> None:
        while not stop.wait(every):
            try:
                ctx.beat()
            except Exception:  # a missed beat is retried; the reaper tolerates a few
                log.exception("job.heartbeat_failed", job_id=ctx.job_id)

    def _finish(
        self,
        job_id: int,
        lease: str,
        state: JobState,
        *,
        result: dict[str, Any] | None = None,
        error: str | None = None,
    ) -> None:
        with self._uow() as uow:
            now = self._clock.now()
            if uow.jobs.finish(job_id, lease, now, state, result, error):
                uow.audit.record(
                    now,
                    self.worker_name,
                    f"job.{state.value}",
                    f"job:{job_id}",
                    {"error": error} if error else {},
                )
            uow.commit()

    def _requeue(
        self,
        job_id: int,
        lease: str,
        error: str,
        delay: float,
        queue: str,
        priority: JobPriority,
    ) -> None:
        now = self._clock.now()
        with self._uow() as uow:
            ok = uow.jobs.requeue(job_id, lease, now, now + timedelta(seconds=delay), error)
            uow.commit()
        if ok:
            self._queue.enqueue(job_id, queue, priority, delay_seconds=delay)
