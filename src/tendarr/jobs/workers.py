"""Consumer threads for one or more queues, plus this worker's presence record."""

from __future__ import annotations

import os
import socket
import threading
import uuid

import structlog
from huey.consumer import Consumer

from tendarr.jobs.transport import HueyJobQueue
from tendarr.ports.clock import Clock
from tendarr.ports.repositories import UnitOfWorkFactory
from tendarr.services.system_status import WORKER_LEASE_PREFIX

log = structlog.get_logger(__name__)

PRESENCE_TTL_SECONDS = 30.0


def worker_name() -> str:
    """Return a name unique to this process: host, pid and a short random suffix."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


class _ThreadConsumer(Consumer):  # type: ignore[misc]
    """A huey consumer that leaves the host process's signal handlers alone."""

    def _set_signal_handlers(self) -> None:
        return None


class WorkerPool:
    """Run ``threads`` consumer threads on each queue until stopped."""

    def __init__(
        self,
        queue: HueyJobQueue,
        queues: list[str],
        threads: int,
        uow: UnitOfWorkFactory,
        clock: Clock,
        name: str,
    ) -> None:
        self._queue = queue
        self._queues = queues
        self._threads = threads
        self._uow = uow
        self._clock = clock
        self.name = name
        self._consumers: list[_ThreadConsumer] = []
        self._stop = threading.Event()
        self._presence: threading.Thread | None = None

    def start(self) -> None:
        """Start consuming and announcing presence."""
        for queue in self._queues:
            consumer = _ThreadConsumer(
                self._queue.huey(queue),
                workers=self._threads,
                periodic=False,
                worker_type="thread",
                initial_delay=0.05,
                backoff=1.5,
                max_delay=0.5,
                check_worker_health=False,
            )
            consumer.start()
            self._consumers.append(consumer)
        self._announce()
        self._presence = threading.Thread(
            target=self._presence_loop, daemon=True, name="worker-presence"
        )
        self._presence.start()
        log.info(
            "workers.started",
            worker=self.name,
            queues=self._queues,
            threads=self._threads,
            transport=self._queue.kind,
        )

    def stop(self, graceful: bool = True) -> None:
        """Stop consuming; graceful waits for running jobs to finish."""
        self._stop.set()
        for consumer in self._consumers:
            consumer.stop(graceful=graceful)
        with self._uow() as uow:
            uow.leases.release(WORKER_LEASE_PREFIX + self.name, ",".join(self._queues))
            uow.commit()
        log.info("workers.stopped", worker=self.name)

    def _announce(self) -> None:
        with self._uow() as uow:
            uow.leases.acquire(
                WORKER_LEASE_PREFIX + self.name,
                ",".join(self._queues),
                self._clock.now(),
                PRESENCE_TTL_SECONDS,
            )
            uow.commit()

    def _presence_loop(self) -> None:
        while not self._stop.wait(PRESENCE_TTL_SECONDS / 3):
            try:
                self._announce()
            except Exception:
                log.exception("workers.presence_failed")
