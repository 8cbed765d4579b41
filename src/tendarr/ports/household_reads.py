"""Read side of the household: the users page, watch history and per-item watch state."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from tendarr.ports.household_store import AccountRecord, WatchlistRecord


@dataclass(frozen=True)
class HouseholdMember:
    """A Tendarr user with the server accounts linked to them and a viewing summary."""

    user_id: int
    username: str
    role: str
    auth_source: str
    accounts: list[AccountRecord] = field(default_factory=list)
    plays: int = 0
    last_watched_at: datetime | None = None
    watchlist_size: int = 0


@dataclass(frozen=True)
class Household:
    """Everyone, plus server accounts that are linked to no one."""

    members: list[HouseholdMember]
    unlinked: list[AccountRecord]


@dataclass(frozen=True)
class HistoryQuery:
    """Filters for the watch-history page (newest first)."""

    user_id: int | None = None
    server_id: str | None = None
    source: str | None = None
    media_item_id: int | None = None  # a movie, an episode, or a show (its episodes)
    completed: bool | None = None
    limit: int = 50
    offset: int = 0


@dataclass(frozen=True)
class HistoryRow:
    """One stored viewing event."""

    id: int
    watched_at: datetime
    user_id: int | None
    username: str | None
    account: str
    server_id: str
    source: str
    media_item_id: int | None
    title: str  # movie title, or "Show — S01E02 — Episode"
    kind: str | None
    completed: bool
    position_ms: int | None
    duration_ms: int | None
    player: str | None


@dataclass(frozen=True)
class ItemWatch:
    """One person's watch state of an item, across every server they use."""

    user_id: int | None
    username: str
    plays: int
    completed: bool
    last_watched_at: datetime
    position_ms: int | None
    duration_ms: int | None
    servers: list[str]
    sources: list[str]
    episodes_completed: int | None = None  # shows and seasons only
    episodes_total: int | None = None


@dataclass(frozen=True)
class WatchlistView:
    """An active watchlist entry with whose it is."""

    entry: WatchlistRecord
    username: str
    in_library: bool


class HouseholdReader(Protocol):
    """Queries for the users, history and item pages."""

    def household(self) -> Household: ...
    def history(self, query: HistoryQuery) -> tuple[list[HistoryRow], int]: ...
    def item_watch(self, media_id: int) -> list[ItemWatch]: ...
    def watchlists(self, user_id: int | None = None) -> list[WatchlistView]: ...
