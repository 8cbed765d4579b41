"""UserDto, AuthenticationResult and sign-in, shared by Jellyfin and Emby."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from tendarr.sim.mediabrowser.http import Ctx, Refusal
from tendarr.sim.mediabrowser.state import Device, ServerState, Token
from tendarr.sim.mediabrowser.wire import iso, json_response
from tendarr.sim.model import User


def policy(state: ServerState, user: User) -> dict[str, Any]:
    """Return a user's policy: the owner administers, others only watch."""
    admin = user.kind == "owner"
    out: dict[str, Any] = {
        "IsAdministrator": admin,
        "IsHidden": user.kind == "managed",
        "IsDisabled": False,
        "BlockedTags": [],
        "EnableUserPreferenceAccess": True,
        "AccessSchedules": [],
        "BlockUnratedItems": [],
        "EnableRemoteControlOfOtherUsers": admin,
        "EnableSharedDeviceControl": True,
        "EnableRemoteAccess": True,
        "EnableLiveTvManagement": admin,
        "EnableLiveTvAccess": True,
        "EnableMediaPlayback": True,
        "EnableAudioPlaybackTranscoding": True,
        "EnableVideoPlaybackTranscoding": True,
        "EnablePlaybackRemuxing": True,
        "ForceRemoteSourceTranscoding": False,
        "EnableContentDeletion": admin,
        "EnableContentDeletionFromFolders": [],
        "EnableContentDownloading": True,
        "EnableSyncTranscoding": True,
        "EnableMediaConversion": True,
        "EnabledDevices": [],
        "EnableAllDevices": True,
        "EnabledChannels": [],
        "EnableAllChannels": True,
        "EnabledFolders": [],
        "EnableAllFolders": True,
        "InvalidLoginAttemptCount": 0,
        "EnablePublicSharing": True,
        "BlockedMediaFolders": [],
        "BlockedChannels": [],
        "RemoteClientBitrateLimit": 0,
    }
    if state.flavor == "jellyfin":
        out.update(
            EnableCollectionManagement=admin,
            EnableSubtitleManagement=admin,
            EnableLyricManagement=admin,
            AllowedTags=[],
            LoginAttemptsBeforeLockout=-1,
            MaxActiveSessions=0,
            AuthenticationProviderId=(
                "Jellyfin.Server.Implementations.Users.DefaultAuthenticationProvider"
            ),
            PasswordResetProviderId=(
                "Jellyfin.Server.Implementations.Users.DefaultPasswordResetProvider"
            ),
            SyncPlayAccess="CreateAndJoinGroups",
        )
    else:
        out.update(IsHiddenRemotely=False, IsTagBlockingModeInclusive=False)
    return out


def user_dto(state: ServerState, user: User, public: bool = False) -> dict[str, Any]:
    """Return the UserDto for a household member."""
    out: dict[str, Any] = {
        "Name": user.username,
        "ServerId": state.server.machine_id,
        "Id": state.user_id(user),
        "HasPassword": True,
        "HasConfiguredPassword": True,
        "HasConfiguredEasyPassword": False,
    }
    if state.flavor == "jellyfin":
        out["EnableAutoLogin"] = False
    if public:
        return out
    out["LastLoginDate"] = iso(state.world.now)
    out["LastActivityDate"] = iso(state.world.now)
    out["Configuration"] = {
        "PlayDefaultAudioTrack": True,
        "SubtitleLanguagePreference": "",
        "DisplayMissingEpisodes": False,
        "GroupedFolders": [],
        "SubtitleMode": "Default",
        "DisplayCollectionsView": False,
        "EnableLocalPassword": False,
        "OrderedViews": [],
        "LatestItemsExcludes": [],
        "MyMediaExcludes": [],
        "HidePlayedInLatest": True,
        "RememberAudioSelections": True,
        "RememberSubtitleSelections": True,
        "EnableNextEpisodeAutoPlay": True,
    }
    out["Policy"] = policy(state, user)
    return out


def session_info(state: ServerState, token: Token) -> dict[str, Any]:
    """Return the SessionInfo a sign-in creates."""
    assert token.user is not None
    now = iso(state.world.now)
    out: dict[str, Any] = {
        "PlayState": {
            "CanSeek": False,
            "IsPaused": False,
            "IsMuted": False,
            "RepeatMode": "RepeatNone",
        },
        "AdditionalUsers": [],
        "RemoteEndPoint": "10.0.0.20",
        "PlayableMediaTypes": [],
        "Id": state.mint("login-session", token.value),
        "UserId": state.user_id(token.user),
        "UserName": token.user.username,
        "Client": token.device.client,
        "LastActivityDate": now,
        "DeviceName": token.device.device,
        "DeviceId": token.device.device_id,
        "ApplicationVersion": token.device.version,
        "IsActive": True,
        "SupportsMediaControl": False,
        "SupportsRemoteControl": False,
        "ServerId": state.server.machine_id,
    }
    if state.flavor == "jellyfin":
        out["PlayState"]["PlaybackOrder"] = "Default"
        out.update(
            LastPlaybackCheckIn="0001-01-01T00:00:00.0000000Z",
            HasCustomDeviceName=False,
            SupportedCommands=[],
            NowPlayingQueue=[],
            NowPlayingQueueFullItems=[],
        )
    return out


def authentication_result(state: ServerState, user: User, device: Device) -> dict[str, Any]:
    """Issue a token for ``user`` and return the AuthenticationResult."""
    token = state.issue_token(user, device)
    return {
        "User": user_dto(state, user),
        "SessionInfo": session_info(state, token),
        "AccessToken": token.value,
        "ServerId": state.server.machine_id,
    }


def require_device(ctx: Ctx) -> Device:
    """Return the client fields; refuse (400) when the header lacks them."""
    device = ctx.caller.device
    if not (device.client and device.device and device.device_id and device.version):
        raise Refusal(ctx.vendor.bad_request("Client, Device, DeviceId and Version are required."))
    return device


async def authenticate_by_name(ctx: Ctx) -> Response:
    """Sign in with a user name and password (``POST /Users/AuthenticateByName``)."""
    body = {k.lower(): v for k, v in (await ctx.body()).items()}
    device = require_device(ctx)
    user = ctx.state.user_by_name(str(body.get("username") or ""))
    if user is None or body.get("pw") != user.password:
        raise Refusal(ctx.vendor.unauthorized("Error processing request."))
    return json_response(authentication_result(ctx.state, user, device))


async def users_list(ctx: Ctx) -> list[dict[str, Any]]:
    """Return the users filtered by ``isHidden``/``isDisabled``."""
    hidden = ctx.query.bool("isHidden")
    disabled = ctx.query.bool("isDisabled")
    out = []
    for user in ctx.state.users():
        dto = user_dto(ctx.state, user)
        if hidden is not None and dto["Policy"]["IsHidden"] != hidden:
            continue
        if disabled is not None and dto["Policy"]["IsDisabled"] != disabled:
            continue
        out.append(dto)
    return out


async def me(ctx: Ctx) -> Response:
    """Return the signed-in user (``GET /Users/Me``); 400 for the API key."""
    if ctx.caller.user is None:
        raise Refusal(ctx.vendor.bad_request("No user is signed in with this token."))
    return json_response(user_dto(ctx.state, ctx.caller.user))


async def user(ctx: Ctx, user_id: str) -> Response:
    """Return one user (``GET /Users/{userId}``)."""
    found = ctx.state.user_by_id(user_id)
    if found is None:
        raise Refusal(ctx.vendor.not_found("User not found"))
    return json_response(user_dto(ctx.state, found))
