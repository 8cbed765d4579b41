"""Live job events: poll the jobs table for changes and fan them out to subscribers.

Workers may run in other processes or on other hosts, so the table (not an in-process
callback) is the source; one poller per web process serves every browser connection.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import structlog

from tendarr.domain.jobs import Job
from tendarr.ports.clock import Clock
from tendarr.ports.repositories import UnitOfWorkFactory

log = structlog.get_logger(__name__)

# Look back a little further than one poll so that a commit landing just after a poll
# started (or a worker clock a little behind ours) is still seen.
_LOOKBACK = timedelta(seconds=10)


class EventHub:
    """Thread-safe fan-out from the poller thread to asyncio subscribers."""

    def __init__(self, max_queue: int = 1000) -> None:
        self._subscribers: set[tuple[asyncio.AbstractEventLoop, asyncio.Queue[Any]]] = set()
        self._lock = threading.Lock()
        self._max_queue = max_queue

    def subscribe(self) -> asyncio.Queue[Any]:
        """Return a queue that receives every event published from now on."""
        queue: asyncio.Queue[Any] = asyncio.Queue(self._max_queue)
        with self._lock:
            self._subscribers.add((asyncio.get_running_loop(), queue))
        return queue

    def unsubscribe(self, queue: asyncio.Queue[Any]) -> None:
        """Stop delivering to ``queue``."""
        with self._lock:
            self._subscribers = {s for s in self._subscribers if s[1] is not queue}

    def publish(self, event: Any) -> None:
        """Deliver ``event`` to every subscriber; a full (stuck) subscriber drops it."""
        with self._lock:
            targets = list(self._subscribers)
        for loop, queue in targets:
            try:
                loop.call_soon_threadsafe(_offer, queue, event)
            except RuntimeError:  # loop closed: the connection is gone
                self.unsubscribe(queue)

    @property
    def subscriber_count(self) -> int:
        """Return how many connections listen."""
        with self._lock:
            return len(self._subscribers)


def _offer(queue: asyncio.Queue[Any], event: Any) -> None:
    if not queue.full():
        queue.put_nowait(event)


class JobChangeWatcher:
    """Poll for changed jobs and publish each new version once."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        hub: EventHub,
        to_event: Callable[[Job], Any],
        interval_seconds: float = 0.5,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._hub = hub
        self._to_event = to_event
        self._interval = interval_seconds
        self._seen: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def poll(self) -> list[Job]:
        """Publish jobs changed since the last poll; return them."""
        with self._uow() as uow:
            changed = uow.jobs.changed_since(self._clock.now() - _LOOKBACK)
        fresh = [j for j in changed if self._seen.get(j.id) != j.version]
        for job in fresh:
            self._seen[job.id] = job.version
            self._hub.publish(self._to_event(job))
        if len(self._seen) > 5000:
            recent = {j.id for j in changed}
            self._seen = {k: v for k, v in self._seen.items() if k in recent}
        return fresh

    def start(self) -> None:
        """Poll in a daemon thread."""
        self._thread = threading.Thread(target=self._loop, name="job-events", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop polling."""
        self._stop.set()
        if self._thread:
            self._thread.join(timeout=5)

    def _loop(self) -> None:
        while not self._stop.wait(self._interval):
            if self._hub.subscriber_count == 0:
                continue
            try:
                self.poll()
            except Exception:  # keep serving; the next poll retries
                log.exception("job_events.poll_failed")
