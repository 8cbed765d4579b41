"""Start preview jobs, read their per-file outcomes, retry and reprocess them, pause all."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from tendarr.domain.errors import NotFound, ValidationFailed
from tendarr.domain.jobs import Job, JobPriority
from tendarr.domain.previews.schedules import MAX_LOOKBACK_HOURS, MIN_LOOKBACK_HOURS
from tendarr.domain.previews.work import (
    LIBRARY_JOB,
    PATHS_JOB,
    PREVIEW_QUEUE,
    RECENT_JOB,
    FileStatus,
    ItemRef,
)
from tendarr.ports.preview_store import FileOutcomeRecord, PreviewUnitOfWorkFactory
from tendarr.services.job_types import JobType
from tendarr.services.manage_jobs import JobService
from tendarr.services.preview_control import ProcessingControl, ProcessingState
from tendarr.services.process_previews import PreviewProcessor

MAX_PATHS = 10_000
PREVIEW_JOBS = frozenset({PATHS_JOB, LIBRARY_JOB, RECENT_JOB})


@dataclass(frozen=True)
class OutcomePage:
    """A page of a job's per-file outcomes, with the totals per status."""

    items: list[FileOutcomeRecord]
    total: int
    counts: dict[FileStatus, int]


def check_paths_payload(payload: Mapping[str, Any]) -> dict[str, Any]:
    """Validate a ``previews.paths`` payload."""
    paths = payload.get("paths", [])
    if not isinstance(paths, list) or not all(isinstance(p, str) and p for p in paths):
        raise ValidationFailed("paths must be a list of file paths")
    if any(not p.startswith("/") for p in paths):
        raise ValidationFailed("paths must be absolute (start with /)")
    items = payload.get("items", [])
    if not isinstance(items, list) or not all(
        isinstance(i, Mapping) and i.get("server_id") and i.get("native_id") for i in items
    ):
        raise ValidationFailed("items must be a list of {server_id, native_id}")
    if not paths and not items:
        raise ValidationFailed("give at least one path")
    if len(paths) + len(items) > MAX_PATHS:
        raise ValidationFailed(f"at most {MAX_PATHS} files per job")
    checked = _common(payload)
    checked.update(
        paths=list(dict.fromkeys(paths)),
        items=[{"server_id": str(i["server_id"]), "native_id": str(i["native_id"])} for i in items],
        origin=str(payload.get("origin") or "manual")[:64],
        attempt=_int(payload, "attempt", 0, 0, 100),
    )
    if payload.get("retry_of") is not None:
        checked["retry_of"] = _int(payload, "retry_of", 0, 1, 2**62)
    return checked


def check_library_payload(payload: Mapping[str, Any]) -> dict[str, Any]:
    """Validate a ``previews.library`` payload."""
    checked = _common(payload)
    for key in ("server_id", "library_id"):
        value = payload.get(key)
        if value is not None and not isinstance(value, str):
            raise ValidationFailed(f"{key} must be a string")
        checked[key] = value
    if checked["library_id"] is not None and checked["server_id"] is None:
        raise ValidationFailed("library_id needs server_id")
    if payload.get("schedule_id") is not None:
        checked["schedule_id"] = _int(payload, "schedule_id", 0, 1, 2**62)
    return checked


def check_recent_payload(payload: Mapping[str, Any]) -> dict[str, Any]:
    """Validate a ``previews.recent`` payload."""
    checked = check_library_payload(payload)
    hours = payload.get("lookback_hours")
    if not isinstance(hours, int | float) or not MIN_LOOKBACK_HOURS <= hours <= MAX_LOOKBACK_HOURS:
        raise ValidationFailed(f"lookback_hours must be {MIN_LOOKBACK_HOURS}-{MAX_LOOKBACK_HOURS}")
    checked["lookback_hours"] = float(hours)
    return checked


def _common(payload: Mapping[str, Any]) -> dict[str, Any]:
    force = payload.get("force", False)
    if not isinstance(force, bool):
        raise ValidationFailed("force must be true or false")
    return {"force": force}


def _int(payload: Mapping[str, Any], key: str, default: int, low: int, high: int) -> int:
    value = payload.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise ValidationFailed(f"{key} must be a whole number {low}-{high}")
    return value


def preview_job_types(processor: PreviewProcessor) -> list[JobType]:
    """Return the three preview job types (queue ``media``) for the registry."""
    return [
        JobType(PATHS_JOB, "Previews: files", processor.run_paths, check_paths_payload,
                PREVIEW_QUEUE),
        JobType(LIBRARY_JOB, "Previews: full library", processor.run_library,
                check_library_payload, PREVIEW_QUEUE, user_startable=True),
        JobType(RECENT_JOB, "Previews: recently added", processor.run_recent,
                check_recent_payload, PREVIEW_QUEUE, user_startable=True),
    ]  # fmt: skip


class PreviewJobService:
    """What the previews API does with jobs."""

    def __init__(
        self, uow: PreviewUnitOfWorkFactory, jobs: JobService, control: ProcessingControl
    ) -> None:
        self._uow = uow
        self._jobs = jobs
        self._control = control

    def submit_paths(
        self,
        paths: Sequence[str],
        *,
        origin: str,
        title: str | None,
        force: bool,
        priority: JobPriority,
        created_by: str | None = None,
        items: Sequence[ItemRef] = (),
    ) -> Job:
        """Queue previews for local file paths (and media-server items)."""
        payload = {
            "paths": list(paths),
            "items": [i.as_payload() for i in items],
            "origin": origin,
            "force": force,
        }
        count = len(paths) + len(items)
        label = title or f"Previews: {count} file{'s' if count != 1 else ''}"
        return self._jobs.submit(
            PATHS_JOB, payload, priority=priority, created_by=created_by, title=label
        )

    def submit_library(
        self,
        *,
        server_id: str | None,
        library_id: str | None,
        force: bool,
        priority: JobPriority,
        created_by: str | None,
        lookback_hours: float | None = None,
        schedule_id: int | None = None,
        title: str | None = None,
    ) -> Job:
        """Queue a full-library run, or a recently-added one when ``lookback_hours`` is set."""
        payload: dict[str, Any] = {"server_id": server_id, "library_id": library_id, "force": force}
        if schedule_id is not None:
            payload["schedule_id"] = schedule_id
        job_type = LIBRARY_JOB
        if lookback_hours is not None:
            job_type, payload["lookback_hours"] = RECENT_JOB, lookback_hours
        return self._jobs.submit(
            job_type, payload, priority=priority, created_by=created_by, title=title
        )

    def outcomes(
        self,
        job_id: int,
        statuses: Sequence[FileStatus] | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> OutcomePage:
        """Return a page of job ``job_id``'s per-file outcomes (filtered by status)."""
        self._preview_job(job_id)
        with self._uow() as uow:
            items = uow.previews.outcomes(job_id, statuses, limit, offset)
            counts = uow.previews.outcome_counts(job_id)
        total = sum(n for s, n in counts.items() if not statuses or s in statuses)
        return OutcomePage(items, total, counts)

    def retry_failed(self, job_id: int, actor: str | None) -> Job:
        """Queue the files that failed in job ``job_id`` again."""
        job = self._preview_job(job_id)
        with self._uow() as uow:
            paths = uow.previews.outcome_paths(job_id, [FileStatus.FAILED])
        paths = [p for p in paths if p.startswith("/")]
        if not paths:
            raise ValidationFailed(f"job {job_id} has no failed files to retry")
        return self.submit_paths(
            paths,
            origin="retry",
            title=f"Previews: retry {len(paths)} failed file(s) of job {job_id}",
            force=bool(job.payload.get("force")),
            priority=job.priority,
            created_by=actor,
        )

    def reprocess(self, job_id: int, actor: str | None) -> Job:
        """Run job ``job_id``'s work again, regenerating even fresh previews."""
        job = self._preview_job(job_id)
        payload = {**job.payload, "force": True, "attempt": 0}
        payload.pop("retry_of", None)
        return self._jobs.submit(
            job.type,
            payload,
            priority=job.priority,
            created_by=actor,
            title=f"{job.title} (reprocess)",
        )

    def pause(self, actor: str | None) -> ProcessingState:
        """Pause every preview job (running files finish)."""
        return self._control.pause(actor)

    def resume(self, actor: str | None) -> ProcessingState:
        """Resume preview work."""
        return self._control.resume(actor)

    def paused(self) -> bool:
        """Return whether preview work is paused."""
        return self._control.paused()

    def processing(self) -> ProcessingState:
        """Return the pause flag and quiet hours as they stand."""
        return self._control.state()

    def _preview_job(self, job_id: int) -> Job:
        job = self._jobs.get(job_id)
        if job.type not in PREVIEW_JOBS:
            raise NotFound(f"job {job_id} is not a preview job")
        return job
