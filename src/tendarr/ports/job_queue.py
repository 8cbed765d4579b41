"""Transport that carries 'run job N' to a worker; the jobs table stays the truth."""

from __future__ import annotations

from typing import Protocol

from tendarr.domain.jobs import JobPriority


class JobQueue(Protocol):
    """Deliver job ids to workers listening on a named queue."""

    kind: str

    def enqueue(
        self, job_id: int, queue: str, priority: JobPriority, delay_seconds: float = 0.0
    ) -> None:
        """Ask a worker on ``queue`` to run job ``job_id`` (after ``delay_seconds``)."""
        ...

    def pending(self, queue: str) -> int:
        """Return how many messages wait on ``queue``."""
        ...


class JobContext(Protocol):
    """What a running job handler may do: report progress and learn of cancellation."""

    job_id: int
    attempt: int

    def progress(
        self,
        completed: int,
        total: int | None = None,
        current_item: str | None = None,
        failed: int | None = None,
    ) -> None:
        """Record progress; raise JobCancelled when cancellation was requested."""
        ...

    def check_cancelled(self) -> None:
        """Raise JobCancelled when cancellation was requested."""
        ...


class JobCancelled(Exception):
    """Raised inside a handler when the job was cancelled or its lease was lost."""


class JobLeaseLost(JobCancelled):
    """Raised when another worker took the job over (our heartbeat went stale)."""
