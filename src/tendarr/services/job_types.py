"""The registry of job types: what each is called, where it runs and what it does."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from tendarr.ports.job_queue import JobContext

JobHandler = Callable[[JobContext, Mapping[str, Any]], dict[str, Any] | None]
PayloadCheck = Callable[[Mapping[str, Any]], dict[str, Any]]


@dataclass(frozen=True)
class JobType:
    """One kind of background work."""

    name: str
    title: str
    handler: JobHandler
    check_payload: PayloadCheck
    queue: str = "default"
    user_startable: bool = False


class JobTypeRegistry:
    """Job types by name; built once by the composition root."""

    def __init__(self, types: list[JobType]) -> None:
        self._types = {t.name: t for t in types}

    def get(self, name: str) -> JobType | None:
        """Return the job type called ``name``."""
        return self._types.get(name)

    def names(self) -> list[str]:
        """Return every registered job type name."""
        return sorted(self._types)

    def queues(self) -> list[str]:
        """Return the queues any job type runs on."""
        return sorted({t.queue for t in self._types.values()} | {"default"})
