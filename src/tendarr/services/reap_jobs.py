"""Re-queue jobs whose worker died, and re-send jobs whose queue message was lost."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import structlog

from tendarr.domain.jobs import JobState, should_retry
from tendarr.ports.clock import Clock
from tendarr.ports.job_queue import JobQueue
from tendarr.ports.repositories import UnitOfWorkFactory
from tendarr.services.manage_settings import SettingsService

log = structlog.get_logger(__name__)

# A queued job whose message should long since have been delivered (the queue is empty,
# yet the job still waits) lost its message, e.g. when Redis restarted without persistence.
LOST_MESSAGE_GRACE = timedelta(seconds=60)


@dataclass(frozen=True)
class ReapReport:
    """What one reaper pass did."""

    requeued: list[int]
    failed: list[int]
    redispatched: list[int]


class JobReaper:
    """Find running jobs with a stale heartbeat and give them back to the queue."""

    def __init__(
        self, uow: UnitOfWorkFactory, clock: Clock, queue: JobQueue, settings: SettingsService
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._queue = queue
        self._settings = settings

    def reap(self) -> ReapReport:
        """Run one pass; each job is handled in its own transaction."""
        stale_after = timedelta(seconds=self._settings.current().jobs.stale_after_seconds)
        now = self._clock.now()
        with self._uow() as uow:
            stale = uow.jobs.stale_running(now - stale_after)
        requeued: list[int] = []
        failed: list[int] = []
        for job in stale:
            reason = f"worker {job.worker} stopped responding (no heartbeat for {stale_after})"
            with self._uow() as uow:
                if should_retry(job.attempts, job.max_attempts):
                    done = uow.jobs.requeue(job.id, job.lease_token, now, now, reason)
                    target = requeued
                else:
                    done = bool(job.lease_token) and uow.jobs.finish(
                        job.id, job.lease_token or "", now, JobState.FAILED, error=reason
                    )
                    target = failed
                if done:
                    uow.audit.record(
                        now,
                        "reaper",
                        "job.reaped",
                        f"job:{job.id}",
                        {
                            "reason": reason,
                            "outcome": "requeued" if target is requeued else "failed",
                        },
                    )
                uow.commit()
            if done:
                target.append(job.id)
                if target is requeued:
                    self._queue.enqueue(job.id, job.queue, job.priority)
                log.warning(
                    "job.reaped", job_id=job.id, worker=job.worker, requeued=target is requeued
                )
        return ReapReport(requeued, failed, self._redispatch_lost())

    def _redispatch_lost(self) -> list[int]:
        current = self._clock.now()
        with self._uow() as uow:
            waiting = uow.jobs.undispatched(current - LOST_MESSAGE_GRACE, current)
        empty_queues = {q for q in {j.queue for j in waiting} if self._queue.pending(q) == 0}
        sent = []
        for job in waiting:
            if job.queue in empty_queues:
                self._queue.enqueue(job.id, job.queue, job.priority)
                sent.append(job.id)
        if sent:
            log.warning("job.redispatched", job_ids=sent)
        return sent
