"""The deletion history, its totals and the lifecycle events (admin only)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from tendarr.api.deletion_schemas import (
    DeletionOut,
    DeletionPageOut,
    DeletionStatsOut,
    LifecycleEventOut,
)
from tendarr.api.deps import AdminCaller, Context
from tendarr.domain.errors import ValidationFailed
from tendarr.ports.deletions import DeletionSource, DeletionState
from tendarr.ports.lifecycle_events import LifecycleEventKind
from tendarr.services.deletion_history import DeletionHistoryService

router = APIRouter(tags=["cleanup"])


def _service(context: Context) -> DeletionHistoryService:
    if context.deletion_history is None:
        raise ValidationFailed("the deletion history is not available in this process")
    return context.deletion_history


@router.get("/api/deletions", summary="Deletion history")
def history(
    caller: AdminCaller,
    context: Context,
    state: DeletionState | None = None,
    source: DeletionSource | None = None,
    media_item_id: Annotated[int | None, Query(ge=1)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> DeletionPageOut:
    """Every deletion, newest first: what, when, which rule and why, method, space freed;
    ``media_item_id`` keeps one library item's."""
    service = _service(context)
    return DeletionPageOut.of(service.page(limit, offset, state, source, media_item_id))


@router.get("/api/deletions/stats", summary="Deletions and space freed")
def stats(
    caller: AdminCaller,
    context: Context,
    days: Annotated[int | None, Query(ge=1, le=3650)] = None,
) -> DeletionStatsOut:
    """Counts per outcome and the space freed (over the last ``days`` days, or all time)."""
    return DeletionStatsOut.of(_service(context).stats(days))


@router.get("/api/deletions/{deletion_id}", summary="One deletion with its steps")
def one(deletion_id: int, caller: AdminCaller, context: Context) -> DeletionOut:
    """One deletion with every external call it made."""
    return DeletionOut.of(_service(context).get(deletion_id))


@router.get("/api/lifecycle/events", summary="Lifecycle events")
def events(
    caller: AdminCaller,
    context: Context,
    kind: LifecycleEventKind | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> list[LifecycleEventOut]:
    """The newest domain events (entered Leaving Soon, deleted, restored, ...)."""
    return [LifecycleEventOut.of(e) for e in _service(context).events(limit, kind)]
