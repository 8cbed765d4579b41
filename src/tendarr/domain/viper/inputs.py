"""What VIPER decides from: one show's Sonarr episode list, watch state, protections.

``None`` always means "not known" (a source failed, was never read, or gave no value),
and unknown always keeps: it is never read as "no", "nothing" or zero.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from tendarr.domain.viper.order import EpisodeKey


@dataclass(frozen=True, slots=True)
class Completion:
    """One completed viewing of an episode: pass every event, rewatches included.

    ``at`` is None when the source gave no usable date (it still counts for the position).
    """

    key: EpisodeKey
    at: datetime | None


@dataclass(frozen=True, slots=True)
class InProgress:
    """An episode the viewer started and has not finished (its latest viewing stopped)."""

    key: EpisodeKey
    at: datetime | None


@dataclass(frozen=True, slots=True)
class ViewerWatch:
    """One person's watch state on one show, merged across every server they use.

    ``viewer`` is a stable key for the person (the Tendarr user id), never a server account.
    """

    viewer: str
    completions: tuple[Completion, ...] = ()
    in_progress: tuple[InProgress, ...] = ()


@dataclass(frozen=True, slots=True)
class EpisodeState:
    """One episode as Sonarr lists it, plus whether Tendarr itself unmonitored it.

    ``has_file`` is Sonarr's ``hasFile`` (None: not read). ``unmonitored_by_tendarr`` comes
    from Tendarr's own deletion records: only such episodes are redownload candidates.
    """

    key: EpisodeKey
    has_file: bool | None
    unmonitored_by_tendarr: bool = False


@dataclass(frozen=True)
class ShowInput:
    """Everything VIPER needs to decide one show, keyed by its TVDB id (never a title).

    - ``watch``: every viewer's state on the show, or None when watch history is unknown
      (never synced, or its last sync failed): then nothing in the show is deleted.
    - ``playing``: episodes playing now on any server, or None when that could not be
      asked: then nothing in the show is deleted.
    - ``redownloadable``: Sonarr holds the series (matched by TVDB id) and can monitor and
      search it; None when unknown. Without it nothing a viewer still needs is deleted.
    - ``protected``: the show is manually protected (None: unknown, which keeps it all).
    - ``grace_until``: end of a stored watchlist/request grace window (D9); until then the
      whole show is kept.
    - ``download_time``: measured search-to-import time; None uses the configured default.
    """

    tvdb_id: int
    episodes: tuple[EpisodeState, ...]
    watch: tuple[ViewerWatch, ...] | None
    playing: frozenset[EpisodeKey] | None
    redownloadable: bool | None
    protected: bool | None = False
    protected_seasons: frozenset[int] = frozenset()
    protected_episodes: frozenset[EpisodeKey] = frozenset()
    grace_until: datetime | None = None
    download_time: timedelta | None = None

    def __post_init__(self) -> None:
        if self.download_time is not None and self.download_time < timedelta(0):
            raise ValueError(f"download_time must not be negative, got {self.download_time}")
        if self.grace_until is not None:
            require_aware(self.grace_until, "grace_until")


def require_aware(moment: datetime, what: str) -> None:
    """Raise ValueError when ``moment`` has no time zone (a caller bug, never guessed)."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{what} must be timezone-aware, got {moment!r}")
