"""Preview schedules: list, create, replace, delete, run now (admins)."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from tendarr.api.deps import AdminCaller
from tendarr.api.preview_context import Previews
from tendarr.api.preview_schemas import ScheduleBody, ScheduleList, ScheduleOut
from tendarr.api.schemas import JobOut

router = APIRouter(tags=["schedules"])


@router.get("/api/schedules", summary="Preview schedules")
def list_schedules(caller: AdminCaller, previews: Previews) -> ScheduleList:
    """Return every schedule with its next and last run."""
    return ScheduleList(schedules=[ScheduleOut.of(s) for s in previews.schedules.all()])


@router.post("/api/schedules", status_code=status.HTTP_201_CREATED, summary="Add a schedule")
def create_schedule(body: ScheduleBody, caller: AdminCaller, previews: Previews) -> ScheduleOut:
    """Save a cron or interval schedule of a full-library or recently-added run."""
    return ScheduleOut.of(previews.schedules.create(body.to_spec(), caller.user.username))


@router.get("/api/schedules/{schedule_id}", summary="One schedule")
def get_schedule(schedule_id: int, caller: AdminCaller, previews: Previews) -> ScheduleOut:
    """Return one schedule."""
    return ScheduleOut.of(previews.schedules.get(schedule_id))


@router.put("/api/schedules/{schedule_id}", summary="Replace a schedule")
def put_schedule(
    schedule_id: int, body: ScheduleBody, caller: AdminCaller, previews: Previews
) -> ScheduleOut:
    """Replace the schedule's settings (``enabled`` switches it on or off)."""
    updated = previews.schedules.update(schedule_id, body.to_spec(), caller.user.username)
    return ScheduleOut.of(updated)


@router.delete(
    "/api/schedules/{schedule_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete a schedule",
)
def delete_schedule(schedule_id: int, caller: AdminCaller, previews: Previews) -> Response:
    """Delete the schedule; the jobs it started stay."""
    previews.schedules.delete(schedule_id, caller.user.username)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/api/schedules/{schedule_id}/run",
    status_code=status.HTTP_201_CREATED,
    summary="Run a schedule now",
)
def run_schedule(schedule_id: int, caller: AdminCaller, previews: Previews) -> JobOut:
    """Start the schedule's run at once; its timetable is unchanged."""
    return JobOut.of(previews.schedules.run_now(schedule_id, caller.user.username))
