"""Restorations (admin only): list them, retry a failed one, restore a deletion by hand."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, status

from tendarr.api.deps import AdminCaller, Context
from tendarr.api.protection_schemas import RestorationOut
from tendarr.domain.errors import ValidationFailed
from tendarr.ports.restorations import RestorationState
from tendarr.services.restoration import RestorationService

router = APIRouter(tags=["lifecycle"])


def _service(context: Context) -> RestorationService:
    if context.restorations is None:
        raise ValidationFailed("restorations are not available in this process")
    return context.restorations


@router.get("/api/restorations", summary="Restorations and where each stands")
def listing(
    caller: AdminCaller,
    context: Context,
    state: RestorationState | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[RestorationOut]:
    """Return restorations newest first, with every step taken."""
    return [RestorationOut.of(found) for found in _service(context).listing(limit, state)]


@router.get("/api/restorations/{restoration_id}", summary="One restoration")
def get_restoration(restoration_id: int, caller: AdminCaller, context: Context) -> RestorationOut:
    """Return one restoration with its steps."""
    return RestorationOut.of(_service(context).get(restoration_id))


@router.post(
    "/api/restorations/{restoration_id}/retry",
    status_code=status.HTTP_202_ACCEPTED,
    summary="Retry a failed restoration",
)
def retry(restoration_id: int, caller: AdminCaller, context: Context) -> RestorationOut:
    """Queue a failed restoration again (409 unless it failed); every step is idempotent."""
    return RestorationOut.of(_service(context).retry(restoration_id, caller.user.username))


@router.post(
    "/api/deletions/{deletion_id}/restore",
    status_code=status.HTTP_202_ACCEPTED,
    summary="Restore a deleted title",
)
def restore(deletion_id: int, caller: AdminCaller, context: Context) -> RestorationOut:
    """Start restoring a completed deletion (or return the restoration already under way)."""
    user_id = caller.user.id if caller.user.id > 0 else None
    found = _service(context).restore_deletion(deletion_id, user_id, caller.user.username)
    return RestorationOut.of(found)
