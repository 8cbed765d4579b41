"""Read port for VIPER: shows, their episodes and who watched what, in a few queries.

The adapter answers for every show (or one) at once; ``services/viper_inputs.py`` joins
the rows with Sonarr's episode list into the engine's ``ShowInput``. A viewer is a person:
``user:<id>`` for a Tendarr user (all their linked accounts together), ``account:<id>``
for a server account linked to no one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True)
class ShowRecord:
    """One show of the library with the ids that find it elsewhere."""

    id: int
    title: str
    year: int | None
    tvdb_id: int | None
    tmdb_id: int | None
    imdb_id: str | None


@dataclass(frozen=True)
class EpisodeRecord:
    """One episode of the library (numbers as the media server reports them)."""

    id: int
    show_id: int
    season: int
    episode: int
    title: str


@dataclass(frozen=True)
class EpisodeWatch:
    """A completed viewing (every event, rewatches included) or an unfinished one."""

    episode_id: int
    viewer: str
    at: datetime


@dataclass(frozen=True)
class ViperSnapshot:
    """What is stored about the shows VIPER decides.

    ``watch_problem`` is None when every enabled server's watch history has synced and its
    latest household sync succeeded; otherwise it says why watch history is unknown.
    ``deleted_episodes``: episode ids whose files Tendarr deleted (and unmonitored) in
    Sonarr, from its own deletion records.
    """

    shows: list[ShowRecord]
    episodes: list[EpisodeRecord]
    completions: list[EpisodeWatch]
    in_progress: list[EpisodeWatch]
    viewers: dict[str, str]  # viewer key -> display name
    watch_problem: str | None
    protected_shows: frozenset[int] = frozenset()
    watchlisted_at: dict[int, datetime] = field(default_factory=dict)  # show -> latest add
    deleted_episodes: frozenset[int] = frozenset()


class ViperReader(Protocol):
    """Batched reads for building VIPER inputs."""

    def snapshot(self, show_id: int | None = None) -> ViperSnapshot:
        """Return every live show (or only ``show_id``) with its episodes and watch data."""
        ...

    def show_kind(self, item_id: int) -> str | None:
        """Return the kind of a live library item, or None when there is no such item."""
        ...
