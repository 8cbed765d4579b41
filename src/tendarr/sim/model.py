"""The household the simulators serve: titles, files, servers, people and what they did."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

DynamicRange = Literal["SDR", "HDR10", "HDR10+", "HLG", "DV"]
MediaKind = Literal["movie", "show"]
ServerKind = Literal["plex", "jellyfin", "emby"]
UserKind = Literal["owner", "friend", "home", "managed"]


@dataclass
class VideoStream:
    """The video track of a file, as a probe would describe it."""

    codec: str  # h264 | hevc | av1
    profile: str  # High | Main | Main 10 | ...
    width: int
    height: int
    bit_depth: int
    frame_rate: float
    dynamic_range: DynamicRange
    dv_profile: int | None = None  # 5, 7 or 8 when dynamic_range == "DV"
    dv_hdr10_compatible: bool = False  # profiles 7/8 carry an HDR10 base layer
    hdr10_plus: bool = False
    color_transfer: str = "bt709"  # bt709 | smpte2084 | arib-std-b67
    color_primaries: str = "bt709"  # bt709 | bt2020
    keyframe_interval_s: float = 2.0
    bitrate_kbps: int = 8000


@dataclass
class AudioStream:
    """One audio track."""

    codec: str  # aac | ac3 | eac3 | truehd | dts
    profile: str | None  # "DTS-HD MA", "DTS:X", "DTS", None
    channels: int
    language: str
    atmos: bool = False
    default: bool = False
    title: str = ""


@dataclass
class SubtitleStream:
    """One subtitle track."""

    codec: str  # srt | pgs | ass | subrip
    language: str
    forced: bool = False
    external: bool = False


@dataclass
class MediaFile:
    """A file on disk, in the world's canonical path space (``/media/...``)."""

    id: int
    path: str
    size: int
    container: str
    duration_ms: int
    video: VideoStream
    audio: list[AudioStream]
    subtitles: list[SubtitleStream]
    quality: str  # Sonarr/Radarr quality name, e.g. "Bluray-2160p"
    release_group: str
    added_at: datetime


@dataclass
class Credit:
    """Someone in the cast or crew."""

    person_id: int
    name: str
    character: str | None = None
    job: str | None = None
    department: str | None = None
    order: int = 0


@dataclass
class ArrState:
    """How Sonarr or Radarr manages a title."""

    arr_id: int
    monitored: bool
    quality_profile_id: int
    root_folder: str
    tags: list[int] = field(default_factory=list)
    added_at: datetime | None = None


@dataclass
class Movie:
    """A movie in the catalog; ``file`` is set once it is in the library."""

    id: int
    tmdb_id: int
    imdb_id: str
    title: str
    original_title: str
    year: int
    release_date: date
    genres: list[str]
    studio: str
    content_rating: str
    language: str
    runtime_min: int
    overview: str
    tmdb_rating: float
    imdb_rating: float
    critic_rating: int
    popularity: float
    keywords: list[str]
    cast: list[Credit]
    crew: list[Credit]
    collection: tuple[int, str] | None = None
    file: MediaFile | None = None
    added_at: datetime | None = None
    radarr: ArrState | None = None
    recommendations: list[int] = field(default_factory=list)  # tmdb ids
    similar: list[int] = field(default_factory=list)

    @property
    def in_library(self) -> bool:
        """Return whether a file exists for the movie."""
        return self.file is not None


@dataclass
class Episode:
    """One episode; ``file`` is set once it is downloaded."""

    id: int
    show_id: int
    season_number: int
    episode_number: int
    title: str
    air_date: date | None
    tvdb_id: int
    tmdb_id: int
    runtime_min: int
    overview: str
    file: MediaFile | None = None
    monitored: bool = True
    sonarr_id: int | None = None


@dataclass
class Season:
    """A season and its episodes."""

    number: int
    tmdb_id: int
    episodes: list[Episode]
    monitored: bool = True


@dataclass
class Show:
    """A TV show in the catalog."""

    id: int
    tmdb_id: int
    tvdb_id: int
    imdb_id: str
    title: str
    year: int
    first_air_date: date
    status: str  # continuing | ended | upcoming
    network: str
    genres: list[str]
    content_rating: str
    language: str
    overview: str
    tmdb_rating: float
    popularity: float
    keywords: list[str]
    cast: list[Credit]
    crew: list[Credit]
    seasons: list[Season]
    added_at: datetime | None = None
    sonarr: ArrState | None = None
    recommendations: list[int] = field(default_factory=list)
    similar: list[int] = field(default_factory=list)

    def episodes(self) -> list[Episode]:
        """Return every episode in season order."""
        return [e for s in self.seasons for e in s.episodes]

    @property
    def in_library(self) -> bool:
        """Return whether any episode has a file."""
        return any(e.file is not None for e in self.episodes())


@dataclass
class Library:
    """A library on one server: a name, a kind and the folder it scans."""

    key: str  # server-native id (Plex section key, Jellyfin/Emby ItemId)
    name: str
    kind: MediaKind
    root: str  # path as the server sees it
    uuid: str = ""
    trickplay_extraction: bool = False


@dataclass
class MediaServer:
    """One Plex, Jellyfin or Emby server of the household."""

    id: str
    kind: ServerKind
    name: str
    machine_id: str
    version: str
    token: str  # Plex admin token / Jellyfin or Emby API key
    path_prefix: str  # the server sees /media/... as <path_prefix>/...
    libraries: list[Library]
    allow_media_deletion: bool = True
    native_ids: dict[tuple[str, int], str] = field(default_factory=dict)  # (kind, id) -> id

    def server_path(self, canonical: str) -> str:
        """Return where this server sees a canonical ``/media/...`` path."""
        return self.path_prefix + canonical.removeprefix("/media")


@dataclass
class User:
    """A household member and their accounts on each server."""

    id: int
    username: str
    email: str
    display_name: str
    kind: UserKind
    password: str
    plex_account_id: int
    plex_uuid: str
    plex_token: str
    jellyfin_id: str
    emby_id: str
    watchlist_private: bool = False
    servers: list[str] = field(default_factory=list)  # MediaServer ids with access
    pace_episodes_per_week: float = 3.0


@dataclass
class Play:
    """A viewing session: partial (``completed`` False) or full."""

    id: int
    user_id: int
    server_id: str
    item_kind: Literal["movie", "episode"]
    item_id: int
    started_at: datetime
    stopped_at: datetime
    view_offset_ms: int
    duration_ms: int
    completed: bool
    player: str
    platform: str


@dataclass
class WatchlistEntry:
    """A title a user wants to watch."""

    user_id: int
    kind: MediaKind
    item_id: int
    added_at: datetime


@dataclass
class Favorite:
    """A title a user marked as favourite on a Jellyfin/Emby server."""

    user_id: int
    server_id: str
    kind: MediaKind
    item_id: int
    added_at: datetime


@dataclass
class MediaRequest:
    """An Overseerr/Jellyseerr request."""

    id: int
    user_id: int
    kind: MediaKind
    item_id: int
    status: int  # 1 pending, 2 approved, 3 declined
    created_at: datetime
    updated_at: datetime
    seasons: list[int] = field(default_factory=list)
    is4k: bool = False


@dataclass
class QualityProfile:
    """A Sonarr/Radarr quality profile."""

    id: int
    name: str


@dataclass
class RootFolder:
    """A Sonarr/Radarr root folder and the free space under it."""

    id: int
    path: str
    free_space: int
    total_space: int


@dataclass
class ImportExclusion:
    """A title Sonarr/Radarr must not add again."""

    id: int
    kind: MediaKind
    item_id: int


@dataclass
class Tag:
    """A Sonarr/Radarr tag."""

    id: int
    label: str
