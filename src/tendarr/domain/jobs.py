"""Background jobs: states, priorities and the decisions around retries and staleness."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


class JobState(enum.StrEnum):
    """Where a job is in its life."""

    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"

    @property
    def is_terminal(self) -> bool:
        """Return whether the job will never run again on its own."""
        return self in TERMINAL_STATES


TERMINAL_STATES = frozenset({JobState.SUCCEEDED, JobState.FAILED, JobState.CANCELLED})


class JobPriority(enum.IntEnum):
    """Scheduling priority; lower number runs first, as in the *arr apps."""

    HIGH = 1
    NORMAL = 2
    LOW = 3

    @property
    def queue_rank(self) -> int:
        """Return the transport's rank, where higher numbers are dequeued first."""
        return 10 * (4 - self.value)


@dataclass(frozen=True)
class Job:
    """A unit of background work and everything known about its progress."""

    id: int
    type: str
    title: str
    queue: str
    state: JobState
    priority: JobPriority
    payload: dict[str, Any]
    progress: float = 0.0
    total: int = 0
    completed: int = 0
    failed: int = 0
    current_item: str | None = None
    attempts: int = 0
    max_attempts: int = 3
    cancel_requested: bool = False
    worker: str | None = None
    lease_token: str | None = None
    heartbeat_at: datetime | None = None
    run_after: datetime | None = None
    created_at: datetime | None = None
    started_at: datetime | None = None
    finished_at: datetime | None = None
    updated_at: datetime | None = None
    result: dict[str, Any] | None = None
    error: str | None = None
    created_by: str | None = None
    version: int = 0
    history: list[dict[str, Any]] = field(default_factory=list)


def retry_delay(attempt: int, base_seconds: float, cap_seconds: float = 3600.0) -> float:
    """Return the back-off before retry number ``attempt`` (1-based): base * 2^(attempt-1)."""
    if attempt < 1:
        raise ValueError("attempt is 1-based")
    return float(min(cap_seconds, base_seconds * (2 ** (attempt - 1))))


def should_retry(attempts: int, max_attempts: int) -> bool:
    """Return whether a job that failed on attempt ``attempts`` gets another try."""
    return attempts < max_attempts
