"""Background jobs: list, inspect, start, cancel, re-prioritise, retry."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, status

from tendarr.api.deps import AdminCaller, Context, CurrentCaller
from tendarr.api.schemas import JobList, JobOut, JobTypes, NewJobBody, PriorityBody
from tendarr.domain.errors import Forbidden
from tendarr.domain.jobs import JobPriority, JobState

router = APIRouter(tags=["jobs"])


@router.get("/api/jobs", summary="Jobs, newest first")
def list_jobs(
    caller: CurrentCaller,
    context: Context,
    state: Annotated[list[JobState] | None, Query()] = None,
    type: Annotated[str | None, Query(max_length=64)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> JobList:
    """Return jobs filtered by state and type."""
    jobs = context.jobs.find(state, type, limit, offset)
    return JobList(jobs=[JobOut.of(j) for j in jobs])


@router.get("/api/jobs/types", summary="Job types that can be started by hand")
def job_types(caller: CurrentCaller, context: Context) -> JobTypes:
    """Return the names accepted by ``POST /api/jobs``."""
    return JobTypes(types=context.jobs.startable_types())


@router.post("/api/jobs", status_code=status.HTTP_201_CREATED, summary="Start a job")
def start_job(body: NewJobBody, caller: AdminCaller, context: Context) -> JobOut:
    """Queue a job of a hand-startable type."""
    if body.type not in context.jobs.startable_types():
        raise Forbidden(f"job type {body.type!r} cannot be started by hand")
    job = context.jobs.submit(
        body.type,
        body.payload,
        priority=JobPriority(body.priority),
        created_by=caller.user.username,
        title=body.title,
    )
    return JobOut.of(job)


@router.get("/api/jobs/{job_id}", summary="One job with its history")
def get_job(job_id: int, caller: CurrentCaller, context: Context) -> JobOut:
    """Return job ``job_id``."""
    return JobOut.of(context.jobs.get(job_id))


@router.post("/api/jobs/{job_id}/cancel", summary="Cancel a job")
def cancel_job(job_id: int, caller: AdminCaller, context: Context) -> JobOut:
    """Cancel a queued job at once or stop a running one at its next checkpoint."""
    return JobOut.of(context.jobs.cancel(job_id, caller.user.username))


@router.post("/api/jobs/{job_id}/priority", summary="Change a job's priority")
def set_priority(job_id: int, body: PriorityBody, caller: AdminCaller, context: Context) -> JobOut:
    """Set priority 1 (high), 2 (normal) or 3 (low)."""
    job = context.jobs.set_priority(job_id, JobPriority(body.priority), caller.user.username)
    return JobOut.of(job)


@router.post("/api/jobs/{job_id}/retry", summary="Run a failed or cancelled job again")
def retry_job(job_id: int, caller: AdminCaller, context: Context) -> JobOut:
    """Re-queue the job from scratch with fresh attempts."""
    return JobOut.of(context.jobs.retry(job_id, caller.user.username))
