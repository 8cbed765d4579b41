"""Preview schedules in ``preview_schedules``."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from tendarr.domain.previews.schedules import Schedule, ScheduleKind, ScheduleSpec
from tendarr.persistence.preview_tables import PreviewScheduleRow


class SqlScheduleRepository:
    """CRUD plus the due query; rows are locked when read for a run."""

    def __init__(self, session: Session) -> None:
        self._s = session

    def add(self, spec: ScheduleSpec, next_run_at: datetime | None, now: datetime) -> Schedule:
        row = PreviewScheduleRow(created_at=now)
        _apply(row, spec, next_run_at, now)
        self._s.add(row)
        self._s.flush()
        return _schedule(row)

    def get(self, schedule_id: int) -> Schedule | None:
        row = self._s.get(PreviewScheduleRow, schedule_id, populate_existing=True)
        return _schedule(row) if row else None

    def all(self) -> list[Schedule]:
        query = select(PreviewScheduleRow).order_by(PreviewScheduleRow.id)
        return [_schedule(r) for r in self._s.scalars(query)]

    def update(
        self, schedule_id: int, spec: ScheduleSpec, next_run_at: datetime | None, now: datetime
    ) -> Schedule | None:
        row = self._s.get(PreviewScheduleRow, schedule_id)
        if row is None:
            return None
        _apply(row, spec, next_run_at, now)
        self._s.flush()
        return _schedule(row)

    def delete(self, schedule_id: int) -> bool:
        row = self._s.get(PreviewScheduleRow, schedule_id)
        if row is None:
            return False
        self._s.delete(row)
        self._s.flush()
        return True

    def due(self, now: datetime) -> list[Schedule]:
        query = (
            select(PreviewScheduleRow)
            .where(PreviewScheduleRow.enabled.is_(True), PreviewScheduleRow.next_run_at <= now)
            .order_by(PreviewScheduleRow.next_run_at)
            .with_for_update()
        )
        rows = self._s.scalars(query.execution_options(populate_existing=True))
        return [_schedule(r) for r in rows]

    def record_run(
        self,
        schedule_id: int,
        now: datetime,
        *,
        next_run_at: datetime | None,
        job_id: int | None,
        status: str,
    ) -> None:
        row = self._s.get(PreviewScheduleRow, schedule_id)
        if row is None:
            return
        row.last_run_at = now
        row.next_run_at = next_run_at
        if job_id is not None:
            row.last_job_id = job_id
        row.last_status = status
        self._s.flush()


def _apply(
    row: PreviewScheduleRow, spec: ScheduleSpec, next_run_at: datetime | None, now: datetime
) -> None:
    row.name = spec.name
    row.kind = spec.kind.value
    row.server_id = spec.server_id
    row.library_id = spec.library_id
    row.cron = spec.cron
    row.interval_seconds = spec.interval_seconds
    row.lookback_hours = spec.lookback_hours
    row.force = spec.force
    row.priority = spec.priority
    row.enabled = spec.enabled
    row.next_run_at = next_run_at
    row.updated_at = now


def _schedule(row: PreviewScheduleRow) -> Schedule:
    spec = ScheduleSpec(
        name=row.name,
        kind=ScheduleKind(row.kind),
        server_id=row.server_id,
        library_id=row.library_id,
        cron=row.cron,
        interval_seconds=row.interval_seconds,
        lookback_hours=row.lookback_hours,
        force=row.force,
        priority=row.priority,
        enabled=row.enabled,
    )
    return Schedule(
        id=row.id,
        spec=spec,
        next_run_at=row.next_run_at,
        last_run_at=row.last_run_at,
        last_job_id=row.last_job_id,
        last_status=row.last_status,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )
