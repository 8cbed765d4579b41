"""Turn what an adapter read into the records the library stores."""

from __future__ import annotations

from typing import Any

from tendarr.domain.analysis import classify_audio, classify_dynamic_range, classify_resolution
from tendarr.domain.media import RemoteFile, RemoteItem
from tendarr.ports.library import FileRecord, MediaFields


def media_fields(
    item: RemoteItem, *, parent_id: int | None = None, show_id: int | None = None
) -> MediaFields:
    """Return the canonical fields an item contributes."""
    return MediaFields(
        kind=item.kind.value,
        title=item.title,
        tmdb_id=item.ids.tmdb,
        tvdb_id=item.ids.tvdb,
        imdb_id=item.ids.imdb,
        year=item.year,
        parent_id=parent_id,
        show_id=show_id,
        season_number=item.season_number,
        episode_number=item.episode_number,
        released=item.released,
        rating=item.rating,
        critic_rating=item.critic_rating,
        content_rating=item.content_rating,
        genres=list(item.genres),
        studios=list(item.studios),
        collections=list(item.collections),
        labels=list(item.labels),
        cast=[{"name": c.name, "role": c.role} for c in item.cast[:20]],
        crew=[{"name": c.name, "role": c.role} for c in item.crew[:20]],
        added_at=item.added_at,
    )


def file_record(file: RemoteFile) -> FileRecord:
    """Return a storable file with its streams and their classification."""
    name = file.path.rsplit("/", 1)[-1]
    dynamic = classify_dynamic_range(file.video, name)
    audio = classify_audio(file.audio, name)
    resolution = classify_resolution(file.video, name)
    return FileRecord(
        path=file.path,
        size=file.size,
        container=file.container,
        duration_ms=file.duration_ms,
        video=_plain(vars(file.video)) if file.video else None,
        audio=[_plain(vars(a)) for a in file.audio],
        subtitles=[_plain(vars(s)) for s in file.subtitles],
        resolution=_known(resolution.value),
        dynamic_range=_known(dynamic.kind.value),
        audio_profile=_known(audio.format.value),
    )


def _known(value: str) -> str | None:
    return None if value == "unknown" else value


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None and v != () and v is not False}
