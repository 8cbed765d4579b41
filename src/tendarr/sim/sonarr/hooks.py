"""Sonarr webhook payloads (``NzbDrone.Core.Notifications.Webhook``)."""

from __future__ import annotations

from tendarr.sim.arr.app import ArrSim
from tendarr.sim.arr.media import deleted_file, quality_name, webhook_file
from tendarr.sim.arr.wire import Json, slug
from tendarr.sim.model import Episode, MediaFile, Show
from tendarr.sim.sonarr.resources import air_utc, episode_id, series_id, series_path

CLIENT = {"downloadClient": "SABnzbd", "downloadClientType": "SABnzbd"}


def series(state: ArrSim, show: Show) -> Json:
    """Return the webhook ``series`` block (tags as labels)."""
    labels = {t.id: t.label for t in state.world.tags}
    tags = [labels[t] for t in (show.sonarr.tags if show.sonarr else []) if t in labels]
    return {
        "id": series_id(show),
        "title": show.title,
        "titleSlug": slug(show.title),
        "path": series_path(show),
        "tvdbId": show.tvdb_id,
        "tvMazeId": 0,
        "tmdbId": show.tmdb_id,
        "imdbId": show.imdb_id,
        "type": "standard",
        "year": show.year,
        "genres": show.genres,
        "images": [],
        "tags": tags,
        "originalLanguage": {"id": 1, "name": "English"},
    }


def episodes(show: Show, eps: list[Episode]) -> list[Json]:
    """Return the webhook ``episodes`` block."""
    out = []
    for ep in eps:
        at = air_utc(ep)
        out.append(
            {
                "id": episode_id(ep),
                "episodeNumber": ep.episode_number,
                "seasonNumber": ep.season_number,
                "title": ep.title,
                "overview": ep.overview or None,
                "airDate": ep.air_date.isoformat() if ep.air_date else None,
                "airDateUtc": at.strftime("%Y-%m-%dT%H:%M:%SZ") if at else None,
                "seriesId": series_id(show),
                "tvdbId": ep.tvdb_id,
            }
        )
    return out


def release(file: MediaFile, title: str) -> Json:
    """Return the webhook ``release`` block."""
    return {
        "quality": quality_name("sonarr", file.quality),
        "qualityVersion": 1,
        "releaseGroup": file.release_group,
        "releaseTitle": title,
        "indexer": "NZBgeek (Prowlarr)",
        "size": file.size,
        "customFormatScore": 0,
        "customFormats": [],
    }


def download(
    state: ArrSim,
    show: Show,
    ep: Episode,
    download_id: str,
    source: str,
    replaced: MediaFile | None,
) -> Json:
    """Return the per-file ``Download`` payload (onDownload / onUpgrade)."""
    assert ep.file is not None
    folder = series_path(show)
    return {
        "series": series(state, show),
        "episodes": episodes(show, [ep]),
        "episodeFile": webhook_file("sonarr", ep.file, folder, source),
        "isUpgrade": replaced is not None,
        **CLIENT,
        "downloadId": download_id,
        "deletedFiles": [deleted_file("sonarr", replaced, folder)] if replaced else None,
        "customFormatInfo": {"customFormats": [], "customFormatScore": 0},
        "release": release(ep.file, source.rsplit("/", 2)[-2]),
        "eventType": "Download",
    }


def import_complete(state: ArrSim, show: Show, ep: Episode, download_id: str, source: str) -> Json:
    """Return the v4 "On Import Complete" ``Download`` payload (no ``episodeFile``)."""
    assert ep.file is not None
    folder = series_path(show)
    return {
        "series": series(state, show),
        "episodes": episodes(show, [ep]),
        "episodeFiles": [webhook_file("sonarr", ep.file, folder, source)],
        **CLIENT,
        "downloadId": download_id,
        "release": release(ep.file, source.rsplit("/", 2)[-2]),
        "fileCount": 1,
        "sourcePath": source.rsplit("/", 1)[0],
        "destinationPath": ep.file.path.rsplit("/", 1)[0],
        "eventType": "Download",
    }


def grab(
    state: ArrSim, show: Show, eps: list[Episode], title: str, download_id: str, quality: str
) -> Json:
    """Return the ``Grab`` payload."""
    return {
        "series": series(state, show),
        "episodes": episodes(show, eps),
        "release": {
            "quality": quality_name("sonarr", quality),
            "qualityVersion": 1,
            "releaseTitle": title,
            "indexer": "NZBgeek (Prowlarr)",
            "size": 0,
            "customFormatScore": 0,
            "customFormats": [],
        },
        **CLIENT,
        "downloadId": download_id,
        "customFormatInfo": {"customFormats": [], "customFormatScore": 0},
        "eventType": "Grab",
    }


def file_delete(state: ArrSim, show: Show, ep: Episode, file: MediaFile, reason: str) -> Json:
    """Return the ``EpisodeFileDelete`` payload."""
    return {
        "series": series(state, show),
        "episodes": episodes(show, [ep]),
        "episodeFile": webhook_file("sonarr", file, series_path(show), None),
        "deleteReason": reason,
        "eventType": "EpisodeFileDelete",
    }


def series_delete(state: ArrSim, show: Show, deleted_files: bool) -> Json:
    """Return the ``SeriesDelete`` payload (``deletedFiles`` is a bool here)."""
    return {
        "series": series(state, show),
        "deletedFiles": deleted_files,
        "eventType": "SeriesDelete",
    }


def test() -> Json:
    """Return the ``Test`` payload Sonarr sends from the connection dialog."""
    return {
        "series": {
            "id": 1,
            "title": "Test Title",
            "path": "C:\\testpath",
            "tvdbId": 1234,
            "tvMazeId": 0,
            "tmdbId": 0,
            "type": "standard",
            "year": 0,
            "genres": [],
            "images": [],
            "tags": ["test-tag"],
        },
        "episodes": [
            {
                "id": 123,
                "episodeNumber": 1,
                "seasonNumber": 1,
                "title": "Test title",
                "seriesId": 0,
                "tvdbId": 0,
            }
        ],
        "eventType": "Test",
    }
