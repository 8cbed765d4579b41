"""Overseerr and Jellyseerr apps: CRUD and connection tests (admins); API keys redacted."""

from __future__ import annotations

from fastapi import APIRouter, Response, status
from starlette.concurrency import run_in_threadpool

from tendarr.api.deps import AdminCaller, Context
from tendarr.api.request_app_schemas import (
    RequestAppBody,
    RequestAppConnectionOut,
    RequestAppOut,
)
from tendarr.domain.errors import ValidationFailed
from tendarr.services.manage_request_apps import RequestAppService

router = APIRouter(tags=["request-apps"])


def _apps(context: Context) -> RequestAppService:
    if context.request_apps is None:
        raise ValidationFailed("request app management is not available in this process")
    return context.request_apps


@router.get("/api/request-apps", summary="Configured Overseerr/Jellyseerr apps (keys redacted)")
def list_apps(caller: AdminCaller, context: Context) -> list[RequestAppOut]:
    """Return every configured request app."""
    return [RequestAppOut.of(c) for c in _apps(context).all()]


@router.post("/api/request-apps", status_code=status.HTTP_201_CREATED, summary="Add an app")
def create_app(body: RequestAppBody, caller: AdminCaller, context: Context) -> RequestAppOut:
    """Save a new Overseerr or Jellyseerr."""
    return RequestAppOut.of(_apps(context).create(body.to_config(), caller.user.username))


@router.post("/api/request-apps/test", summary="Test a candidate app (not saved)")
async def test_candidate(
    body: RequestAppBody, caller: AdminCaller, context: Context
) -> RequestAppConnectionOut:
    """Connect with an unsaved configuration: version, the key's user and request count."""
    result = await run_in_threadpool(_apps(context).test_connection, body.to_config())
    return RequestAppConnectionOut.of(result)


@router.get("/api/request-apps/{app_id}", summary="One request app")
def get_app(app_id: str, caller: AdminCaller, context: Context) -> RequestAppOut:
    """Return one app."""
    return RequestAppOut.of(_apps(context).get(app_id))


@router.put("/api/request-apps/{app_id}", summary="Replace a request app")
def update_app(
    app_id: str, body: RequestAppBody, caller: AdminCaller, context: Context
) -> RequestAppOut:
    """Replace an app; an API key sent back as ``********`` is kept."""
    if body.id != app_id:
        raise ValidationFailed("id: must match the URL")
    return RequestAppOut.of(_apps(context).replace(body.to_config(), caller.user.username))


@router.delete(
    "/api/request-apps/{app_id}", status_code=status.HTTP_204_NO_CONTENT, summary="Remove one"
)
def delete_app(app_id: str, caller: AdminCaller, context: Context) -> Response:
    """Remove an app."""
    _apps(context).delete(app_id, caller.user.username)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/api/request-apps/{app_id}/test", summary="Test a saved app")
async def test_saved(app_id: str, caller: AdminCaller, context: Context) -> RequestAppConnectionOut:
    """Connect with a saved app's stored configuration."""
    service = _apps(context)
    stored = service.get(app_id)
    result = await run_in_threadpool(service.test_connection, stored)
    return RequestAppConnectionOut.of(result)
