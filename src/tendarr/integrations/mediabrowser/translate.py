"""Turn Jellyfin/Emby models into Tendarr's vendor-neutral media model."""

from __future__ import annotations

from tendarr.domain.media import (
    AudioInfo,
    Credit,
    ExternalIds,
    ItemKind,
    RemoteFile,
    RemoteItem,
    RemoteLibrary,
    SubtitleInfo,
    VideoInfo,
)
from tendarr.integrations.mediabrowser.models import (
    BaseItem,
    MediaSource,
    MediaStream,
    VirtualFolder,
)
from tendarr.integrations.mediabrowser.wire import MalformedPayload

_KINDS = {
    "movie": ItemKind.MOVIE,
    "series": ItemKind.SHOW,
    "season": ItemKind.SEASON,
    "episode": ItemKind.EPISODE,
}
_LIBRARY_KINDS = {"movies": "movie", "tvshows": "show"}
_CREW_TYPES = {"director", "writer"}
# Cover art is a "Video" stream on some servers; it is never the film.
_PICTURE_CODECS = {"mjpeg", "png", "bmp", "gif", "webp"}
# Placeholders that mean "no range reported".
_NO_RANGE = {"", "unknown", "none"}


def library(folder: VirtualFolder) -> RemoteLibrary:
    """Return the library a virtual folder is; kinds other than movie/show pass through."""
    raw = (folder.collection_type or "").lower()
    return RemoteLibrary(
        id=folder.item_id,
        name=folder.name,
        kind=_LIBRARY_KINDS.get(raw, raw or "mixed"),
        locations=folder.locations,
    )


def remote_item(item: BaseItem, *, server_id: str, library_id: str) -> RemoteItem:
    """Return the RemoteItem for a BaseItemDto; MalformedPayload for an unknown type.

    Episode ids are the episode's own provider ids; the sync keys episodes by their show
    and numbers, never by treating these as series ids.
    """
    kind = _KINDS.get(item.type.lower())
    if kind is None:
        raise MalformedPayload(f"unexpected item type {item.type!r}")
    parent: str | None = None
    show: str | None = None
    season_number: int | None = None
    episode_number: int | None = None
    if kind is ItemKind.SEASON:
        parent = show = item.series_id or item.parent_id
        season_number = item.index_number
    elif kind is ItemKind.EPISODE:
        parent = item.season_id or item.parent_id
        show = item.series_id
        season_number = item.parent_index_number
        episode_number = item.index_number
    return RemoteItem(
        server_id=server_id,
        native_id=item.id,
        kind=kind,
        library_id=library_id,
        title=item.name,
        ids=external_ids(item.provider_ids),
        parent_native_id=parent,
        show_native_id=show,
        year=item.production_year,
        season_number=season_number,
        episode_number=episode_number,
        added_at=item.date_created,
        updated_at=item.date_last_saved,
        released=item.premiere_date,
        rating=item.community_rating,
        critic_rating=item.critic_rating,
        content_rating=item.official_rating,
        genres=item.genres,
        studios=item.studios,
        labels=item.tags,
        cast=tuple(Credit(p.name, p.role) for p in item.people if (p.type or "") == "Actor"),
        crew=tuple(
            Credit(p.name, p.type) for p in item.people if (p.type or "").lower() in _CREW_TYPES
        ),
        files=_files(item),
    )


def external_ids(provider_ids: dict[str, str]) -> ExternalIds:
    """Return the TMDB/TVDB/IMDb ids of lower-cased ProviderIds; unreadable ids are unknown."""
    imdb = provider_ids.get("imdb", "").strip()
    return ExternalIds(
        tmdb=_number(provider_ids.get("tmdb")),
        tvdb=_number(provider_ids.get("tvdb")),
        imdb=imdb or None,
    )


def _number(raw: str | None) -> int | None:
    if raw is None:
        return None
    text = raw.strip()
    return int(text) if text.isdigit() else None


def _files(item: BaseItem) -> tuple[RemoteFile, ...]:
    out = []
    for source in item.media_sources:
        # Older servers put the streams on the item rather than on its only source.
        streams = source.streams
        if not streams and len(item.media_sources) == 1:
            streams = item.media_streams
        out.append(_file(source, streams))
    return tuple(out)


def _file(source: MediaSource, streams: tuple[MediaStream, ...]) -> RemoteFile:
    videos = [
        s for s in streams if s.type == "Video" and (s.codec or "").lower() not in _PICTURE_CODECS
    ]
    return RemoteFile(
        path=source.path,
        size=source.size,
        container=source.container,
        duration_ms=source.duration_ms,
        video=video(videos[0]) if videos else None,
        audio=tuple(audio(s) for s in streams if s.type == "Audio"),
        subtitles=tuple(subtitle(s) for s in streams if s.type == "Subtitle"),
        part_id=source.id,
    )


def video(stream: MediaStream) -> VideoInfo:
    """Return the raw video fields; the range label is the most specific one the server gave.

    Jellyfin reports ``VideoRangeType`` (e.g. ``DOVIWithHDR10``); Emby ``ExtendedVideoType``
    (e.g. ``Hdr10``); both fall back to ``VideoRange`` (``SDR``/``HDR``).
    """
    label = next(
        (
            value
            for value in (
                stream.video_range_type,
                stream.extended_video_type,
                stream.video_range,
            )
            if value is not None and value.lower() not in _NO_RANGE
        ),
        None,
    )
    return VideoInfo(
        codec=stream.codec,
        profile=stream.profile,
        width=stream.width,
        height=stream.height,
        bit_depth=stream.bit_depth,
        frame_rate=stream.real_frame_rate or stream.average_frame_rate,
        color_transfer=stream.color_transfer,
        color_primaries=stream.color_primaries,
        range_label=label,
        dv_profile=stream.dv_profile,
        dv_bl_compat_id=stream.dv_bl_compat_id,
        hdr10_plus=_hdr10_plus(stream, label),
        title=stream.display_title,
    )


def _hdr10_plus(stream: MediaStream, label: str | None) -> bool | None:
    """Return whether HDR10+ metadata is present, or None where the server cannot say."""
    if stream.hdr10_plus_present is not None:
        return stream.hdr10_plus_present
    named = label is not None and "HDR10PLUS" in label.upper().replace("+", "PLUS").replace(" ", "")
    if (stream.video_range_type or "").lower() not in _NO_RANGE:
        # Jellyfin's VideoRangeType names every HDR10+ combination, so its absence is a no.
        return named
    return True if named else None


def audio(stream: MediaStream) -> AudioInfo:
    """Return an audio stream's fields."""
    return AudioInfo(
        codec=stream.codec,
        profile=stream.profile,
        channels=stream.channels,
        language=stream.language,
        title=stream.display_title,
        default=stream.is_default,
    )


def subtitle(stream: MediaStream) -> SubtitleInfo:
    """Return a subtitle stream's fields."""
    return SubtitleInfo(
        codec=stream.codec,
        language=stream.language,
        forced=stream.is_forced,
        external=stream.is_external,
    )
