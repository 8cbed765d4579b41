"""Sonarr and Radarr instances: CRUD and connection tests (admins); API keys redacted."""

from __future__ import annotations

from fastapi import APIRouter, Response, status
from starlette.concurrency import run_in_threadpool

from tendarr.api.arr_schemas import ArrBody, ArrConnectionOut, ArrOut
from tendarr.api.deps import AdminCaller, Context
from tendarr.domain.errors import ValidationFailed
from tendarr.services.manage_arr import ArrService

router = APIRouter(tags=["arr"])


def _arr(context: Context) -> ArrService:
    if context.arr is None:
        raise ValidationFailed("Sonarr/Radarr management is not available in this process")
    return context.arr


@router.get("/api/arr", summary="Configured Sonarr/Radarr instances (API keys redacted)")
def list_instances(caller: AdminCaller, context: Context) -> list[ArrOut]:
    """Return every configured instance."""
    return [ArrOut.of(c) for c in _arr(context).all()]


@router.post("/api/arr", status_code=status.HTTP_201_CREATED, summary="Add an instance")
def create_instance(body: ArrBody, caller: AdminCaller, context: Context) -> ArrOut:
    """Save a new Sonarr or Radarr."""
    return ArrOut.of(_arr(context).create(body.to_config(), caller.user.username))


@router.post("/api/arr/test-connection", summary="Test a candidate instance (not saved)")
async def test_candidate(body: ArrBody, caller: AdminCaller, context: Context) -> ArrConnectionOut:
    """Connect with an unsaved configuration: the app's version and root folders, or why not."""
    result = await run_in_threadpool(_arr(context).test_connection, body.to_config())
    return ArrConnectionOut.of(result)


@router.get("/api/arr/{instance_id}", summary="One instance")
def get_instance(instance_id: str, caller: AdminCaller, context: Context) -> ArrOut:
    """Return one instance."""
    return ArrOut.of(_arr(context).get(instance_id))


@router.put("/api/arr/{instance_id}", summary="Replace an instance")
def update_instance(
    instance_id: str, body: ArrBody, caller: AdminCaller, context: Context
) -> ArrOut:
    """Replace an instance; an API key sent back as ``********`` is kept."""
    if body.id != instance_id:
        raise ValidationFailed("id: must match the URL")
    return ArrOut.of(_arr(context).replace(body.to_config(), caller.user.username))


@router.delete(
    "/api/arr/{instance_id}", status_code=status.HTTP_204_NO_CONTENT, summary="Remove one"
)
def delete_instance(instance_id: str, caller: AdminCaller, context: Context) -> Response:
    """Remove an instance."""
    _arr(context).delete(instance_id, caller.user.username)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
