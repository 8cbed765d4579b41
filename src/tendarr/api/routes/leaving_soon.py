"""Leaving Soon and cleanup runs (admin only): plan, run, list, keep, extend, review."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, status
from starlette.concurrency import run_in_threadpool

from tendarr.api.deps import AdminCaller, Context
from tendarr.api.leaving_soon_schemas import EntryOut, ExtendBody, IdsBody, PlanOut, RunBody
from tendarr.api.schemas import JobOut
from tendarr.domain.errors import ValidationFailed
from tendarr.ports.leaving_soon_store import EntryState
from tendarr.services.leaving_soon import LeavingSoonService
from tendarr.services.leaving_soon_collections import start_collections_sync

router = APIRouter(tags=["cleanup"])


def _service(context: Context) -> LeavingSoonService:
    if context.leaving_soon is None:
        raise ValidationFailed("Leaving Soon is not available in this process")
    return context.leaving_soon


@router.get("/api/cleanup/plan", summary="What a cleanup run would do now")
async def plan(
    caller: AdminCaller,
    context: Context,
    override_rule_ids: Annotated[list[int] | None, Query()] = None,
) -> PlanOut:
    """Per rule: new entries, leavers, due, circuit-breaker trips, kept-because-unknown."""
    service = _service(context)
    return PlanOut.of(await run_in_threadpool(service.plan, override_rule_ids or []))


@router.post(
    "/api/cleanup/run", status_code=status.HTTP_202_ACCEPTED, summary="Start a cleanup run"
)
def run(body: RunBody, caller: AdminCaller, context: Context) -> JobOut:
    """Queue a cleanup run (or return the one queued or running); it updates Leaving Soon
    and deletes what is due (docs/cleanup.md)."""
    return JobOut.of(_service(context).start_run(body.override_rule_ids, caller.user.username))


@router.get("/api/leaving-soon", summary="Leaving Soon entries")
def entries(
    caller: AdminCaller, context: Context, state: EntryState | None = None
) -> list[EntryOut]:
    """Return entries with title, rule, reasons, dates, days left and size."""
    return [EntryOut.of(e) for e in _service(context).entries(state)]


@router.post(
    "/api/leaving-soon/collections/sync",
    status_code=status.HTTP_202_ACCEPTED,
    summary="Sync the Leaving Soon collections",
)
def sync_collections(caller: AdminCaller, context: Context) -> JobOut:
    """Queue a sync of the Leaving Soon collection on every media server (or return the
    one queued or running); the job's result lists each server's outcome."""
    return JobOut.of(start_collections_sync(context.jobs, caller.user.username))


@router.post("/api/leaving-soon/review/approve", summary="Approve pending entries")
def approve(body: IdsBody, caller: AdminCaller, context: Context) -> list[EntryOut]:
    """Pending entries enter Leaving Soon now, their grace starting today."""
    done = _service(context).approve(body.ids, caller.user.username)
    return [_out(context, e.id) for e in done]


@router.post("/api/leaving-soon/review/reject", summary="Reject pending entries")
def reject(body: IdsBody, caller: AdminCaller, context: Context) -> list[EntryOut]:
    """Rejected entries are kept by the admin; their rule does not re-add them."""
    done = _service(context).reject(body.ids, caller.user.username)
    return [_out(context, e.id) for e in done]


@router.post("/api/leaving-soon/{entry_id}/keep", summary="Keep an item")
def keep(entry_id: int, caller: AdminCaller, context: Context) -> EntryOut:
    """Keep the item; its rule never re-adds it while kept."""
    _service(context).keep(entry_id, caller.user.username)
    return _out(context, entry_id)


@router.post("/api/leaving-soon/{entry_id}/extend", summary="Extend an entry")
def extend(entry_id: int, body: ExtendBody, caller: AdminCaller, context: Context) -> EntryOut:
    """Move the deletion date ``days`` later."""
    _service(context).extend(entry_id, body.days, caller.user.username)
    return _out(context, entry_id)


def _out(context: Context, entry_id: int) -> EntryOut:
    return EntryOut.of(_service(context).entry(entry_id))
