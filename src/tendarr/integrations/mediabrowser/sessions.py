"""``GET /Sessions``: what is playing now, read as RemoteSession."""

from __future__ import annotations

from dataclasses import dataclass

from tendarr.domain.household import RemoteSession
from tendarr.integrations.mediabrowser.userdata import TICKS_PER_MS
from tendarr.integrations.mediabrowser.wire import (
    Json,
    opt_bool,
    opt_int,
    opt_object,
    opt_str,
    require_str,
)


@dataclass(frozen=True)
class NowPlaying:
    """The BaseItemDto of a session's ``NowPlayingItem``, reduced to what a title needs."""

    id: str
    type: str
    name: str
    series_name: str | None
    season_number: int | None
    episode_number: int | None
    run_time_ticks: int | None

    @classmethod
    def parse(cls, body: Json) -> NowPlaying:
        """Read a NowPlayingItem."""
        return cls(
            id=require_str(body, "Id"),
            type=opt_str(body, "Type") or "",
            name=opt_str(body, "Name") or "",
            series_name=opt_str(body, "SeriesName"),
            season_number=opt_int(body, "ParentIndexNumber"),
            episode_number=opt_int(body, "IndexNumber"),
            run_time_ticks=opt_int(body, "RunTimeTicks"),
        )

    def title(self) -> str:
        """Return "Series — S01E02 — Name" for an episode, the name otherwise."""
        if self.type != "Episode" or not self.series_name:
            return self.name
        if self.season_number is None or self.episode_number is None:
            return f"{self.series_name} — {self.name}"
        number = f"S{self.season_number:02d}E{self.episode_number:02d}"
        return f"{self.series_name} — {number} — {self.name}"


@dataclass(frozen=True)
class SessionInfo:
    """A SessionInfo (SessionInfoDto on Jellyfin): a device, its user and what it plays."""

    id: str
    user_id: str | None
    client: str | None
    device_name: str | None
    now_playing: NowPlaying | None
    position_ticks: int | None
    is_paused: bool
    play_method: str | None
    transcoding_info: Json | None

    @classmethod
    def parse(cls, body: Json) -> SessionInfo:
        """Read a SessionInfo."""
        item = opt_object(body, "NowPlayingItem")
        state = opt_object(body, "PlayState") or {}
        return cls(
            id=require_str(body, "Id"),
            user_id=opt_str(body, "UserId") or None,
            client=opt_str(body, "Client"),
            device_name=opt_str(body, "DeviceName"),
            now_playing=NowPlaying.parse(item) if item is not None else None,
            position_ticks=opt_int(state, "PositionTicks"),
            is_paused=bool(opt_bool(state, "IsPaused")),
            play_method=opt_str(state, "PlayMethod"),
            transcoding_info=opt_object(body, "TranscodingInfo"),
        )

    @property
    def transcoding(self) -> bool:
        """Return whether the server converts the stream for this device.

        ``PlayMethod`` says so when given (a remux carries TranscodingInfo too, with video
        and audio direct); otherwise the presence of TranscodingInfo decides.
        """
        if self.play_method:
            return self.play_method == "Transcode"
        return self.transcoding_info is not None

    @property
    def player(self) -> str | None:
        """Return "Client (Device)", or whichever of the two the server names."""
        if self.client and self.device_name:
            return f"{self.client} ({self.device_name})"
        return self.client or self.device_name


def remote_session(session: SessionInfo, server_id: str) -> RemoteSession | None:
    """Return the RemoteSession of a session playing something for a user, else None."""
    item = session.now_playing
    if item is None or session.user_id is None:
        return None  # idle, or a device playing without a signed-in user (e.g. DLNA)
    ticks = session.position_ticks
    return RemoteSession(
        server_id=server_id,
        session_id=session.id,
        account_native_id=session.user_id,
        item_native_id=item.id,
        title=item.title(),
        state="paused" if session.is_paused else "playing",
        position_ms=None if ticks is None else ticks // TICKS_PER_MS,
        duration_ms=None if item.run_time_ticks is None else item.run_time_ticks // TICKS_PER_MS,
        player=session.player,
        transcoding=session.transcoding,
    )
