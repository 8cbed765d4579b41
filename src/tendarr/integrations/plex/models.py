"""Typed Plex Media Server payloads, parsed leniently.

The vendor's specs under-declare fields, so every reader here ignores unknown fields and
treats a missing field as unknown (None or empty). A field that is present with the wrong
type is different: it raises ``PlexPayloadError``, because silently reading a broken
``Media`` list as "no files" is how a cleanup tool deletes things it should not.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

Row = Mapping[str, Any]


class PlexPayloadError(ValueError):
    """A Plex payload is missing a required field or has a field of the wrong type."""


# --- field readers --------------------------------------------------------------------


def as_row(raw: object, what: str) -> Row:
    """Return ``raw`` as a JSON object or raise PlexPayloadError."""
    if not isinstance(raw, Mapping):
        raise PlexPayloadError(f"{what} is not an object")
    return raw


def rows(raw: Row, key: str) -> list[Row]:
    """Return the list of objects under ``key`` (empty when absent)."""
    value = raw.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise PlexPayloadError(f"{key} is not a list")
    return [as_row(item, key) for item in value]


def opt_str(raw: Row, key: str) -> str | None:
    """Return a string field (ids sent as numbers are accepted)."""
    value = raw.get(key)
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise PlexPayloadError(f"{key} is not a string")


def req_str(raw: Row, key: str) -> str:
    """Return a string field that must be present and non-empty."""
    value = opt_str(raw, key)
    if not value:
        raise PlexPayloadError(f"{key} is missing")
    return value


def opt_int(raw: Row, key: str) -> int | None:
    """Return an integer field (digit strings are accepted; PMS XML-era habits)."""
    value = raw.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise PlexPayloadError(f"{key} is not an integer")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.lstrip("-").isdigit():
        return int(value)
    raise PlexPayloadError(f"{key} is not an integer")


def opt_float(raw: Row, key: str) -> float | None:
    """Return a number field."""
    value = raw.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise PlexPayloadError(f"{key} is not a number")
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            pass
    raise PlexPayloadError(f"{key} is not a number")


def opt_bool(raw: Row, key: str) -> bool | None:
    """Return a flag field (PMS also sends 0/1)."""
    value = raw.get(key)
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if value in (0, 1, "0", "1"):
        return value in (1, "1")
    raise PlexPayloadError(f"{key} is not a flag")


def tags(raw: Row, key: str) -> tuple[str, ...]:
    """Return the ``tag`` values of a tag list such as ``Genre`` or ``Label``."""
    return tuple(req_str(tag, "tag") for tag in rows(raw, key))


def container(body: object) -> Row:
    """Return the ``MediaContainer`` of a PMS answer."""
    return as_row(as_row(body, "body").get("MediaContainer"), "MediaContainer")


# --- PMS payloads ---------------------------------------------------------------------


@dataclass(frozen=True)
class PlexServerInfo:
    """``GET /`` (token required) or ``GET /identity`` (no token; no friendly name)."""

    machine_identifier: str
    version: str
    friendly_name: str | None = None

    @classmethod
    def parse(cls, body: object) -> PlexServerInfo:
        """Parse a ``MediaContainer`` answer."""
        mc = container(body)
        return cls(
            machine_identifier=req_str(mc, "machineIdentifier"),
            version=opt_str(mc, "version") or "",
            friendly_name=opt_str(mc, "friendlyName"),
        )


@dataclass(frozen=True)
class PlexSection:
    """A library section from ``/library/sections/all``."""

    key: str
    type: str  # movie | show | artist | photo
    title: str
    uuid: str | None = None
    locations: tuple[str, ...] = ()

    @classmethod
    def parse(cls, raw: Row) -> PlexSection:
        """Parse one ``Directory`` entry."""
        return cls(
            key=req_str(raw, "key"),
            type=req_str(raw, "type"),
            title=opt_str(raw, "title") or "",
            uuid=opt_str(raw, "uuid"),
            locations=tuple(req_str(loc, "path") for loc in rows(raw, "Location")),
        )


@dataclass(frozen=True)
class PlexStream:
    """One ``Stream`` of a part: 1 video, 2 audio, 3 subtitles (raw vendor fields)."""

    stream_type: int
    codec: str | None = None
    profile: str | None = None
    default: bool = False
    forced: bool = False
    external: bool = False  # sidecar subtitle: PMS gives it a ``key`` to download
    width: int | None = None
    height: int | None = None
    bit_depth: int | None = None
    frame_rate: float | None = None
    color_trc: str | None = None
    color_primaries: str | None = None
    video_range_type: str | None = None
    dovi_present: bool | None = None
    dovi_profile: int | None = None
    dovi_bl_compat_id: int | None = None
    channels: int | None = None
    language: str | None = None
    language_code: str | None = None
    display_title: str | None = None
    extended_display_title: str | None = None

    @classmethod
    def parse(cls, raw: Row) -> PlexStream:
        """Parse one ``Stream`` object."""
        stream_type = opt_int(raw, "streamType")
        if stream_type is None:
            raise PlexPayloadError("Stream.streamType is missing")
        return cls(
            stream_type=stream_type,
            codec=opt_str(raw, "codec"),
            profile=opt_str(raw, "profile"),
            default=bool(opt_bool(raw, "default")),
            forced=bool(opt_bool(raw, "forced")),
            external=opt_str(raw, "key") is not None,
            width=opt_int(raw, "width"),
            height=opt_int(raw, "height"),
            bit_depth=opt_int(raw, "bitDepth"),
            frame_rate=opt_float(raw, "frameRate"),
            color_trc=opt_str(raw, "colorTrc"),
            color_primaries=opt_str(raw, "colorPrimaries"),
            video_range_type=opt_str(raw, "videoRangeType"),
            dovi_present=opt_bool(raw, "DOVIPresent"),
            dovi_profile=opt_int(raw, "DOVIProfile"),
            dovi_bl_compat_id=opt_int(raw, "DOVIBLCompatID"),
            channels=opt_int(raw, "channels"),
            language=opt_str(raw, "language"),
            language_code=opt_str(raw, "languageCode"),
            display_title=opt_str(raw, "displayTitle"),
            extended_display_title=opt_str(raw, "extendedDisplayTitle"),
        )


@dataclass(frozen=True)
class PlexPart:
    """One ``Part`` (a file) of a ``Media`` version."""

    id: str | None
    file: str
    size: int | None = None
    container: str | None = None
    duration: int | None = None
    streams: tuple[PlexStream, ...] | None = None  # None: this answer left streams out

    @classmethod
    def parse(cls, raw: Row) -> PlexPart:
        """Parse one ``Part`` object."""
        streams = raw.get("Stream")
        return cls(
            id=opt_str(raw, "id"),
            file=req_str(raw, "file"),
            size=opt_int(raw, "size"),
            container=opt_str(raw, "container"),
            duration=opt_int(raw, "duration"),
            streams=None
            if streams is None
            else tuple(PlexStream.parse(s) for s in rows(raw, "Stream")),
        )


@dataclass(frozen=True)
class PlexMedia:
    """One ``Media`` version of an item."""

    id: str | None
    parts: tuple[PlexPart, ...]
    container: str | None = None
    duration: int | None = None

    @classmethod
    def parse(cls, raw: Row) -> PlexMedia:
        """Parse one ``Media`` object."""
        return cls(
            id=opt_str(raw, "id"),
            parts=tuple(PlexPart.parse(p) for p in rows(raw, "Part")),
            container=opt_str(raw, "container"),
            duration=opt_int(raw, "duration"),
        )


@dataclass(frozen=True)
class PlexCredit:
    """A ``Role``, ``Director``, ``Writer`` or ``Producer`` tag."""

    name: str
    role: str | None = None

    @classmethod
    def parse_all(cls, raw: Row, key: str) -> tuple[PlexCredit, ...]:
        """Parse every credit under ``key``."""
        return tuple(cls(req_str(t, "tag"), opt_str(t, "role")) for t in rows(raw, key))


@dataclass(frozen=True)
class PlexMetadata:
    """A ``Metadata`` entry: a movie, show, season or episode."""

    rating_key: str
    type: str
    title: str
    guid: str | None = None  # plex://…, or a legacy agent id such as com.plexapp.agents.imdb://…
    guids: tuple[str, ...] = ()
    parent_rating_key: str | None = None
    grandparent_rating_key: str | None = None
    index: int | None = None
    parent_index: int | None = None
    year: int | None = None
    added_at: int | None = None
    updated_at: int | None = None
    originally_available_at: str | None = None
    audience_rating: float | None = None
    rating: float | None = None
    content_rating: str | None = None
    studio: str | None = None
    genres: tuple[str, ...] = ()
    collections: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()
    roles: tuple[PlexCredit, ...] = ()
    directors: tuple[PlexCredit, ...] = ()
    writers: tuple[PlexCredit, ...] = ()
    producers: tuple[PlexCredit, ...] = ()
    media: tuple[PlexMedia, ...] = ()

    @classmethod
    def parse(cls, raw: Row) -> PlexMetadata:
        """Parse one ``Metadata`` object."""
        return cls(
            rating_key=req_str(raw, "ratingKey"),
            type=req_str(raw, "type"),
            title=opt_str(raw, "title") or "",
            guid=opt_str(raw, "guid"),
            guids=tuple(req_str(g, "id") for g in rows(raw, "Guid")),
            parent_rating_key=opt_str(raw, "parentRatingKey") or None,
            grandparent_rating_key=opt_str(raw, "grandparentRatingKey") or None,
            index=opt_int(raw, "index"),
            parent_index=opt_int(raw, "parentIndex"),
            year=opt_int(raw, "year"),
            added_at=opt_int(raw, "addedAt"),
            updated_at=opt_int(raw, "updatedAt"),
            originally_available_at=opt_str(raw, "originallyAvailableAt"),
            audience_rating=opt_float(raw, "audienceRating"),
            rating=opt_float(raw, "rating"),
            content_rating=opt_str(raw, "contentRating"),
            studio=opt_str(raw, "studio"),
            genres=tags(raw, "Genre"),
            collections=tags(raw, "Collection"),
            labels=tags(raw, "Label"),
            roles=PlexCredit.parse_all(raw, "Role"),
            directors=PlexCredit.parse_all(raw, "Director"),
            writers=PlexCredit.parse_all(raw, "Writer"),
            producers=PlexCredit.parse_all(raw, "Producer"),
            media=tuple(PlexMedia.parse(m) for m in rows(raw, "Media")),
        )

    @property
    def is_leaf(self) -> bool:
        """Return whether the item carries files (movies and episodes)."""
        return self.type in {"movie", "episode"}

    @property
    def lacks_streams(self) -> bool:
        """Return whether a leaf came without stream detail (section listings omit it)."""
        parts = [p for m in self.media for p in m.parts]
        return self.is_leaf and (not parts or any(p.streams is None for p in parts))


@dataclass(frozen=True)
class PlexUnreadable:
    """A ``Metadata`` entry that could not be parsed."""

    rating_key: str | None
    reason: str

    @classmethod
    def of(cls, raw: object, err: PlexPayloadError) -> PlexUnreadable:
        """Describe an unreadable entry, keeping its ratingKey when one is there."""
        key = raw.get("ratingKey") if isinstance(raw, Mapping) else None
        return cls(str(key) if isinstance(key, str | int) else None, str(err))


@dataclass(frozen=True)
class PlexMetadataPage:
    """One page of a ``Metadata`` listing; each entry parsed or marked unreadable."""

    entries: tuple[PlexMetadata | PlexUnreadable, ...]
    offset: int
    total_size: int | None

    @classmethod
    def parse(cls, body: object, requested_offset: int = 0) -> PlexMetadataPage:
        """Parse a listing; a broken container raises, a broken entry does not."""
        mc = container(body)
        raw_entries = mc.get("Metadata") or []
        if not isinstance(raw_entries, list):
            raise PlexPayloadError("MediaContainer.Metadata is not a list")
        offset = opt_int(mc, "offset")
        return cls(
            entries=tuple(_entry(raw) for raw in raw_entries),
            offset=requested_offset if offset is None else offset,
            total_size=opt_int(mc, "totalSize"),
        )


def _entry(raw: object) -> PlexMetadata | PlexUnreadable:
    try:
        return PlexMetadata.parse(as_row(raw, "Metadata entry"))
    except PlexPayloadError as err:
        return PlexUnreadable.of(raw, err)
