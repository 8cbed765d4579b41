"""What the dashboard and ``/api/system/status`` report about this installation."""

from __future__ import annotations

from dataclasses import dataclass

from tendarr import __version__
from tendarr.domain.jobs import JobState
from tendarr.ports.clock import Clock
from tendarr.ports.job_queue import JobQueue
from tendarr.ports.repositories import UnitOfWorkFactory

WORKER_LEASE_PREFIX = "worker:"


@dataclass(frozen=True)
class WorkerInfo:
    """A worker process that renewed its presence recently."""

    name: str
    queues: str


@dataclass(frozen=True)
class SystemStatus:
    """A snapshot of the installation."""

    version: str
    database: str
    queue: str
    workers: list[WorkerInfo]
    jobs: dict[str, int]
    queue_depth: dict[str, int]


class SystemStatusService:
    """Assemble the status snapshot."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        queue: JobQueue,
        database_kind: str,
        queues: list[str],
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._queue = queue
        self._database_kind = database_kind
        self._queues = queues

    def status(self) -> SystemStatus:
        """Return the current snapshot."""
        with self._uow() as uow:
            counts = uow.jobs.count_by_state()
            live = uow.leases.live(WORKER_LEASE_PREFIX, self._clock.now())
        return SystemStatus(
            version=__version__,
            database=self._database_kind,
            queue=self._queue.kind,
            workers=[WorkerInfo(n.removeprefix(WORKER_LEASE_PREFIX), q) for n, q in live],
            jobs={state.value: counts.get(state, 0) for state in JobState},
            queue_depth={q: self._queue.pending(q) for q in self._queues},
        )
