"""What Sonarr and Radarr report, in Tendarr's own terms (vendor-neutral, pure data).

Tags and quality profiles are carried by name, not by the app's numeric ids, so a rule
or a restoration record reads the same on any instance. ``None`` always means "the app
did not say", never zero or "no".
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime

from tendarr.domain.media import ExternalIds


class ArrKind(enum.StrEnum):
    """The download managers Tendarr drives."""

    SONARR = "sonarr"
    RADARR = "radarr"


class SeriesStatus(enum.StrEnum):
    """Sonarr's ``SeriesStatusType``."""

    CONTINUING = "continuing"
    ENDED = "ended"
    UPCOMING = "upcoming"
    DELETED = "deleted"  # gone from the metadata source, still in Sonarr


class MovieStatus(enum.StrEnum):
    """Radarr's ``MovieStatusType``."""

    TBA = "tba"
    ANNOUNCED = "announced"
    IN_CINEMAS = "inCinemas"
    RELEASED = "released"
    DELETED = "deleted"


class CommandStatus(enum.StrEnum):
    """Where a queued command (a search, a refresh) stands."""

    QUEUED = "queued"
    STARTED = "started"
    COMPLETED = "completed"
    FAILED = "failed"
    ABORTED = "aborted"
    CANCELLED = "cancelled"
    ORPHANED = "orphaned"

    @property
    def finished(self) -> bool:
        """Return whether the command will change no further."""
        return self not in {CommandStatus.QUEUED, CommandStatus.STARTED}


@dataclass(frozen=True)
class ArrSystem:
    """``GET /system/status``: which app answered and its version (the connection test)."""

    kind: ArrKind
    app_name: str
    version: str
    instance_name: str | None = None


@dataclass(frozen=True)
class ArrTag:
    """A tag as the app lists it."""

    id: int
    label: str


@dataclass(frozen=True)
class QualityProfile:
    """A quality profile by id and name."""

    id: int
    name: str


@dataclass(frozen=True)
class RootFolder:
    """A root folder and the space left on the disk it lives on."""

    id: int
    path: str
    free_bytes: int | None
    total_bytes: int | None = None  # from the disk that holds the folder, when listed
    accessible: bool | None = None

    @property
    def free_fraction(self) -> float | None:
        """Return the free share of the disk (0..1), or None when either size is unknown."""
        if self.free_bytes is None or not self.total_bytes:
            return None
        return self.free_bytes / self.total_bytes


@dataclass(frozen=True)
class ArrSeason:
    """One season of a Sonarr series with its monitoring flag and file counts."""

    number: int
    monitored: bool
    episode_count: int | None = None  # monitored aired episodes plus those with a file
    episode_file_count: int | None = None
    total_episode_count: int | None = None
    size_on_disk: int | None = None


@dataclass(frozen=True)
class ArrSeries:
    """A series Sonarr manages."""

    id: int
    tvdb_id: int
    title: str
    monitored: bool
    tmdb_id: int | None = None
    imdb_id: str | None = None
    year: int | None = None
    status: SeriesStatus | None = None
    tags: tuple[str, ...] = ()
    quality_profile: str | None = None
    root_folder: str | None = None
    path: str | None = None
    size_on_disk: int | None = None
    episode_file_count: int | None = None
    seasons: tuple[ArrSeason, ...] = ()
    added_at: datetime | None = None

    @property
    def ids(self) -> ExternalIds:
        """Return the ids that name this series across vendors."""
        return ExternalIds(tmdb=self.tmdb_id, tvdb=self.tvdb_id, imdb=self.imdb_id)

    def season(self, number: int) -> ArrSeason | None:
        """Return season ``number``, or None when Sonarr lists no such season."""
        return next((s for s in self.seasons if s.number == number), None)


@dataclass(frozen=True)
class ArrEpisode:
    """One episode of a Sonarr series, with its file when it has one."""

    id: int
    series_id: int
    season_number: int
    episode_number: int
    monitored: bool
    has_file: bool
    title: str | None = None
    tvdb_id: int | None = None
    file_id: int | None = None
    file_size: int | None = None
    air_date: date | None = None
    aired_at: datetime | None = None


@dataclass(frozen=True)
class ArrMovie:
    """A movie Radarr manages."""

    id: int
    tmdb_id: int
    title: str
    monitored: bool
    has_file: bool
    imdb_id: str | None = None
    year: int | None = None
    status: MovieStatus | None = None
    tags: tuple[str, ...] = ()
    quality_profile: str | None = None
    root_folder: str | None = None
    path: str | None = None
    file_id: int | None = None
    size_on_disk: int | None = None
    added_at: datetime | None = None

    @property
    def ids(self) -> ExternalIds:
        """Return the ids that name this movie across vendors."""
        return ExternalIds(tmdb=self.tmdb_id, imdb=self.imdb_id)


@dataclass(frozen=True)
class ImportExclusion:
    """A title the app will not add again from lists (Sonarr: by TVDB id, Radarr: by TMDB id)."""

    id: int
    kind: ArrKind
    external_id: int
    title: str | None = None
    year: int | None = None


@dataclass(frozen=True)
class ArrCommand:
    """A command the app accepted, and where it stands."""

    id: int
    name: str
    status: CommandStatus | None
    queued_at: datetime | None = None
    started_at: datetime | None = None
    ended_at: datetime | None = None
    message: str | None = None
