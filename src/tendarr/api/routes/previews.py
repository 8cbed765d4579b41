"""Preview jobs and processing control (admins); includes schedules and webhooks.

``router`` carries every preview route: include it once, and set ``app.state.previews``.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, status

from tendarr.api.deps import AdminCaller
from tendarr.api.preview_context import Previews
from tendarr.api.preview_schemas import ManualJobBody, OutcomePageOut, ProcessingOut
from tendarr.api.routes import preview_schedules, webhooks_incoming
from tendarr.api.schemas import JobOut
from tendarr.domain.errors import ValidationFailed
from tendarr.domain.jobs import JobPriority
from tendarr.domain.previews.work import FileStatus

router = APIRouter(tags=["previews"])


@router.post(
    "/api/jobs/manual", status_code=status.HTTP_201_CREATED, summary="Previews for given files"
)
def manual_job(body: ManualJobBody, caller: AdminCaller, previews: Previews) -> JobOut:
    """Queue previews for absolute local paths (``force`` regenerates fresh ones)."""
    job = previews.jobs.submit_paths(
        body.paths,
        origin="manual",
        title=body.title,
        force=body.force,
        priority=JobPriority(body.priority),
        created_by=caller.user.username,
    )
    return JobOut.of(job)


@router.get("/api/previews/jobs/{job_id}/files", summary="Per-file outcomes of a preview job")
def job_files(
    job_id: int,
    caller: AdminCaller,
    previews: Previews,
    status_filter: Annotated[list[FileStatus] | None, Query(alias="status")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> OutcomePageOut:
    """Return generated / fresh / excluded / not_indexed / failed files, with reasons."""
    page = previews.jobs.outcomes(job_id, status_filter, limit, offset)
    return OutcomePageOut.of(job_id, page, limit, offset)


@router.post(
    "/api/previews/jobs/{job_id}/retry-failed",
    status_code=status.HTTP_201_CREATED,
    summary="Queue a preview job's failed files again",
)
def retry_failed(job_id: int, caller: AdminCaller, previews: Previews) -> JobOut:
    """Start a new job with the files that failed."""
    return JobOut.of(previews.jobs.retry_failed(job_id, caller.user.username))


@router.post(
    "/api/previews/jobs/{job_id}/reprocess",
    status_code=status.HTTP_201_CREATED,
    summary="Run a preview job again, regenerating fresh previews too",
)
def reprocess(job_id: int, caller: AdminCaller, previews: Previews) -> JobOut:
    """Start the same work again with ``force``."""
    return JobOut.of(previews.jobs.reprocess(job_id, caller.user.username))


@router.post("/api/processing/pause", summary="Pause preview work (persisted)")
def pause(caller: AdminCaller, previews: Previews) -> ProcessingOut:
    """No new file starts until resumed; files being processed finish."""
    return ProcessingOut.of(previews.jobs.pause(caller.user.username))


@router.post("/api/processing/resume", summary="Resume preview work")
def resume(caller: AdminCaller, previews: Previews) -> ProcessingOut:
    """Let preview jobs start files again."""
    return ProcessingOut.of(previews.jobs.resume(caller.user.username))


@router.get("/api/processing/status", summary="Pause flag and quiet hours")
def processing_status(caller: AdminCaller, previews: Previews) -> ProcessingOut:
    """Return whether preview work may start files now, and why not."""
    return ProcessingOut.of(previews.jobs.processing())


@router.get("/api/previews/path-test", summary="Which servers own a path, and does it exist")
def path_test(
    caller: AdminCaller,
    previews: Previews,
    path: Annotated[str, Query(min_length=1, max_length=4096)],
) -> dict[str, Any]:
    """Map a path through every server's mappings, check it on disk, suggest fixes."""
    if previews.path_tester is None:
        raise ValidationFailed("the path tester is not available in this process")
    report = previews.path_tester.check(path)
    return {
        "path": report.path,
        "exists": report.exists,
        "local_paths": list(report.local_paths),
        "owners": [
            {
                "server_id": o.server_id,
                "server_name": o.server_name,
                "role": str(o.role),
                "remote_paths": list(o.remote_paths),
                "local_path": o.local_path,
                "exists": o.exists,
            }
            for o in report.owners
        ],
        "suggestions": [
            {"kind": str(s.kind), "message": s.message, "server_id": s.server_id}
            for s in report.suggestions
        ],
    }


router.include_router(preview_schedules.router)
router.include_router(webhooks_incoming.router)
