"""VIPER (admin only): every show's viewers and bubbles, and one show's episode decisions."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool

from tendarr.api.deps import AdminCaller, Context
from tendarr.api.viper_schemas import ShowDetailOut, ShowSummaryOut
from tendarr.domain.errors import ValidationFailed
from tendarr.services.viper import ViperService

router = APIRouter(tags=["viper"])
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"description": "No such show (or the item is not a show)"}
}


def _viper(context: Context) -> ViperService:
    if context.viper is None:
        raise ValidationFailed("VIPER is not available in this process")
    return context.viper


@router.get("/api/viper/shows", summary="Shows with their viewers' bubbles")
async def shows(caller: AdminCaller, context: Context) -> list[ShowSummaryOut]:
    """Return every show somebody watched: each viewer's position, velocity and bubble, and
    how many episodes VIPER keeps, would delete and would fetch again."""
    found = await run_in_threadpool(_viper(context).overview)
    return [ShowSummaryOut.of(summary) for summary in found]


@router.get("/api/viper/shows/{item_id}", summary="One show's episodes", responses=NOT_FOUND)
async def show(item_id: int, caller: AdminCaller, context: Context) -> ShowDetailOut:
    """Return every episode of a show with its action, who keeps it and why, whether a
    deletion unmonitors it, and its redownload plan."""
    detail = await run_in_threadpool(_viper(context).show, item_id)
    return ShowDetailOut.detail(detail)
