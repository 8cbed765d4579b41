"""Periodic work, done by exactly one node: the holder of the scheduler lease."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import structlog

from tendarr.ports.clock import Clock
from tendarr.ports.repositories import UnitOfWorkFactory

log = structlog.get_logger(__name__)

LEASE_NAME = "scheduler"
# Renewed every tick; a dead leader is replaced this many seconds after its last tick.
LEASE_TTL_SECONDS = 8.0


@dataclass(frozen=True)
class PeriodicTask:
    """Something to do every ``every()`` seconds."""

    name: str
    every: Callable[[], float]
    action: Callable[[], object]
    run_at_start: bool = True  # False: the first run comes one interval after the first tick


class PeriodicScheduler:
    """Tick loop: renew the lease; when held, run every task that is due."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        node: str,
        tasks: list[PeriodicTask],
        tick_seconds: float = 1.0,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self.node = node
        self._tasks = tasks
        self._tick = tick_seconds
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def tick(self) -> list[str]:
        """Run one round; return the names of the tasks that ran here."""
        now = self._clock.now()
        with self._uow() as uow:
            leader = uow.leases.acquire(LEASE_NAME, self.node, now, LEASE_TTL_SECONDS)
            uow.commit()
        if not leader:
            return []
        ran = []
        for task in self._tasks:
            if self._due(task, now):
                try:
                    task.action()
                except Exception:  # one failing task must not stop the others
                    log.exception("schedule.task_failed", task=task.name)
                ran.append(task.name)
        return ran

    def _due(self, task: PeriodicTask, now: datetime) -> bool:
        key = f"schedule:{task.name}"
        interval = timedelta(seconds=task.every())  # may read settings: not inside our UoW
        with self._uow() as uow:
            last = uow.kv.get(key)
            if last and now - datetime.fromisoformat(last) < interval:
                return False
            uow.kv.put(key, now.isoformat())
            uow.commit()
        return bool(last) or task.run_at_start

    def start(self) -> None:
        """Run the tick loop in a daemon thread."""
        self._thread = threading.Thread(target=self._loop, name="scheduler", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop ticking and give up the lease so another node takes over at once."""
        self._stop.set()
        if self._thread:
            self._thread.join(timeout=5)
        with self._uow() as uow:
            uow.leases.release(LEASE_NAME, self.node)
            uow.commit()

    def _loop(self) -> None:
        while not self._stop.wait(self._tick):
            try:
                self.tick()
            except Exception:  # database hiccups: try again next tick
                log.exception("schedule.tick_failed")
