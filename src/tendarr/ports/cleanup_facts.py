"""Read port for what cleanup rules need to know about the library and the household.

The adapter answers in a constant number of queries for a whole kind of item; the service
(``services/cleanup_facts.py``) folds the rows into rule ``Facts``.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol


@dataclass(frozen=True)
class ItemFacts:
    """One canonical item's own columns."""

    id: int
    kind: str
    title: str
    show_id: int | None
    parent_id: int | None
    year: int | None
    released: date | None
    added_at: datetime | None
    content_rating: str | None
    genres: tuple[str, ...]
    studios: tuple[str, ...]
    collections: tuple[str, ...]
    labels: tuple[str, ...]
    tmdb_id: int | None = None  # movies are found in Radarr by TMDB id
    tvdb_id: int | None = None  # shows are found in Sonarr by TVDB id
    season_number: int | None = None


@dataclass(frozen=True)
class CopyFacts:
    """One server copy of an item (``server_items``)."""

    copy_id: int
    media_item_id: int
    server_id: str
    library_id: str


@dataclass(frozen=True)
class FileFacts:
    """One file of one server copy, with its stored classification (None: unclassified)."""

    copy_id: int
    media_item_id: int
    server_id: str
    size: int | None
    resolution: str | None
    dynamic_range: str | None
    audio_profile: str | None
    video_codec: str | None


@dataclass(frozen=True)
class WatchFacts:
    """One account's folded watch state of one item."""

    media_item_id: int
    account_id: int
    user_id: int | None
    plays: int
    completed: bool
    last_watched_at: datetime
    in_progress: bool


@dataclass(frozen=True)
class WatchlistGap:
    """A linked account whose watchlist could not be read completely."""

    user_id: int
    username: str
    problem: str


@dataclass(frozen=True)
class LibrarySnapshot:
    """Everything stored about one family of items (movies, or shows with their tree)."""

    items: list[ItemFacts]
    copies: list[CopyFacts]
    files: list[FileFacts]
    watch: list[WatchFacts]
    watchlisted: list[tuple[int, int]]  # (media item id, user id) of active entries
    active_members: frozenset[int]
    watchlist_gaps: list[WatchlistGap] = field(default_factory=list)
    household_synced: bool = False  # every enabled server's household synced once
    household_problem: str | None = None  # why stored watch data may be stale now


class CleanupFactsSource(Protocol):
    """Batched reads for building rule facts."""

    def snapshot(self, tv: bool, roots: Collection[int] | None = None) -> LibrarySnapshot:
        """Return movies (``tv`` False) or shows, seasons and episodes (``tv`` True).

        ``roots`` limits it to those movies, or those shows and everything under them.
        """
        ...

    def root_of(self, item_id: int) -> tuple[str, int] | None:
        """Return an item's kind and the movie or show it belongs to; None if unknown."""
        ...
