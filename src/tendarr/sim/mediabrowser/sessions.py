"""Now-playing sessions: start and stop playback, and the SessionInfo shape."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, Literal

from tendarr.sim.mediabrowser.catalog import Catalog, Item
from tendarr.sim.mediabrowser.delivery import decide, profile_for, transcoding_info
from tendarr.sim.mediabrowser.dto import base_item
from tendarr.sim.mediabrowser.state import Device, PlaybackSession, ServerState, UserItemData
from tendarr.sim.mediabrowser.userdata import TICKS_PER_MS, stored
from tendarr.sim.mediabrowser.wire import iso
from tendarr.sim.model import Play, User

COMPLETION_PERCENT = 90


def start(
    state: ServerState, user: User, item: Item, device: Device | None = None
) -> PlaybackSession:
    """Start playback of an item for a user (test helper for a client that plays).

    Without a device the user plays in Chrome through the web client; what the device's
    profile cannot play decides the session's PlayMethod (see ``delivery``).
    """
    client = "Jellyfin Web" if state.flavor == "jellyfin" else "Emby Web"
    device = device or Device(client, "Chrome", f"dev-{user.id}", state.server.version)
    session = PlaybackSession(
        state.mint("session", user.id), user, item.key, device, state.world.now
    )
    if item.file is not None:
        session.delivery = decide(item.file, profile_for(device))
    state.sessions[session.id] = session
    return session


def stop(state: ServerState, catalog: Catalog, session_id: str, position_ms: int) -> Play:
    """Stop a session at ``position_ms``; record the play in the World and in user data."""
    session = state.sessions.pop(session_id)
    item = next(i for i in catalog.items if i.key == session.item_key)
    file = item.file
    duration = file.duration_ms if file is not None else position_ms
    completed = position_ms * 100 >= duration * COMPLETION_PERCENT
    kind: Literal["movie", "episode"] = "movie" if item.type == "Movie" else "episode"
    play = Play(
        id=max((p.id for p in state.world.plays), default=0) + 1,
        user_id=session.user.id,
        server_id=state.server.id,
        item_kind=kind,
        item_id=item.key[1],
        started_at=session.started_at,
        stopped_at=max(state.world.now, session.started_at + timedelta(milliseconds=position_ms)),
        view_offset_ms=position_ms,
        duration_ms=duration,
        completed=completed,
        player=session.device.client,
        platform=session.device.device,
    )
    state.world.plays.append(play)
    before = stored(state, session.user, item)
    state.user_data[(session.user.id, item.key)] = UserItemData(
        played=before.played or completed,
        play_count=before.play_count + (1 if completed else 0),
        position_ticks=0 if completed else position_ms * TICKS_PER_MS,
        last_played=play.stopped_at,
    )
    state.world.emit("play.stopped", play_id=play.id, server_id=state.server.id)
    return play


def session_dto(state: ServerState, catalog: Catalog, session: PlaybackSession) -> dict[str, Any]:
    """Return the SessionInfo for a playing session."""
    item = next((i for i in catalog.items if i.key == session.item_key), None)
    out: dict[str, Any] = {
        "PlayState": {
            "PositionTicks": session.position_ticks,
            "CanSeek": True,
            "IsPaused": session.is_paused,
            "IsMuted": False,
            "RepeatMode": "RepeatNone",
        },
        "AdditionalUsers": [],
        "RemoteEndPoint": "10.0.0.20",
        "PlayableMediaTypes": ["Video", "Audio"],
        "Id": session.id,
        "UserId": state.user_id(session.user),
        "UserName": session.user.username,
        "Client": session.device.client,
        "LastActivityDate": iso(state.world.now),
        "DeviceName": session.device.device,
        "DeviceId": session.device.device_id,
        "ApplicationVersion": session.device.version,
        "IsActive": True,
        "SupportsMediaControl": False,
        "SupportsRemoteControl": False,
        "ServerId": state.server.machine_id,
    }
    if state.flavor == "jellyfin":
        out["PlayState"]["PlaybackOrder"] = "Default"
        out.update(
            LastPlaybackCheckIn=iso(state.world.now),
            HasCustomDeviceName=False,
            SupportedCommands=[],
            NowPlayingQueue=[],
            NowPlayingQueueFullItems=[],
        )
    if item is not None:
        fields = {"Path", "ProviderIds", "MediaStreams"}
        out["NowPlayingItem"] = base_item(state, catalog, item, fields, None)
        play_state = out["PlayState"]
        play_state["MediaSourceId"] = item.id
        play_state["PlayMethod"] = session.delivery.method
        if session.delivery.audio_index is not None:
            play_state["AudioStreamIndex"] = session.delivery.audio_index
        info = transcoding_info(session, item.file, state.flavor) if item.file else None
        if info is not None:
            out["TranscodingInfo"] = info
    return out
