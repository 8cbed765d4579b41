"""Cleanup rules (admin only): the property catalogue, saved rules, preview, item lifecycle.

A rule body is the rule document of docs/rules.md; ``enabled`` (default true) may sit
beside its fields and is stored with the rule, not in it.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, Response, status
from starlette.concurrency import run_in_threadpool

from tendarr.api.cleanup_schemas import LifecycleOut, PreviewOut, PropertyOut, RuleOut
from tendarr.api.deps import AdminCaller, Context
from tendarr.domain.errors import ValidationFailed
from tendarr.domain.rules import PROPERTIES
from tendarr.services.cleanup_rules import CleanupRuleService

router = APIRouter(tags=["cleanup"])
RuleBody = Annotated[dict[str, Any], Body()]
Limit = Annotated[int, Query(ge=1, le=500)]
Offset = Annotated[int, Query(ge=0)]


def _cleanup(context: Context) -> CleanupRuleService:
    if context.cleanup is None:
        raise ValidationFailed("cleanup is not available in this process")
    return context.cleanup


def _enabled(body: dict[str, Any], default: bool = True) -> tuple[dict[str, Any], bool]:
    document = dict(body)
    enabled = document.pop("enabled", default)
    if not isinstance(enabled, bool):
        raise ValidationFailed("enabled: must be true or false")
    return document, enabled


@router.get("/api/cleanup/properties", summary="Every property a rule can test")
def properties(caller: AdminCaller) -> list[PropertyOut]:
    """Return the property catalogue with each property's operators (for the editor)."""
    return [PropertyOut.of(spec) for spec in PROPERTIES.values()]


@router.get("/api/cleanup/rules", summary="Saved cleanup rules")
def list_rules(caller: AdminCaller, context: Context) -> list[RuleOut]:
    """Return every saved rule."""
    return [RuleOut.of(rule) for rule in _cleanup(context).list()]


@router.post("/api/cleanup/rules", status_code=status.HTTP_201_CREATED, summary="Save a rule")
def create_rule(body: RuleBody, caller: AdminCaller, context: Context) -> RuleOut:
    """Validate and save a rule; a new rule is a dry run unless ``mode`` says otherwise."""
    document, enabled = _enabled(body)
    return RuleOut.of(_cleanup(context).create(document, caller.user.username, enabled))


@router.post("/api/cleanup/rules/preview", summary="Preview an unsaved rule")
async def preview_unsaved(
    body: RuleBody, caller: AdminCaller, context: Context, limit: Limit = 50, offset: Offset = 0
) -> PreviewOut:
    """Evaluate a rule document now: its matches with reasons, kept items, total size."""
    document, _ = _enabled(body)
    service = _cleanup(context)
    preview = await run_in_threadpool(service.preview, document, limit, offset)
    return PreviewOut.of(preview, limit, offset)


@router.get("/api/cleanup/rules/{rule_id}", summary="One saved rule")
def get_rule(rule_id: int, caller: AdminCaller, context: Context) -> RuleOut:
    """Return one saved rule."""
    return RuleOut.of(_cleanup(context).get(rule_id))


@router.put("/api/cleanup/rules/{rule_id}", summary="Replace a saved rule")
def update_rule(rule_id: int, body: RuleBody, caller: AdminCaller, context: Context) -> RuleOut:
    """Validate and replace a saved rule (``enabled`` left out keeps the stored flag)."""
    service = _cleanup(context)
    document, enabled = _enabled(body, default=service.get(rule_id).enabled)
    return RuleOut.of(service.update(rule_id, document, caller.user.username, enabled))


@router.delete(
    "/api/cleanup/rules/{rule_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete a saved rule",
)
def delete_rule(rule_id: int, caller: AdminCaller, context: Context) -> Response:
    """Delete a saved rule."""
    _cleanup(context).delete(rule_id, caller.user.username)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/api/cleanup/rules/{rule_id}/preview", summary="Preview a saved rule")
async def preview_saved(
    rule_id: int, caller: AdminCaller, context: Context, limit: Limit = 50, offset: Offset = 0
) -> PreviewOut:
    """Evaluate a saved rule now."""
    service = _cleanup(context)
    preview = await run_in_threadpool(service.preview_saved, rule_id, limit, offset)
    return PreviewOut.of(preview, limit, offset)


@router.get("/api/items/{item_id}/lifecycle", summary="Why each rule keeps or matches an item")
def lifecycle(item_id: int, caller: AdminCaller, context: Context) -> LifecycleOut:
    """Explain every enabled rule's tri-state result for one library item."""
    return LifecycleOut.of(_cleanup(context).lifecycle(item_id))
