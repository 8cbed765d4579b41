"""Persistence port for the household: accounts, viewing events, watch state, watchlists."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from tendarr.domain.household import (
    AccountKind,
    RemoteAccount,
    RemotePlay,
    RemoteWatchEntry,
    WatchlistMethod,
)


@dataclass(frozen=True)
class AccountRecord:
    """A stored server account and the Tendarr user it is linked to."""

    id: int
    server_id: str
    native_id: str
    username: str
    kind: AccountKind
    email: str | None
    display_name: str | None
    disabled: bool
    plex_uuid: str | None
    user_id: int | None
    linked_by: str | None  # email | username | owner | created | manual | sign-in
    has_user_token: bool
    watchlist_method: WatchlistMethod | None
    watchlist_checked_at: datetime | None
    watchlist_problem: str | None
    first_seen_at: datetime
    last_seen_at: datetime
    removed_at: datetime | None

    def as_remote(self) -> RemoteAccount:
        """Return the account as an adapter expects it."""
        return RemoteAccount(
            server_id=self.server_id,
            native_id=self.native_id,
            username=self.username,
            kind=self.kind,
            email=self.email,
            display_name=self.display_name,
            disabled=self.disabled,
            plex_uuid=self.plex_uuid,
        )


@dataclass(frozen=True)
class WatchlistRecord:
    """An active (or closed) watchlist row."""

    id: int
    user_id: int
    account_id: int | None
    source: str
    title_key: str
    kind: str
    title: str
    year: int | None
    tmdb_id: int | None
    tvdb_id: int | None
    imdb_id: str | None
    media_item_id: int | None
    added_at: datetime
    removed_at: datetime | None


AccountItem = tuple[int, int]  # (account id, media item id)


class HouseholdRepository(Protocol):
    """Write side of the household, used by the sync and sign-in services."""

    def accounts(
        self, server_id: str | None = None, *, include_removed: bool = False
    ) -> list[AccountRecord]: ...
    def account(self, account_id: int) -> AccountRecord | None: ...
    def account_by_native(self, server_id: str, native_id: str) -> AccountRecord | None: ...
    def upsert_accounts(
        self, server_id: str, accounts: list[RemoteAccount], now: datetime
    ) -> list[AccountRecord]: ...
    def mark_accounts_removed(self, server_id: str, keep: set[str], now: datetime) -> int: ...
    def link_account(self, account_id: int, user_id: int | None, linked_by: str | None) -> None: ...
    def user_token(self, account_id: int) -> str | None: ...
    def set_user_token(self, account_id: int, token: str | None) -> None: ...
    def record_watchlist_check(
        self,
        account_id: int,
        method: WatchlistMethod,
        problem: str | None,
        now: datetime,
    ) -> None: ...

    def add_events(self, account_ids: dict[str, int], plays: list[RemotePlay]) -> set[AccountItem]:
        """Insert plays not stored yet (``account_ids`` maps native account ids to rows).

        Plays of unknown accounts are skipped. Returns the (account, item) pairs whose
        state must be refolded (only plays whose item is already in the library).
        """
        ...

    def resolve_events(self, server_id: str) -> set[AccountItem]:
        """Attach events whose item was not synced yet; return the pairs to refold."""
        ...

    def refold(self, pairs: Iterable[AccountItem]) -> None:
        """Recompute the watch state of each (account, item) pair from its events."""
        ...

    def latest_event_at(self, server_id: str, source: str) -> datetime | None: ...

    def active_watchlist(
        self, user_id: int, source: str, account_id: int | None
    ) -> list[WatchlistRecord]: ...
    def add_watchlist(
        self,
        user_id: int,
        source: str,
        account_id: int | None,
        entries: list[RemoteWatchEntry],
        now: datetime,
    ) -> list[int]: ...
    def close_watchlist(self, entry_ids: Iterable[int], now: datetime) -> int: ...
    def resolve_watchlists(self) -> int:
        """Attach watchlist rows to library items by external ids; return how many."""
        ...
