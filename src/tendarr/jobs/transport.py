"""huey as the transport: one huey instance per named queue, carrying only job ids."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from huey import Huey, PostgresHuey, PriorityRedisHuey, SqliteHuey

from tendarr.domain.jobs import JobPriority

TASK_NAME = "tendarr.run_job"
JobCallback = Callable[[int], object]


def queue_kind(url: str) -> str:
    """Return ``sqlite``, ``redis`` or ``postgresql`` for a queue URL."""
    scheme = urlsplit(url).scheme.lower()
    return {"rediss": "redis", "postgres": "postgresql"}.get(scheme, scheme)


def _make_huey(url: str, queue: str) -> Huey:
    name = f"tendarr-{queue}"
    kind = queue_kind(url)
    if kind == "sqlite":
        path = Path(urlsplit(url).path)
        path.parent.mkdir(parents=True, exist_ok=True)
        return SqliteHuey(name, filename=str(path), results=False, utc=True)
    if kind == "redis":
        return PriorityRedisHuey(name, url=url, results=False, utc=True)
    if kind == "postgresql":
        dsn = url.replace("postgresql+psycopg://", "postgresql://", 1)
        return PostgresHuey(name, dsn=dsn, results=False, utc=True)
    raise ValueError(f"unsupported queue URL scheme {kind!r}")


class HueyJobQueue:
    """The JobQueue port over huey; the callback runs a job by id on a worker."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.kind = queue_kind(url)
        self._hueys: dict[str, Huey] = {}
        self._tasks: dict[str, Any] = {}
        self._callback: JobCallback | None = None
        self._lock = threading.Lock()

    def bind(self, callback: JobCallback) -> None:
        """Set what a worker does with a delivered job id."""
        self._callback = callback

    def huey(self, queue: str) -> Huey:
        """Return (creating once) the huey instance behind ``queue``."""
        with self._lock:
            if queue not in self._hueys:
                instance = _make_huey(self.url, queue)
                self._tasks[queue] = instance.task(name=TASK_NAME)(self._deliver)
                self._hueys[queue] = instance
            return self._hueys[queue]

    def _deliver(self, job_id: int) -> None:
        if self._callback is None:
            raise RuntimeError("no job runner bound to this queue")
        self._callback(job_id)

    def enqueue(
        self, job_id: int, queue: str, priority: JobPriority, delay_seconds: float = 0.0
    ) -> None:
        """Send ``job_id`` to ``queue``; a delay goes through huey's schedule."""
        self.huey(queue)
        task = self._tasks[queue]
        if delay_seconds > 0:
            task.schedule(args=(job_id,), delay=delay_seconds, priority=priority.queue_rank)
        else:
            self.huey(queue).enqueue(task.s(job_id, priority=priority.queue_rank))

    def pending(self, queue: str) -> int:
        """Return the number of messages waiting on ``queue``."""
        return int(self.huey(queue).pending_count())

    def close(self) -> None:
        """Close storage connections."""
        for instance in self._hueys.values():
            close = getattr(instance.storage, "close", None)
            if callable(close):
                close()
