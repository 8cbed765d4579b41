"""Media servers: CRUD, connection tests, libraries, sync, path ownership (admins)."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, Request, Response, status
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from tendarr.api.deps import AdminCaller, Context
from tendarr.api.schemas import JobOut
from tendarr.api.server_schemas import (
    ConnectionOut,
    EnabledBody,
    OwnerList,
    OwnerOut,
    ServerBody,
    ServerList,
    ServerOut,
    SyncBody,
)
from tendarr.domain.errors import ValidationFailed
from tendarr.services.manage_servers import ServerService
from tendarr.services.manage_settings import validation_message
from tendarr.services.watch_servers import sync_from_webhook

router = APIRouter(tags=["servers"])


def _servers(context: Context) -> ServerService:
    if context.servers is None:
        raise ValidationFailed("server management is not available in this process")
    return context.servers


@router.get("/api/servers", summary="Configured media servers (secrets redacted)")
def list_servers(caller: AdminCaller, context: Context) -> ServerList:
    """Return every configured server."""
    return ServerList(servers=[ServerOut.of(c) for c in _servers(context).all()])


@router.post("/api/servers", status_code=status.HTTP_201_CREATED, summary="Add a server")
def create_server(body: ServerBody, caller: AdminCaller, context: Context) -> ServerOut:
    """Save a new server entry."""
    return ServerOut.of(_servers(context).create(body.to_config(), caller.user.username))


@router.post("/api/servers/test-connection", summary="Test a candidate configuration")
def test_candidate(body: ServerBody, caller: AdminCaller, context: Context) -> ConnectionOut:
    """Connect with an unsaved configuration and list its libraries."""
    return ConnectionOut.of(_servers(context).test_connection(body.to_config()))


@router.get("/api/servers/owners", summary="Which servers own a path")
def path_owners(
    caller: AdminCaller,
    context: Context,
    path: Annotated[str, Query(min_length=1, max_length=4096)],
) -> OwnerList:
    """Return the servers whose path mappings cover ``path`` and the local path."""
    owners = _servers(context).owners(path)
    return OwnerList(
        owners=[OwnerOut(server_id=o.server_id, local_path=o.local_path) for o in owners]
    )


@router.get("/api/servers/{server_id}", summary="One server")
def get_server(server_id: str, caller: AdminCaller, context: Context) -> ServerOut:
    """Return one server entry."""
    return ServerOut.of(_servers(context).get(server_id))


@router.put("/api/servers/{server_id}", summary="Replace a server entry")
def put_server(
    server_id: str, body: ServerBody, caller: AdminCaller, context: Context
) -> ServerOut:
    """Replace the entry; redacted secrets keep their stored values."""
    if body.id != server_id:
        raise ValidationFailed("id in the body must match the URL")
    return ServerOut.of(_servers(context).replace(body.to_config(), caller.user.username))


@router.patch("/api/servers/{server_id}", summary="Change some fields of a server")
def patch_server(
    server_id: str,
    caller: AdminCaller,
    context: Context,
    changes: dict[str, Any] = Body(..., examples=[{"name": "Living-room Plex"}]),
) -> ServerOut:
    """Merge the sent fields into the stored entry."""
    service = _servers(context)
    current = ServerOut.of(service.get(server_id)).model_dump(
        exclude={"last_sync_at", "last_sync_status"}
    )
    try:
        merged = ServerBody.model_validate(current | changes | {"id": server_id})
    except ValidationError as err:
        raise ValidationFailed(validation_message(err)) from err
    return ServerOut.of(service.replace(merged.to_config(), caller.user.username))


@router.patch("/api/servers/{server_id}/enabled", summary="Enable or disable a server")
def set_enabled(
    server_id: str, body: EnabledBody, caller: AdminCaller, context: Context
) -> ServerOut:
    """Switch a server on or off without deleting it."""
    return ServerOut.of(
        _servers(context).set_enabled(server_id, body.enabled, caller.user.username)
    )


@router.delete(
    "/api/servers/{server_id}", status_code=status.HTTP_204_NO_CONTENT, summary="Remove a server"
)
def delete_server(server_id: str, caller: AdminCaller, context: Context) -> Response:
    """Delete the entry; items only it held are marked removed, history is kept."""
    _servers(context).delete(server_id, caller.user.username)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/api/servers/{server_id}/test-connection", summary="Re-test a saved server")
def test_saved(server_id: str, caller: AdminCaller, context: Context) -> ConnectionOut:
    """Connect with the stored configuration."""
    return ConnectionOut.of(_servers(context).test_saved(server_id))


@router.post("/api/servers/{server_id}/refresh-libraries", summary="Re-read the libraries")
def refresh_libraries(server_id: str, caller: AdminCaller, context: Context) -> ServerOut:
    """Fetch libraries from the server; existing toggles are kept, new ones enabled."""
    return ServerOut.of(_servers(context).refresh_libraries(server_id, caller.user.username))


@router.post(
    "/api/servers/{server_id}/sync",
    status_code=status.HTTP_202_ACCEPTED,
    summary="Sync the server's libraries and household (returns the library job)",
)
def start_sync(
    server_id: str, caller: AdminCaller, context: Context, body: SyncBody | None = None
) -> JobOut:
    """Queue a library sync (or return the one already queued or running), and a household
    sync of the same server: accounts, watch history and watchlists."""
    full = body.full if body else True
    job = _servers(context).start_sync(server_id, full, caller.user.username)
    if context.household is not None:
        context.household.start_sync(server_id, False, caller.user.username)
    return JobOut.of(job)


@router.post(
    "/api/webhooks/media-server/{server_id}",
    status_code=status.HTTP_202_ACCEPTED,
    summary="Webhook from a media server (Jellyfin/Emby webhook plugin): incremental sync",
    response_model=JobOut,
    responses={204: {"description": "Not about the library (e.g. playback); nothing done"}},
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"type": "object"}}},
        }
    },
)
async def media_server_webhook(
    server_id: str, request: Request, caller: AdminCaller, context: Context
) -> Response:
    """Start an incremental sync of the server (or return the one queued or running).

    Any JSON template works; ``NotificationType`` and ``ServerId`` are checked when present.
    Send the API key as the ``X-Api-Key`` header.
    """
    try:
        payload = json.loads(await request.body())
    except ValueError as err:
        raise ValidationFailed("the webhook body is not valid JSON") from err
    job = await run_in_threadpool(sync_from_webhook, _servers(context), server_id, payload)
    if job is None:
        return Response(status_code=status.HTTP_204_NO_CONTENT)
    return JSONResponse(
        JobOut.of(job).model_dump(mode="json"), status_code=status.HTTP_202_ACCEPTED
    )
