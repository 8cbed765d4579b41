"""The HouseholdSource port for Plex: accounts, play history, sessions and watchlists.

One adapter per configured server. PMS answers history and sessions, plex.tv who may use
the server, and Discover the watchlists; all three are read with the server's token,
which belongs to the server owner.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime

import structlog

from tendarr.domain.household import (
    AccountKind,
    RemoteAccount,
    RemotePlay,
    RemoteSession,
    WatchlistFetch,
    WatchlistMethod,
)
from tendarr.integrations.plex.client import PlexClient
from tendarr.integrations.plex.discover import DiscoverClient
from tendarr.integrations.plex.history import OWNER_LOCAL_ID, history_play, now_playing
from tendarr.integrations.plex.models import PlexPayloadError
from tendarr.integrations.plex.plextv_accounts import PlexTvAccounts, household_accounts
from tendarr.integrations.plex.watchlist import PAGE_SIZE, read_watchlist
from tendarr.ports.media_server import ServerResponseInvalid

log = structlog.get_logger(__name__)


class PlexHousehold:
    """One Plex server's accounts and viewing, read with the owner's (server) token."""

    def __init__(
        self,
        server_id: str,
        pms: PlexClient,
        plextv: PlexTvAccounts,
        discover: DiscoverClient,
        owner_token: str,
        *,
        watchlist_page_size: int = PAGE_SIZE,
    ) -> None:
        self.server_id = server_id
        self._pms = pms
        self._plextv = plextv
        self._discover = discover
        self._owner_token = owner_token
        self._watchlist_page_size = watchlist_page_size
        self._owner_id: str | None = None

    def accounts(self) -> list[RemoteAccount]:
        """Return the owner, the users the server is shared with and its Home members."""
        machine_id = self._pms.identity().machine_identifier
        owner = self._plextv.owner()
        self._owner_id = str(owner.id)
        shared = self._plextv.shared_users()
        home = self._plextv.home_users()
        return household_accounts(self.server_id, machine_id, owner, shared, home)

    def watch_history(
        self, since: datetime | None = None, *, page_size: int = 200
    ) -> Iterator[list[RemotePlay]]:
        """Yield pages of completed movie and episode views, newest first.

        A page PMS cannot answer raises; a row that cannot be read is logged and skipped.
        Reading stops at the first view older than ``since``.
        """
        if page_size < 1:
            raise ValueError("page_size must be positive")
        if since is not None and since.tzinfo is None:
            raise ValueError("since must be timezone-aware")
        epoch = int(since.timestamp()) if since is not None else None
        start = 0
        while True:
            page = self._pms.history(start=start, size=page_size, viewed_since=epoch)
            if page.offset != start:
                raise ServerResponseInvalid(f"Plex answered offset {page.offset} for {start}")
            if not page.rows and page.total_size is not None and start < page.total_size:
                raise ServerResponseInvalid(
                    f"Plex listed {page.total_size} views but sent none from offset {start}"
                )
            plays, reached_since = self._plays(page.rows, since)
            if plays:
                yield plays
            start += len(page.rows)
            if page.total_size is None:
                done = len(page.rows) < page_size
            else:
                done = start >= page.total_size
            if done or reached_since or not page.rows:
                return

    def sessions(self) -> list[RemoteSession]:
        """Return what is playing now; a session that cannot be read is logged and left out."""
        found: list[RemoteSession] = []
        for raw in self._pms.sessions():
            try:
                session = now_playing(self.server_id, raw)
            except PlexPayloadError as err:
                log.warning("plex.session.unreadable", server_id=self.server_id, reason=str(err))
                continue
            account = self._account_id(session.account_native_id)
            found.append(replace(session, account_native_id=account))
        return found

    def watchlist(self, account: RemoteAccount, user_token: str | None = None) -> WatchlistFetch:
        """Read an account's Discover watchlist; failures come back as incomplete fetches."""
        size = self._watchlist_page_size
        if user_token:
            return read_watchlist(
                self._discover, user_token, WatchlistMethod.DIRECT, page_size=size
            )
        if account.kind is AccountKind.OWNER:
            token = self._owner_token  # the server's token is the owner's own
            return read_watchlist(self._discover, token, WatchlistMethod.DIRECT, page_size=size)
        if account.kind is AccountKind.MANAGED:
            problem = "a managed Plex user's watchlist can only be read with their own token"
            return WatchlistFetch(WatchlistMethod.NONE, complete=False, problem=problem)
        if not account.plex_uuid:
            problem = "plex.tv gave no uuid for this account, so its watchlist cannot be read"
            return WatchlistFetch(WatchlistMethod.NONE, complete=False, problem=problem)
        return read_watchlist(
            self._discover,
            self._owner_token,
            WatchlistMethod.FRIEND,
            uuid=account.plex_uuid,
            page_size=size,
        )

    def _plays(
        self, rows: tuple[object, ...], since: datetime | None
    ) -> tuple[list[RemotePlay], bool]:
        plays: list[RemotePlay] = []
        reached_since = False
        for raw in rows:
            try:
                play = history_play(self.server_id, raw)
            except PlexPayloadError as err:
                log.warning("plex.history.unreadable", server_id=self.server_id, reason=str(err))
                continue
            if play is None:
                continue
            if since is not None and play.watched_at < since:
                reached_since = True  # newest first: everything after this is older
                continue
            plays.append(replace(play, account_native_id=self._account_id(play.account_native_id)))
        return plays, reached_since

    def _account_id(self, local_id: str) -> str:
        """Return the plex.tv account id for a PMS account id (the owner is ``1`` there)."""
        if local_id != OWNER_LOCAL_ID:
            return local_id
        if self._owner_id is None:
            self._owner_id = str(self._plextv.owner().id)
        return self._owner_id
