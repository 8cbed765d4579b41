"""What media servers report, in Tendarr's own terms (vendor-neutral, pure data)."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime


class ItemKind(enum.StrEnum):
    """The four kinds of library item Tendarr tracks."""

    MOVIE = "movie"
    SHOW = "show"
    SEASON = "season"
    EPISODE = "episode"


class ServerKind(enum.StrEnum):
    """Supported media servers."""

    PLEX = "plex"
    JELLYFIN = "jellyfin"
    EMBY = "emby"


@dataclass(frozen=True)
class ExternalIds:
    """Ids that name a title across every vendor; the key of a canonical item."""

    tmdb: int | None = None
    tvdb: int | None = None
    imdb: str | None = None

    def any(self) -> bool:
        """Return whether at least one id is known."""
        return self.tmdb is not None or self.tvdb is not None or self.imdb is not None


@dataclass(frozen=True)
class VideoInfo:
    """A video stream as the server's probe describes it (raw fields, not classified)."""

    codec: str | None = None
    profile: str | None = None
    width: int | None = None
    height: int | None = None
    bit_depth: int | None = None
    frame_rate: float | None = None
    color_transfer: str | None = None  # e.g. smpte2084, arib-std-b67, bt709
    color_primaries: str | None = None
    range_label: str | None = None  # vendor label: Jellyfin VideoRangeType, Plex displayTitle
    dv_profile: int | None = None
    dv_bl_compat_id: int | None = None  # Dolby Vision base-layer compatibility (1, 2, 4, 6)
    hdr10_plus: bool | None = None
    title: str | None = None  # vendor display title, e.g. "4K DoVi/HDR10 (HEVC Main 10)"


@dataclass(frozen=True)
class AudioInfo:
    """An audio stream."""

    codec: str | None = None
    profile: str | None = None  # e.g. "DTS-HD MA", "DTS:X", "TrueHD Atmos" (vendor text)
    channels: int | None = None
    language: str | None = None
    title: str | None = None  # vendor display title, e.g. "English (TRUEHD 7.1 Atmos)"
    default: bool = False


@dataclass(frozen=True)
class SubtitleInfo:
    """A subtitle stream."""

    codec: str | None = None
    language: str | None = None
    forced: bool = False
    external: bool = False


@dataclass(frozen=True)
class RemoteFile:
    """A file behind an item, at the path the server reports."""

    path: str
    size: int | None = None
    container: str | None = None
    duration_ms: int | None = None
    video: VideoInfo | None = None
    audio: tuple[AudioInfo, ...] = ()
    subtitles: tuple[SubtitleInfo, ...] = ()
    part_id: str | None = None


@dataclass(frozen=True)
class Credit:
    """A cast or crew credit (name and role only)."""

    name: str
    role: str | None = None  # character for cast, job for crew


@dataclass(frozen=True)
class RemoteItem:
    """One item of one server's library, as the adapter read it."""

    server_id: str
    native_id: str
    kind: ItemKind
    library_id: str
    title: str
    ids: ExternalIds
    parent_native_id: str | None = None  # season -> show, episode -> season
    show_native_id: str | None = None  # episodes and seasons: their show
    year: int | None = None
    season_number: int | None = None
    episode_number: int | None = None
    added_at: datetime | None = None
    updated_at: datetime | None = None  # the server's change stamp, drives incremental sync
    released: date | None = None  # movie release / episode air date
    rating: float | None = None  # community/audience rating, 0-10
    critic_rating: float | None = None
    content_rating: str | None = None
    genres: tuple[str, ...] = ()
    studios: tuple[str, ...] = ()  # studios or networks
    collections: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()
    cast: tuple[Credit, ...] = ()
    crew: tuple[Credit, ...] = ()
    files: tuple[RemoteFile, ...] = ()


@dataclass(frozen=True)
class RemoteLibrary:
    """A library (Plex section, Jellyfin/Emby virtual folder) on a server."""

    id: str
    name: str
    kind: str  # "movie" | "show" | other kinds Tendarr ignores
    locations: tuple[str, ...] = ()


@dataclass(frozen=True)
class ServerIdentity:
    """Who a server says it is."""

    kind: ServerKind
    name: str
    machine_id: str
    version: str


@dataclass(frozen=True)
class ItemProblem:
    """An item the adapter could not read; the sync skips it and reports it."""

    server_id: str
    native_id: str | None
    reason: str


@dataclass
class LibraryPage:
    """One page of a library traversal."""

    items: list[RemoteItem]
    problems: list[ItemProblem] = field(default_factory=list)
    total: int | None = None
