"""Webhook bodies as each sender posts them (shapes from the vendors' webhook code, the
reference system's documentation and Tendarr's simulators)."""

from __future__ import annotations

from typing import Any

SERIES = {
    "id": 7,
    "title": "The Expanse",
    "path": "/tv/The Expanse",
    "tvdbId": 280619,
    "type": "standard",
}
EPISODE_FILE = {
    "id": 101,
    "relativePath": "Season 01/The Expanse - S01E02 - The Big Empty.mkv",
    "path": "/tv/The Expanse/Season 01/The Expanse - S01E02 - The Big Empty.mkv",
    "quality": "WEBDL-1080p",
    "size": 1_500_000_000,
}
EPISODE_PATH = EPISODE_FILE["path"]

SONARR_DOWNLOAD: dict[str, Any] = {
    "series": SERIES,
    "episodes": [{"id": 55, "episodeNumber": 2, "seasonNumber": 1, "title": "The Big Empty"}],
    "episodeFile": EPISODE_FILE,
    "isUpgrade": False,
    "downloadClient": "SABnzbd",
    "downloadId": "SABnzbd_nzo_abc",
    "eventType": "Download",
    "instanceName": "Sonarr",
}
# Sonarr v4 "On Import Complete": also eventType Download, files in episodeFiles[].
SONARR_IMPORT_COMPLETE: dict[str, Any] = {
    "series": SERIES,
    "episodes": [
        {"id": 55, "episodeNumber": 2, "seasonNumber": 1},
        {"id": 56, "episodeNumber": 3, "seasonNumber": 1},
    ],
    "episodeFiles": [
        EPISODE_FILE,
        {"id": 102, "relativePath": "Season 01/The Expanse - S01E03 - Remember the Cant.mkv"},
    ],
    "fileCount": 2,
    "sourcePath": "/downloads/complete/tv/The.Expanse.S01",
    "destinationPath": "/tv/The Expanse/Season 01",
    "eventType": "Download",
}
SONARR_UPGRADE: dict[str, Any] = {
    **SONARR_DOWNLOAD,
    "isUpgrade": True,
    "deletedFiles": [
        {"id": 90, "relativePath": "Season 01/The Expanse - S01E02 - The Big Empty 720p.mkv",
         "path": "/tv/The Expanse/Season 01/The Expanse - S01E02 - The Big Empty 720p.mkv",
         "recycleBinPath": None}
    ],
}  # fmt: skip
SONARR_TEST = {
    "series": {"id": 1, "title": "Test Title", "path": "C:\\testpath", "tvdbId": 1234},
    "episodes": [{"id": 123, "episodeNumber": 1, "seasonNumber": 1, "title": "Test title"}],
    "eventType": "Test",
}
SONARR_GRAB = {"series": SERIES, "episodes": [], "release": {}, "eventType": "Grab"}
SONARR_RENAME = {"series": SERIES, "renamedEpisodeFiles": [], "eventType": "Rename"}

MOVIE_PATH = "/movies/Inception (2010)/Inception (2010) Bluray-1080p.mkv"
RADARR_DOWNLOAD: dict[str, Any] = {
    "movie": {
        "id": 3,
        "title": "Inception",
        "year": 2010,
        "filePath": MOVIE_PATH,
        "folderPath": "/movies/Inception (2010)",
        "tmdbId": 27205,
    },
    "remoteMovie": {"tmdbId": 27205, "imdbId": "tt1375666", "title": "Inception", "year": 2010},
    "movieFile": {
        "id": 9,
        "relativePath": "Inception (2010) Bluray-1080p.mkv",
        "path": MOVIE_PATH,
        "quality": "Bluray-1080p",
    },
    "isUpgrade": False,
    "eventType": "Download",
}
# The reference system's minimal shape: a folder and a relative path only.
RADARR_RELATIVE: dict[str, Any] = {
    "eventType": "Download",
    "movie": {"title": "Inception", "folderPath": "/movies/Inception (2010)"},
    "movieFile": {"relativePath": "Inception.mkv"},
}
RADARR_TEST = {
    "movie": {"id": 1, "title": "Test Title", "year": 1970, "folderPath": "C:\\testpath"},
    "remoteMovie": {"tmdbId": 1234, "imdbId": "1", "title": "Test title", "year": 1970},
    "eventType": "Test",
}
RADARR_HEALTH = {"level": "warning", "message": "x", "eventType": "Health", "movie": None}

PLEX_LIBRARY_NEW: dict[str, Any] = {
    "event": "library.new",
    "user": True,
    "owner": True,
    "Account": {"id": 1, "title": "owner"},
    "Server": {"title": "Living room", "uuid": "plex-machine-1"},
    "Metadata": {
        "librarySectionType": "show",
        "ratingKey": "153037",
        "type": "episode",
        "title": "The Big Empty",
        "grandparentTitle": "The Expanse",
    },
}
PLEX_LIBRARY_NEW_WITH_FILE: dict[str, Any] = {
    **PLEX_LIBRARY_NEW,
    "Metadata": {
        "ratingKey": "153038",
        "type": "movie",
        "title": "Some Movie",
        "Media": [{"Part": [{"file": "/data/movies/Some Movie/Some Movie.mkv"}]}],
    },
}
PLEX_PLAY = {**PLEX_LIBRARY_NEW, "event": "media.play", "Player": {"title": "TV"}}
PLEX_TRACK = {**PLEX_LIBRARY_NEW, "Metadata": {"ratingKey": "9", "type": "track"}}

JELLYFIN_ITEM_ADDED = {
    "ServerId": "0f4e9c2b6a1d4b8e9f3a2c1d0e9b8a7f",
    "ServerName": "Jellyfin",
    "NotificationType": "ItemAdded",
    "Name": "The Big Empty",
    "ItemId": "a1b2c3d4e5f60718293a4b5c6d7e8f90",
    "ItemType": "Episode",
    "SeriesName": "The Expanse",
    "SeasonNumber": 1,
    "EpisodeNumber": 2,
}
JELLYFIN_PLAYBACK = {**JELLYFIN_ITEM_ADDED, "NotificationType": "PlaybackStart"}

EMBY_LIBRARY_NEW = {
    "Title": "Inception added",
    "Date": "2026-01-01T12:00:00.0000000Z",
    "Event": "library.new",
    "Item": {
        "Name": "Inception",
        "Id": "4242",
        "Type": "Movie",
        "Path": "/mnt/movies/Inception (2010)/Inception.mkv",
        "ServerId": "emby-machine",
    },
    "Server": {"Name": "Emby", "Id": "emby-machine", "Version": "4.8.11.0"},
}
EMBY_PLAYBACK = {**EMBY_LIBRARY_NEW, "Event": "playback.start"}
EMBY_TEST = {"Title": "Test", "Event": "system.notificationtest", "Server": {"Id": "emby-machine"}}

CUSTOM_ONE = {"file_path": "/media/movies/Movie (2024)/Movie.mkv"}
CUSTOM_MANY = {
    "file_paths": ["/media/tv/Show/Season 01/S01E01.mkv", "/media/tv/Show/Season 01/S01E02.mkv"],
    "title": "Tdarr re-encode",
}
CUSTOM_TEST = {"eventType": "Test"}
