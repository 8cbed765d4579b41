"""Emby system info, users and libraries (the paged ``/Query`` forms)."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from tendarr.sim.mediabrowser import routes_library, users
from tendarr.sim.mediabrowser.http import Ctx
from tendarr.sim.mediabrowser.listing import BadQuery
from tendarr.sim.mediabrowser.wire import json_response


def _public(ctx: Ctx) -> dict[str, Any]:
    server = ctx.state.server
    address = str(ctx.request.base_url).rstrip("/")
    return {
        "LocalAddress": address,
        "LocalAddresses": [address],
        "RemoteAddresses": [],
        "ServerName": server.name,
        "Version": server.version,
        "Id": server.machine_id,
    }


async def info_public(ctx: Ctx) -> Response:
    """Return ``GET /System/Info/Public``."""
    return json_response(_public(ctx))


async def info(ctx: Ctx) -> Response:
    """Return ``GET /System/Info``."""
    body = _public(ctx)
    body.update(
        OperatingSystem="Linux",
        OperatingSystemDisplayName="Linux",
        HasPendingRestart=False,
        IsShuttingDown=False,
        SupportsLibraryMonitor=True,
        WebSocketPortNumber=8096,
        CanSelfRestart=True,
        CanLaunchWebBrowser=False,
        ProgramDataPath="/config",
        ItemsByNamePath="/config/metadata",
        CachePath="/config/cache",
        LogPath="/config/logs",
        InternalMetadataPath="/config/metadata",
        TranscodingTempPath="/config/transcoding-temp",
        HttpServerPortNumber=8096,
        SupportsHttps=False,
        HttpsPortNumber=8920,
        HasUpdateAvailable=False,
        SystemArchitecture="X64",
    )
    return json_response(body)


def _window(ctx: Ctx, rows: list[dict[str, Any]]) -> dict[str, Any]:
    try:
        start = ctx.query.int("StartIndex") or 0
        limit = ctx.query.int("Limit")
    except ValueError as err:
        raise BadQuery(str(err)) from err
    window = rows[start:] if limit is None else rows[start : start + limit]
    return ctx.vendor.query_result(window, len(rows), start)


async def users_query(ctx: Ctx) -> Response:
    """Return ``GET /Users/Query``: users, paged."""
    return json_response(_window(ctx, await users.users_list(ctx)))


async def users_public(ctx: Ctx) -> Response:
    """Return ``GET /Users/Public``: users shown on the sign-in screen."""
    visible = [u for u in ctx.state.users() if u.kind != "managed"]
    return json_response([users.user_dto(ctx.state, u, public=True) for u in visible])


async def virtual_folders_query(ctx: Ctx) -> Response:
    """Return ``GET /Library/VirtualFolders/Query``: libraries, paged."""
    return json_response(_window(ctx, routes_library.virtual_folder_list(ctx)))
