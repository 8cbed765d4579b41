"""Turn Plex metadata into Tendarr's vendor-neutral RemoteItem."""

from __future__ import annotations

from datetime import UTC, date, datetime

from tendarr.domain.media import (
    AudioInfo,
    Credit,
    ExternalIds,
    ItemKind,
    RemoteFile,
    RemoteItem,
    SubtitleInfo,
    VideoInfo,
)
from tendarr.integrations.plex.models import (
    PlexMedia,
    PlexMetadata,
    PlexPart,
    PlexPayloadError,
    PlexStream,
)

KINDS = {
    "movie": ItemKind.MOVIE,
    "show": ItemKind.SHOW,
    "season": ItemKind.SEASON,
    "episode": ItemKind.EPISODE,
}
VIDEO, AUDIO, SUBTITLE = 1, 2, 3
# Items matched by Plex's legacy agents carry their id only in ``guid``.
LEGACY_AGENTS = {
    "com.plexapp.agents.imdb": "imdb",
    "com.plexapp.agents.themoviedb": "tmdb",
    "com.plexapp.agents.thetvdb": "tvdb",
}


def remote_item(server_id: str, library_id: str, meta: PlexMetadata) -> RemoteItem:
    """Return ``meta`` as a RemoteItem; raise PlexPayloadError when it cannot be read."""
    kind = KINDS.get(meta.type)
    if kind is None:
        raise PlexPayloadError(f"unexpected item type {meta.type!r}")
    episode = kind is ItemKind.EPISODE
    season = kind is ItemKind.SEASON
    parent = meta.parent_rating_key if season or episode else None
    return RemoteItem(
        server_id=server_id,
        native_id=meta.rating_key,
        kind=kind,
        library_id=library_id,
        title=meta.title,
        ids=external_ids(meta),
        parent_native_id=parent,
        show_native_id=meta.grandparent_rating_key if episode else parent,
        year=meta.year,
        season_number=meta.parent_index if episode else meta.index if season else None,
        episode_number=meta.index if episode else None,
        added_at=_when(meta.added_at),
        updated_at=_when(meta.updated_at),
        released=_day(meta.originally_available_at),
        rating=meta.audience_rating,
        critic_rating=meta.rating,
        content_rating=meta.content_rating,
        genres=meta.genres,
        studios=(meta.studio,) if meta.studio else (),
        collections=meta.collections,
        labels=meta.labels,
        cast=tuple(Credit(c.name, c.role) for c in meta.roles),
        crew=tuple(
            Credit(c.name, job)
            for job, credits in (
                ("Director", meta.directors),
                ("Writer", meta.writers),
                ("Producer", meta.producers),
            )
            for c in credits
        ),
        files=tuple(_file(media, part) for media in meta.media for part in media.parts),
    )


def external_ids(meta: PlexMetadata) -> ExternalIds:
    """Return the tmdb/tvdb/imdb ids from ``Guid[]`` (or a legacy agent ``guid``)."""
    found: dict[str, str] = {}
    for guid in meta.guids:
        scheme, sep, value = guid.partition("://")
        if sep and scheme in {"tmdb", "tvdb", "imdb"}:
            found.setdefault(scheme, value)
    if not found and meta.guid and meta.type in {"movie", "show"}:
        agent, sep, rest = meta.guid.partition("://")
        source = LEGACY_AGENTS.get(agent)
        if sep and source:
            found[source] = rest.split("?")[0].split("/")[0]
    return ExternalIds(
        tmdb=_number(found.get("tmdb")),
        tvdb=_number(found.get("tvdb")),
        imdb=found.get("imdb") or None,
    )


def _number(raw: str | None) -> int | None:
    # An id that is not a number names nothing; unknown is safer than a wrong match.
    return int(raw) if raw and raw.isdigit() else None


def _when(epoch: int | None) -> datetime | None:
    if not epoch or epoch < 0:  # PMS sends 0 for "never"
        return None
    return datetime.fromtimestamp(epoch, UTC)


def _day(raw: str | None) -> date | None:
    if not raw:
        return None
    try:
        return date.fromisoformat(raw[:10])
    except ValueError as err:
        raise PlexPayloadError(f"originallyAvailableAt {raw!r} is not a date") from err


def _file(media: PlexMedia, part: PlexPart) -> RemoteFile:
    streams = part.streams or ()
    video = next((s for s in streams if s.stream_type == VIDEO), None)
    return RemoteFile(
        path=part.file,
        size=part.size,
        container=part.container or media.container,
        duration_ms=part.duration if part.duration is not None else media.duration,
        video=_video(video) if video else None,
        audio=tuple(_audio(s) for s in streams if s.stream_type == AUDIO),
        subtitles=tuple(_subtitle(s) for s in streams if s.stream_type == SUBTITLE),
        part_id=part.id,
    )


def _video(s: PlexStream) -> VideoInfo:
    return VideoInfo(
        codec=s.codec,
        profile=s.profile,
        width=s.width,
        height=s.height,
        bit_depth=s.bit_depth,
        frame_rate=s.frame_rate,
        color_transfer=s.color_trc,
        color_primaries=s.color_primaries,
        range_label=s.video_range_type or s.display_title,
        dv_profile=s.dovi_profile if s.dovi_present is not False else None,
        dv_bl_compat_id=s.dovi_bl_compat_id if s.dovi_present is not False else None,
        title=s.extended_display_title or s.display_title,
    )


def _audio(s: PlexStream) -> AudioInfo:
    return AudioInfo(
        codec=s.codec,
        profile=s.profile,
        channels=s.channels,
        language=s.language_code or s.language,
        title=s.extended_display_title or s.display_title,
        default=s.default,
    )


def _subtitle(s: PlexStream) -> SubtitleInfo:
    return SubtitleInfo(
        codec=s.codec,
        language=s.language_code or s.language,
        forced=s.forced,
        external=s.external,
    )
