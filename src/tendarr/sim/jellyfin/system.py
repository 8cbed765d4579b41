"""System info, users, sign-in and Quick Connect routes."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from tendarr.sim.mediabrowser import users
from tendarr.sim.mediabrowser.http import Ctx, Refusal
from tendarr.sim.mediabrowser.state import QuickConnectRequest
from tendarr.sim.mediabrowser.wire import iso, json_response


def _public(ctx: Ctx) -> dict[str, Any]:
    server = ctx.state.server
    return {
        "LocalAddress": str(ctx.request.base_url).rstrip("/"),
        "ServerName": server.name,
        "Version": server.version,
        "ProductName": "Jellyfin Server",
        "OperatingSystem": "",
        "Id": server.machine_id,
        "StartupWizardCompleted": True,
    }


async def info_public(ctx: Ctx) -> Response:
    """Return ``GET /System/Info/Public``."""
    return json_response(_public(ctx))


async def info(ctx: Ctx) -> Response:
    """Return ``GET /System/Info``."""
    body = _public(ctx)
    body.update(
        OperatingSystemDisplayName="Linux",
        PackageName="jellyfin-docker",
        HasPendingRestart=False,
        IsShuttingDown=False,
        SupportsLibraryMonitor=True,
        WebSocketPortNumber=8096,
        CompletedInstallations=[],
        CanSelfRestart=True,
        CanLaunchWebBrowser=False,
        ProgramDataPath="/config",
        WebPath="/jellyfin/jellyfin-web",
        ItemsByNamePath="/config/metadata",
        CachePath="/cache",
        LogPath="/config/log",
        InternalMetadataPath="/config/metadata",
        TranscodingTempPath="/cache/transcodes",
        CastReceiverApplications=[],
        HasUpdateAvailable=False,
        EncoderLocation="System",
        SystemArchitecture="X64",
    )
    return json_response(body)


async def users_list(ctx: Ctx) -> Response:
    """Return ``GET /Users`` as an array."""
    return json_response(await users.users_list(ctx))


def _result(ctx: Ctx, request: QuickConnectRequest) -> dict[str, Any]:
    return {
        "Authenticated": request.user is not None,
        "Secret": request.secret,
        "Code": request.code,
        "DeviceId": request.device.device_id,
        "DeviceName": request.device.device,
        "AppName": request.device.client,
        "AppVersion": request.device.version,
        "DateAdded": iso(request.added_at),
    }


async def quick_connect_enabled(ctx: Ctx) -> Response:
    """Return whether Quick Connect is on."""
    return json_response(ctx.state.quick_connect_enabled)


async def quick_connect_initiate(ctx: Ctx) -> Response:
    """Start a Quick Connect request for the calling device."""
    if not ctx.state.quick_connect_enabled:
        return Response("Quick connect is disabled", 401, media_type="text/plain")
    device = users.require_device(ctx)
    secret = ctx.state.mint("qc-secret", length=64)
    code = f"{int(ctx.state.mint('qc-code'), 16) % 1_000_000:06d}"
    request = QuickConnectRequest(secret, code, device, ctx.state.world.now)
    ctx.state.quick_connect[secret] = request
    return json_response(_result(ctx, request))


async def quick_connect_authorize(ctx: Ctx) -> Response:
    """Approve a code as the signed-in user (or ``userId`` for an administrator)."""
    user = ctx.target_user(ctx.query.get("userId"))
    code = ctx.query.get("code")
    if code is None:
        raise Refusal(ctx.vendor.bad_request("The code field is required."))
    if user is None:
        raise Refusal(ctx.vendor.bad_request("A user is required."))
    if not ctx.sim.authorize_quick_connect(code, user):
        raise Refusal(ctx.vendor.not_found("Unknown code"))
    return json_response(True)


async def quick_connect_connect(ctx: Ctx) -> Response:
    """Poll a Quick Connect request by secret; 404 for an unknown secret."""
    request = ctx.state.quick_connect.get(ctx.query.get("secret") or "")
    if request is None:
        return json_response("Unknown secret", 404)
    return json_response(_result(ctx, request))


async def authenticate_with_quick_connect(ctx: Ctx) -> Response:
    """Exchange an approved secret for an access token."""
    body = {k.lower(): v for k, v in (await ctx.body()).items()}
    request = ctx.state.quick_connect.get(str(body.get("secret") or ""))
    if request is None or request.user is None:
        return Response(b"", 400)
    del ctx.state.quick_connect[request.secret]
    return json_response(users.authentication_result(ctx.state, request.user, request.device))
