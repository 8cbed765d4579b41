"""Watchlists: apply a fetched list without ever reading a failure as a removal, and
Tendarr's own watchlist for each user."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tendarr.domain.errors import NotFound, ValidationFailed
from tendarr.domain.household import RemoteWatchEntry, WatchlistFetch, title_key
from tendarr.domain.media import ExternalIds, ItemKind
from tendarr.ports.clock import Clock
from tendarr.ports.household_reads import WatchlistView
from tendarr.ports.household_store import HouseholdRepository
from tendarr.ports.repositories import UnitOfWorkFactory

OWN = "tendarr"


@dataclass(frozen=True)
class WatchlistChange:
    """What applying one fetch did."""

    added: int
    removed: int
    kept_because_incomplete: bool


def apply_watchlist(
    repo: HouseholdRepository,
    user_id: int,
    source: str,
    account_id: int | None,
    fetch: WatchlistFetch,
    now: datetime,
) -> WatchlistChange:
    """Record additions always, and removals only when the fetch read the whole list.

    A title that comes back after a removal opens a new row (its own ``added_at``), so a
    re-add is visible to restoration and requests.
    """
    active = {r.title_key: r for r in repo.active_watchlist(user_id, source, account_id)}
    incoming: dict[str, RemoteWatchEntry] = {}
    for entry in fetch.entries:
        key = title_key(entry.kind.value, entry.ids)
        if key is not None:
            incoming.setdefault(key, entry)
    new = [entry for key, entry in incoming.items() if key not in active]
    repo.add_watchlist(user_id, source, account_id, new, now)
    removed = 0
    if fetch.complete:
        gone = [row.id for key, row in active.items() if key not in incoming]
        removed = repo.close_watchlist(gone, now)
    if account_id is not None:
        repo.record_watchlist_check(account_id, fetch.method, fetch.problem, now)
    return WatchlistChange(len(new), removed, not fetch.complete)


class OwnWatchlist:
    """Tendarr's own watchlist: what a user marks in Tendarr itself."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    def entries(self, user_id: int | None = None) -> list[WatchlistView]:
        """Return active entries of every source (one user's when given)."""
        with self._uow() as uow:
            return uow.household_reader.watchlists(user_id)

    def add(self, user_id: int, media_item_id: int) -> int:
        """Put a library title on the user's own watchlist; return the entry id."""
        with self._uow() as uow:
            detail = uow.reader.item(media_item_id)
            if detail is None:
                raise NotFound(f"library item {media_item_id} does not exist")
            row = detail.row
            if row.kind not in {"movie", "show"}:
                raise ValidationFailed("only movies and shows can be watchlisted")
            entry = RemoteWatchEntry(
                ItemKind(row.kind),
                row.title,
                ExternalIds(row.tmdb_id, row.tvdb_id, row.imdb_id),
                year=row.year,
            )
            key = title_key(row.kind, entry.ids)
            if key is None:
                raise ValidationFailed("this title has no TMDB, TVDB or IMDB id to keep it by")
            existing = [r for r in uow.household.active_watchlist(user_id, OWN, None)]
            for current in existing:
                if current.title_key == key:
                    return current.id
            (entry_id,) = uow.household.add_watchlist(
                user_id, OWN, None, [entry], self._clock.now()
            )
            uow.commit()
            return entry_id

    def remove(self, user_id: int, entry_id: int) -> None:
        """Take an entry off the user's own watchlist (the row is kept, closed)."""
        with self._uow() as uow:
            mine = {r.id for r in uow.household.active_watchlist(user_id, OWN, None)}
            if entry_id not in mine:
                raise NotFound(f"watchlist entry {entry_id} is not on your Tendarr watchlist")
            uow.household.close_watchlist([entry_id], self._clock.now())
            uow.commit()
