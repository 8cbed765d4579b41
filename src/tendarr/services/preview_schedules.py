"""Preview schedules: CRUD, what is due, run now, and the periodic task that starts them."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, tzinfo

import structlog

from tendarr.domain.errors import NotFound, ValidationFailed
from tendarr.domain.jobs import Job, JobPriority
from tendarr.domain.previews.schedules import Schedule, ScheduleKind, ScheduleSpec
from tendarr.ports.clock import Clock
from tendarr.ports.preview_store import PreviewUnitOfWorkFactory
from tendarr.services.manage_jobs import JobService
from tendarr.services.preview_jobs import PreviewJobService

log = structlog.get_logger(__name__)

# How often the scheduler should call ``run_due`` (seconds); cron has minute resolution.
SCHEDULE_TICK_SECONDS = 30.0


class ScheduleService:
    """Schedules of full-library and recently-added preview runs."""

    def __init__(
        self,
        uow: PreviewUnitOfWorkFactory,
        clock: Clock,
        previews: PreviewJobService,
        jobs: JobService,
        tz: tzinfo | None = None,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._previews = previews
        self._jobs = jobs
        self._tz = tz  # cron reads wall-clock time here; None: the host's zone

    def all(self) -> list[Schedule]:
        """Return every schedule."""
        with self._uow() as uow:
            return uow.preview_schedules.all()

    def get(self, schedule_id: int) -> Schedule:
        """Return one schedule or raise NotFound."""
        with self._uow() as uow:
            found = uow.preview_schedules.get(schedule_id)
        if found is None:
            raise NotFound(f"schedule {schedule_id} does not exist")
        return found

    def create(self, spec: ScheduleSpec, actor: str | None) -> Schedule:
        """Save a new schedule; its first run is computed from now."""
        spec = spec.check()
        now = self._clock.now()
        with self._uow() as uow:
            self._check_scope(uow_servers=[s.id for s in uow.servers.all()], spec=spec)
            created = uow.preview_schedules.add(spec, self._next(spec, now), now)
            uow.audit.record(now, actor, "schedule.created", f"schedule:{created.id}", {})
            uow.commit()
        return created

    def update(self, schedule_id: int, spec: ScheduleSpec, actor: str | None) -> Schedule:
        """Replace a schedule's settings; its next run is recomputed from now."""
        spec = spec.check()
        now = self._clock.now()
        with self._uow() as uow:
            self._check_scope(uow_servers=[s.id for s in uow.servers.all()], spec=spec)
            updated = uow.preview_schedules.update(schedule_id, spec, self._next(spec, now), now)
            if updated is None:
                raise NotFound(f"schedule {schedule_id} does not exist")
            uow.audit.record(now, actor, "schedule.updated", f"schedule:{schedule_id}", {})
            uow.commit()
        return updated

    def set_enabled(self, schedule_id: int, enabled: bool, actor: str | None) -> Schedule:
        """Switch a schedule on or off."""
        return self.update(schedule_id, replace(self.get(schedule_id).spec, enabled=enabled), actor)

    def delete(self, schedule_id: int, actor: str | None) -> None:
        """Delete a schedule (jobs it started are kept)."""
        with self._uow() as uow:
            if not uow.preview_schedules.delete(schedule_id):
                raise NotFound(f"schedule {schedule_id} does not exist")
            uow.audit.record(
                self._clock.now(), actor, "schedule.deleted", f"schedule:{schedule_id}", {}
            )
            uow.commit()

    def due(self, now: datetime) -> list[Schedule]:
        """Return the enabled schedules whose next run is at or before ``now``."""
        with self._uow() as uow:
            return uow.preview_schedules.due(now)

    def run_now(self, schedule_id: int, actor: str | None) -> Job:
        """Start a schedule's run at once; its regular timetable is unchanged."""
        schedule = self.get(schedule_id)
        job = self._start(schedule, actor)
        with self._uow() as uow:
            uow.preview_schedules.record_run(
                schedule_id,
                self._clock.now(),
                next_run_at=schedule.next_run_at,
                job_id=job.id,
                status=f"started job {job.id} by hand",
            )
            uow.commit()
        return job

    def run_due(self) -> list[Job]:
        """Start every due schedule (the periodic task); a run still going is not doubled."""
        now = self._clock.now()
        with self._uow() as uow:
            due = uow.preview_schedules.due(now)
            plans = [(s, self._next(s.spec, now)) for s in due]
            for schedule, next_run in plans:  # claim first, so a failover cannot double a run
                uow.preview_schedules.record_run(
                    schedule.id, now, next_run_at=next_run, job_id=None, status="starting"
                )
            uow.commit()
        started = []
        for schedule, next_run in plans:
            active = self._active_job(schedule.last_job_id)
            if active is not None:
                status, job_id = f"skipped: job {active.id} is still {active.state.value}", None
            else:
                try:
                    job = self._start(schedule, "scheduler")
                except Exception as err:  # one broken schedule must not stop the others
                    log.exception("previews.schedule_failed", schedule_id=schedule.id)
                    status, job_id = f"failed to start: {err}", None
                else:
                    started.append(job)
                    status, job_id = f"started job {job.id}", job.id
            with self._uow() as uow:
                uow.preview_schedules.record_run(
                    schedule.id, now, next_run_at=next_run, job_id=job_id, status=status
                )
                uow.commit()
        return started

    def _start(self, schedule: Schedule, actor: str | None) -> Job:
        spec = schedule.spec
        return self._previews.submit_library(
            server_id=spec.server_id,
            library_id=spec.library_id,
            force=spec.force,
            priority=JobPriority(spec.priority),
            created_by=actor,
            lookback_hours=spec.lookback_hours
            if spec.kind is ScheduleKind.RECENTLY_ADDED
            else None,
            schedule_id=schedule.id,
            title=f"Previews: {spec.name}",
        )

    def _active_job(self, job_id: int | None) -> Job | None:
        if job_id is None:
            return None
        try:
            job = self._jobs.get(job_id)
        except NotFound:
            return None
        return None if job.state.is_terminal else job

    def _next(self, spec: ScheduleSpec, now: datetime) -> datetime | None:
        return spec.next_run(now, self._tz) if spec.enabled else None

    @staticmethod
    def _check_scope(uow_servers: list[str], spec: ScheduleSpec) -> None:
        if spec.server_id is not None and spec.server_id not in uow_servers:
            raise ValidationFailed(f"server_id: no server {spec.server_id!r} is configured")
