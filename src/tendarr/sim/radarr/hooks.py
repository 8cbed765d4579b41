"""Radarr webhook payloads (``NzbDrone.Core.Notifications.Webhook``)."""

from __future__ import annotations

from tendarr.sim.arr.app import ArrSim
from tendarr.sim.arr.media import deleted_file, quality_name, webhook_file
from tendarr.sim.arr.wire import Json
from tendarr.sim.model import MediaFile, Movie
from tendarr.sim.radarr.resources import movie_id, movie_path, release_dates

CLIENT = {"downloadClient": "qBittorrent", "downloadClientType": "qBittorrent"}


def movie(state: ArrSim, item: Movie, file: MediaFile | None = None) -> Json:
    """Return the webhook ``movie`` block (tags as labels)."""
    labels = {t.id: t.label for t in state.world.tags}
    tags = [labels[t] for t in (item.radarr.tags if item.radarr else []) if t in labels]
    return {
        "id": movie_id(item),
        "title": item.title,
        "year": item.year,
        "filePath": file.path if file else None,
        "releaseDate": release_dates(item)[1].isoformat(),
        "folderPath": movie_path(item),
        "tmdbId": item.tmdb_id,
        "imdbId": item.imdb_id,
        "overview": item.overview,
        "genres": item.genres,
        "images": [],
        "tags": tags,
        "originalLanguage": {"id": 1, "name": "English"},
    }


def remote_movie(item: Movie) -> Json:
    """Return the webhook ``remoteMovie`` block."""
    return {"tmdbId": item.tmdb_id, "imdbId": item.imdb_id, "title": item.title, "year": item.year}


def release(quality: str, group: str, title: str, size: int) -> Json:
    """Return the webhook ``release`` block."""
    return {
        "quality": quality_name("radarr", quality),
        "qualityVersion": 1,
        "releaseGroup": group,
        "releaseTitle": title,
        "indexer": "TorrentLeech (Prowlarr)",
        "size": size,
        "customFormatScore": 0,
        "customFormats": [],
    }


def download(
    state: ArrSim, item: Movie, download_id: str, source: str, replaced: MediaFile | None
) -> Json:
    """Return the ``Download`` payload (``isUpgrade`` and ``deletedFiles[]`` on upgrades)."""
    file = item.file
    assert file is not None
    folder = movie_path(item)
    title = source.rsplit("/", 2)[-2]
    return {
        "movie": movie(state, item, file),
        "remoteMovie": remote_movie(item),
        "movieFile": webhook_file("radarr", file, folder, source) | {"indexerFlags": 0},
        "isUpgrade": replaced is not None,
        **CLIENT,
        "downloadId": download_id,
        "deletedFiles": [deleted_file("radarr", replaced, folder)] if replaced else None,
        "customFormatInfo": {"customFormats": [], "customFormatScore": 0},
        "release": release(file.quality, file.release_group, title, file.size),
        "eventType": "Download",
    }


def grab(state: ArrSim, item: Movie, title: str, download_id: str, quality: str) -> Json:
    """Return the ``Grab`` payload."""
    return {
        "movie": movie(state, item),
        "remoteMovie": remote_movie(item),
        "release": release(quality, title.rsplit("-", 1)[-1], title, 0),
        **CLIENT,
        "downloadId": download_id,
        "customFormatInfo": {"customFormats": [], "customFormatScore": 0},
        "eventType": "Grab",
    }


def file_delete(state: ArrSim, item: Movie, file: MediaFile, reason: str) -> Json:
    """Return the ``MovieFileDelete`` payload."""
    return {
        "movie": movie(state, item),
        "movieFile": webhook_file("radarr", file, movie_path(item), None) | {"indexerFlags": 0},
        "deleteReason": reason,
        "eventType": "MovieFileDelete",
    }


def movie_delete(state: ArrSim, item: Movie, deleted_files: bool, folder_size: int) -> Json:
    """Return the ``MovieDelete`` payload (``deletedFiles`` is a bool here)."""
    return {
        "movie": movie(state, item),
        "deletedFiles": deleted_files,
        "movieFolderSize": folder_size,
        "eventType": "MovieDelete",
    }


def added(state: ArrSim, item: Movie) -> Json:
    """Return the ``MovieAdded`` payload."""
    return {"movie": movie(state, item), "addMethod": "manual", "eventType": "MovieAdded"}


def test() -> Json:
    """Return the ``Test`` payload Radarr sends from the connection dialog."""
    return {
        "movie": {
            "id": 1,
            "title": "Test Title",
            "year": 1970,
            "releaseDate": "1970-01-01",
            "folderPath": "C:\\testpath",
            "tmdbId": 0,
            "genres": [],
            "images": [],
            "tags": ["test-tag"],
        },
        "remoteMovie": {"tmdbId": 1234, "imdbId": "1", "title": "Test title", "year": 1970},
        "release": {
            "quality": "Test Quality",
            "qualityVersion": 1,
            "releaseGroup": "Test Group",
            "releaseTitle": "Test Title",
            "indexer": "Test Indexer",
            "size": 9999999,
            "customFormatScore": 0,
        },
        "eventType": "Test",
    }
