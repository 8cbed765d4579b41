"""Sonarr and Radarr ports: what cleanup, protection, VIPER and restoration ask of them.

Every method raises a ``MediaServerError`` subclass when the app cannot answer
(``ServerUnreachable``, ``ServerAuthFailed``, ``ServerRateLimited``,
``ServerResponseInvalid`` from ``tendarr.ports.media_server``, or the two below). A failed
fetch is never an empty list, and a listing with one unreadable item raises rather than
leaving the item out.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Protocol

from tendarr.domain.arr import (
    ArrCommand,
    ArrEpisode,
    ArrKind,
    ArrMovie,
    ArrSeries,
    ArrSystem,
    ArrTag,
    ImportExclusion,
    QualityProfile,
    RootFolder,
)
from tendarr.ports.media_server import MediaServerError


class ArrItemMissing(MediaServerError):
    """The app holds no item with that id (deleted meanwhile, or never there)."""


class ArrRequestRejected(MediaServerError):
    """The app refused a change (HTTP 4xx, e.g. a series already added, an unknown profile)."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class ArrInstance(Protocol):
    """What both apps answer the same way."""

    kind: ArrKind

    def check(self) -> ArrSystem:
        """Return the app's name and version (the connection and API key test)."""
        ...

    def tags(self) -> list[ArrTag]:
        """Return every tag."""
        ...

    def quality_profiles(self) -> list[QualityProfile]:
        """Return every quality profile."""
        ...

    def root_folders(self) -> list[RootFolder]:
        """Return every root folder with the free (and, when listed, total) disk space."""
        ...

    def command(self, command_id: int) -> ArrCommand:
        """Return where a command (e.g. a search) stands now."""
        ...

    def import_exclusions(self) -> list[ImportExclusion]:
        """Return every import-list exclusion (all pages, or raise)."""
        ...


class SonarrPort(ArrInstance, Protocol):
    """One configured Sonarr (v3 or v4, API v3)."""

    def all_series(self) -> list[ArrSeries]:
        """Return every series Sonarr manages."""
        ...

    def series(self, series_id: int) -> ArrSeries:
        """Return one series by Sonarr id; ``ArrItemMissing`` when Sonarr has none."""
        ...

    def series_by_tvdb(self, tvdb_id: int) -> ArrSeries | None:
        """Return the series with this TVDB id, or None when Sonarr does not manage it."""
        ...

    def episodes(self, series_id: int) -> list[ArrEpisode]:
        """Return every episode of a series (specials included) with file ids and sizes."""
        ...

    def download_durations(self, since: datetime, limit: int) -> list[timedelta]:
        """Return how long the ``limit`` newest downloads imported since ``since`` took.

        Grab to import, newest import first, from Sonarr's history (``grabbed`` and
        ``downloadFolderImported`` sharing a download id). Every history page needed is
        read, or this raises a ``MediaServerError``: never a partial list.
        """
        ...

    def delete_series(
        self, series_id: int, *, delete_files: bool, add_import_exclusion: bool
    ) -> None:
        """Remove a series from Sonarr; its files only with ``delete_files``."""
        ...

    def delete_episode_files(self, file_ids: Collection[int]) -> list[int]:
        """Delete these episode files; return the ids that existed and are now deleted."""
        ...

    def set_series_monitored(self, series_id: int, monitored: bool) -> None:
        """Monitor or unmonitor a series (its seasons and episodes keep their flags)."""
        ...

    def set_seasons_monitored(self, series_id: int, seasons: Mapping[int, bool]) -> None:
        """Monitor or unmonitor seasons by number; Sonarr carries a change to their episodes."""
        ...

    def set_episodes_monitored(self, episode_ids: Collection[int], monitored: bool) -> None:
        """Monitor or unmonitor episodes by Sonarr id."""
        ...

    def search_series(self, series_id: int) -> ArrCommand:
        """Queue a search for every monitored episode of a series."""
        ...

    def search_season(self, series_id: int, season_number: int) -> ArrCommand:
        """Queue a search for the monitored episodes of one season."""
        ...

    def search_episodes(self, episode_ids: Collection[int]) -> ArrCommand:
        """Queue a search for these episodes (monitored or not)."""
        ...

    def add_series(
        self,
        tvdb_id: int,
        *,
        quality_profile: str,
        root_folder: str,
        monitored_seasons: Collection[int] | None = None,
        tags: Sequence[str] = (),
        search: bool = True,
    ) -> ArrSeries:
        """Add a series back (restoration): all seasons monitored, or only those listed."""
        ...

    def remove_import_exclusion(self, tvdb_id: int) -> bool:
        """Remove the exclusion of a TVDB id; return whether there was one."""
        ...


class RadarrPort(ArrInstance, Protocol):
    """One configured Radarr (API v3)."""

    def movies(self) -> list[ArrMovie]:
        """Return every movie Radarr manages."""
        ...

    def movie(self, movie_id: int) -> ArrMovie:
        """Return one movie by Radarr id; ``ArrItemMissing`` when Radarr has none."""
        ...

    def movie_by_tmdb(self, tmdb_id: int) -> ArrMovie | None:
        """Return the movie with this TMDB id, or None when Radarr does not manage it."""
        ...

    def delete_movie(
        self, movie_id: int, *, delete_files: bool, add_import_exclusion: bool
    ) -> None:
        """Remove a movie from Radarr; its files only with ``delete_files``."""
        ...

    def delete_movie_files(self, file_ids: Collection[int]) -> list[int]:
        """Delete these movie files; return the ids that existed and are now deleted."""
        ...

    def set_movie_monitored(self, movie_id: int, monitored: bool) -> None:
        """Monitor or unmonitor a movie."""
        ...

    def search_movies(self, movie_ids: Collection[int]) -> ArrCommand:
        """Queue a search for these movies."""
        ...

    def add_movie(
        self,
        tmdb_id: int,
        *,
        quality_profile: str,
        root_folder: str,
        monitored: bool = True,
        tags: Sequence[str] = (),
        search: bool = True,
    ) -> ArrMovie:
        """Add a movie back (restoration)."""
        ...

    def remove_import_exclusion(self, tmdb_id: int) -> bool:
        """Remove the exclusion of a TMDB id; return whether there was one."""
        ...
