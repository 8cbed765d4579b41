"""Typed views of the Jellyfin/Emby payloads Tendarr reads (unknown fields are ignored)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from tendarr import __version__
from tendarr.integrations.mediabrowser.wire import (
    Json,
    MalformedPayload,
    objects,
    opt_bool,
    opt_date,
    opt_datetime,
    opt_float,
    opt_int,
    opt_object,
    opt_str,
    require_str,
    strings,
)

TICKS_PER_MS = 10_000


@dataclass(frozen=True)
class DeviceInfo:
    """How Tendarr names itself to a server; ``device_id`` must stay stable per install."""

    device_id: str
    client: str = "Tendarr"
    device: str = "Tendarr"
    version: str = __version__


@dataclass(frozen=True)
class SystemInfo:
    """``GET /System/Info``: who the server is."""

    id: str
    name: str
    version: str

    @classmethod
    def parse(cls, body: Json) -> SystemInfo:
        """Read a SystemInfo object."""
        return cls(
            id=require_str(body, "Id"),
            name=opt_str(body, "ServerName") or "",
            version=opt_str(body, "Version") or "",
        )


@dataclass(frozen=True)
class UserInfo:
    """A UserDto reduced to what Tendarr maps to its own users."""

    id: str
    name: str
    is_administrator: bool = False
    is_hidden: bool = False
    is_disabled: bool = False

    @classmethod
    def parse(cls, body: Json) -> UserInfo:
        """Read a UserDto."""
        policy = opt_object(body, "Policy") or {}
        return cls(
            id=require_str(body, "Id"),
            name=opt_str(body, "Name") or "",
            is_administrator=bool(opt_bool(policy, "IsAdministrator")),
            is_hidden=bool(opt_bool(policy, "IsHidden")),
            is_disabled=bool(opt_bool(policy, "IsDisabled")),
        )


@dataclass(frozen=True)
class AuthenticationResult:
    """The answer to a sign-in: the token to store and whose it is."""

    access_token: str
    user: UserInfo
    server_id: str | None

    @classmethod
    def parse(cls, body: Json) -> AuthenticationResult:
        """Read an AuthenticationResult."""
        user = opt_object(body, "User")
        if user is None:
            raise MalformedPayload("User is missing")
        return cls(
            access_token=require_str(body, "AccessToken"),
            user=UserInfo.parse(user),
            server_id=opt_str(body, "ServerId"),
        )


@dataclass(frozen=True)
class VirtualFolder:
    """A library (VirtualFolderInfo)."""

    item_id: str
    name: str
    collection_type: str | None
    locations: tuple[str, ...]

    @classmethod
    def parse(cls, body: Json) -> VirtualFolder:
        """Read a VirtualFolderInfo."""
        return cls(
            item_id=require_str(body, "ItemId"),
            name=opt_str(body, "Name") or "",
            collection_type=opt_str(body, "CollectionType"),
            locations=strings(body, "Locations"),
        )


@dataclass(frozen=True)
class MediaStream:
    """One MediaStream: the video, audio and subtitle fields Tendarr keeps."""

    type: str
    codec: str | None = None
    profile: str | None = None
    language: str | None = None
    display_title: str | None = None
    is_default: bool = False
    is_forced: bool = False
    is_external: bool = False
    channels: int | None = None
    width: int | None = None
    height: int | None = None
    bit_depth: int | None = None
    real_frame_rate: float | None = None
    average_frame_rate: float | None = None
    color_transfer: str | None = None
    color_primaries: str | None = None
    video_range: str | None = None
    video_range_type: str | None = None  # Jellyfin
    extended_video_type: str | None = None  # Emby
    dv_profile: int | None = None
    dv_bl_compat_id: int | None = None
    hdr10_plus_present: bool | None = None

    @classmethod
    def parse(cls, body: Json) -> MediaStream:
        """Read a MediaStream."""
        return cls(
            type=opt_str(body, "Type") or "",
            codec=opt_str(body, "Codec"),
            profile=opt_str(body, "Profile"),
            language=opt_str(body, "Language"),
            display_title=opt_str(body, "DisplayTitle"),
            is_default=bool(opt_bool(body, "IsDefault")),
            is_forced=bool(opt_bool(body, "IsForced")),
            is_external=bool(opt_bool(body, "IsExternal")),
            channels=opt_int(body, "Channels"),
            width=opt_int(body, "Width"),
            height=opt_int(body, "Height"),
            bit_depth=opt_int(body, "BitDepth"),
            real_frame_rate=opt_float(body, "RealFrameRate"),
            average_frame_rate=opt_float(body, "AverageFrameRate"),
            color_transfer=opt_str(body, "ColorTransfer"),
            color_primaries=opt_str(body, "ColorPrimaries"),
            video_range=opt_str(body, "VideoRange"),
            video_range_type=opt_str(body, "VideoRangeType"),
            extended_video_type=opt_str(body, "ExtendedVideoType"),
            dv_profile=opt_int(body, "DvProfile"),
            dv_bl_compat_id=opt_int(body, "DvBlSignalCompatibilityId"),
            hdr10_plus_present=opt_bool(body, "Hdr10PlusPresentFlag"),
        )


@dataclass(frozen=True)
class MediaSource:
    """One MediaSourceInfo: a file behind an item."""

    id: str | None
    path: str
    size: int | None
    container: str | None
    run_time_ticks: int | None
    streams: tuple[MediaStream, ...]

    @classmethod
    def parse(cls, body: Json) -> MediaSource:
        """Read a MediaSourceInfo (a source without a path is malformed)."""
        path = opt_str(body, "Path")
        if not path:
            raise MalformedPayload("a media source has no Path")
        return cls(
            id=opt_str(body, "Id"),
            path=path,
            size=opt_int(body, "Size"),
            container=opt_str(body, "Container"),
            run_time_ticks=opt_int(body, "RunTimeTicks"),
            streams=tuple(MediaStream.parse(s) for s in objects(body, "MediaStreams")),
        )

    @property
    def duration_ms(self) -> int | None:
        """Return the runtime in milliseconds."""
        return None if self.run_time_ticks is None else self.run_time_ticks // TICKS_PER_MS


@dataclass(frozen=True)
class Person:
    """A BaseItemPerson: name, character (``Role``) and kind (``Type``)."""

    name: str
    role: str | None
    type: str | None

    @classmethod
    def parse(cls, body: Json) -> Person:
        """Read a BaseItemPerson."""
        return cls(
            name=require_str(body, "Name"),
            role=opt_str(body, "Role"),
            type=opt_str(body, "Type"),
        )


@dataclass(frozen=True)
class BaseItem:
    """A BaseItemDto: a movie, series, season or episode with the fields Tendarr asks for."""

    id: str
    type: str
    name: str
    provider_ids: dict[str, str]
    parent_id: str | None = None
    series_id: str | None = None
    season_id: str | None = None
    production_year: int | None = None
    index_number: int | None = None
    parent_index_number: int | None = None
    date_created: datetime | None = None
    date_last_saved: datetime | None = None
    premiere_date: date | None = None
    community_rating: float | None = None
    critic_rating: float | None = None
    official_rating: str | None = None
    genres: tuple[str, ...] = ()
    studios: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    people: tuple[Person, ...] = ()
    media_sources: tuple[MediaSource, ...] = ()
    media_streams: tuple[MediaStream, ...] = ()

    @classmethod
    def parse(cls, body: Json) -> BaseItem:
        """Read a BaseItemDto; raise MalformedPayload naming the first bad field."""
        return cls(
            id=require_str(body, "Id"),
            type=require_str(body, "Type"),
            name=require_str(body, "Name"),
            provider_ids=_provider_ids(body),
            parent_id=opt_str(body, "ParentId"),
            series_id=opt_str(body, "SeriesId"),
            season_id=opt_str(body, "SeasonId"),
            production_year=opt_int(body, "ProductionYear"),
            index_number=opt_int(body, "IndexNumber"),
            parent_index_number=opt_int(body, "ParentIndexNumber"),
            date_created=opt_datetime(body, "DateCreated"),
            date_last_saved=opt_datetime(body, "DateLastSaved"),
            premiere_date=opt_date(body, "PremiereDate"),
            community_rating=opt_float(body, "CommunityRating"),
            critic_rating=opt_float(body, "CriticRating"),
            official_rating=opt_str(body, "OfficialRating"),
            genres=strings(body, "Genres"),
            studios=tuple(require_str(s, "Name") for s in objects(body, "Studios")),
            tags=_tags(body),
            people=tuple(Person.parse(p) for p in objects(body, "People")),
            media_sources=tuple(MediaSource.parse(s) for s in objects(body, "MediaSources")),
            media_streams=tuple(MediaStream.parse(s) for s in objects(body, "MediaStreams")),
        )


def _provider_ids(body: Json) -> dict[str, str]:
    raw = opt_object(body, "ProviderIds") or {}
    # Provider keys are matched case-insensitively: servers and plugins spell them freely.
    return {str(k).lower(): v for k, v in raw.items() if isinstance(v, str) and v.strip()}


def _tags(body: Json) -> tuple[str, ...]:
    tags = strings(body, "Tags")
    if tags:
        return tags
    # Emby sends tags as NameIdPairs in ``TagItems``.
    return tuple(require_str(t, "Name") for t in objects(body, "TagItems"))


@dataclass(frozen=True)
class ItemsPage:
    """A QueryResult of items, each still raw so one bad item cannot spoil the page."""

    items: list[Json]
    total: int | None

    @classmethod
    def parse(cls, body: Json) -> ItemsPage:
        """Read a QueryResult envelope."""
        items = body.get("Items")
        if not isinstance(items, list):
            raise MalformedPayload("Items is not a list")
        return cls(items=items, total=opt_int(body, "TotalRecordCount"))
