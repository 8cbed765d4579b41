"""Per-user retention rules (admins): the form, its generated cleanup rules, item verdicts.

A body is the retention form of docs/retention.md; ``enabled`` (default true) may sit
beside its fields.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, Response, status
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from tendarr.api.deps import AdminCaller, Context
from tendarr.domain.errors import ValidationFailed
from tendarr.services.retention import ItemVerdict, RetentionService, RetentionView

router = APIRouter(tags=["cleanup"])
FormBody = Annotated[dict[str, Any], Body()]


class RetentionOut(BaseModel):
    """A saved retention rule."""

    id: int
    name: str
    enabled: bool
    form: dict[str, Any]
    cleanup_rule_ids: dict[str, int]
    in_sync: bool
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, view: RetentionView) -> RetentionOut:
        """Build from the service's view."""
        return cls(
            id=view.id,
            name=view.name,
            enabled=view.enabled,
            form=view.form,
            cleanup_rule_ids=view.cleanup_rule_ids,
            in_sync=view.in_sync,
            created_at=view.created_at,
            updated_at=view.updated_at,
        )


class VerdictOut(BaseModel):
    """One item's verdict: ``due``, ``keep`` or ``unknown`` (kept), with reasons.

    ``due_at`` is when the N days end; null when that is not known yet, and for a title the
    rule does not apply to (none of its requesters requested it; the first reason says so).
    """

    id: int
    kind: str
    title: str
    verdict: str
    reasons: list[str]
    due_at: datetime | None

    @classmethod
    def of(cls, item: ItemVerdict) -> VerdictOut:
        """Build from the service's verdict."""
        return cls(
            id=item.id,
            kind=item.kind,
            title=item.title,
            verdict=item.verdict.verdict,
            reasons=list(item.verdict.reasons),
            due_at=item.verdict.due_at,
        )


def _retention(context: Context) -> RetentionService:
    if context.retention is None:
        raise ValidationFailed("retention is not available in this process")
    return context.retention


def _enabled(body: dict[str, Any]) -> tuple[dict[str, Any], bool | None]:
    form = dict(body)
    enabled = form.pop("enabled", None)
    if enabled is not None and not isinstance(enabled, bool):
        raise ValidationFailed("enabled: must be true or false")
    return form, enabled


@router.get("/api/cleanup/retention", summary="Per-user retention rules")
def list_retention(caller: AdminCaller, context: Context) -> list[RetentionOut]:
    """Return every retention rule with the cleanup rules it made."""
    return [RetentionOut.of(view) for view in _retention(context).all()]


@router.post(
    "/api/cleanup/retention", status_code=status.HTTP_201_CREATED, summary="Add a retention rule"
)
def create_retention(body: FormBody, caller: AdminCaller, context: Context) -> RetentionOut:
    """Validate a form and save it with its cleanup rules (a dry run unless ``mode`` says)."""
    form, enabled = _enabled(body)
    service = _retention(context)
    rule_id = service.create(form, caller.user.username, True if enabled is None else enabled)
    return RetentionOut.of(service.get(rule_id))


@router.get("/api/cleanup/retention/{rule_id}", summary="One retention rule")
def get_retention(rule_id: int, caller: AdminCaller, context: Context) -> RetentionOut:
    """Return one retention rule."""
    return RetentionOut.of(_retention(context).get(rule_id))


@router.put("/api/cleanup/retention/{rule_id}", summary="Replace a retention rule")
def update_retention(
    rule_id: int, body: FormBody, caller: AdminCaller, context: Context
) -> RetentionOut:
    """Replace the form and rewrite its cleanup rules (``enabled`` left out keeps it)."""
    form, enabled = _enabled(body)
    service = _retention(context)
    service.update(rule_id, form, caller.user.username, enabled)
    return RetentionOut.of(service.get(rule_id))


@router.delete(
    "/api/cleanup/retention/{rule_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete a retention rule",
)
def delete_retention(rule_id: int, caller: AdminCaller, context: Context) -> Response:
    """Delete the form and its cleanup rules."""
    _retention(context).delete(rule_id, caller.user.username)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/api/cleanup/retention/{rule_id}/verdicts", summary="What the rule says per item")
async def verdicts(
    rule_id: int,
    caller: AdminCaller,
    context: Context,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> list[VerdictOut]:
    """Judge every item the rule covers now: due, unknown (kept) or keep, with reasons."""
    found = await run_in_threadpool(_retention(context).verdicts, rule_id, limit)
    return [VerdictOut.of(item) for item in found]
