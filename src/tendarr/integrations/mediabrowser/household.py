"""The HouseholdSource port over a MediaBrowser-family server (Jellyfin, Emby)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Protocol

from tendarr.domain.household import (
    AccountKind,
    PlaySource,
    RemoteAccount,
    RemotePlay,
    RemoteSession,
    WatchlistFetch,
)
from tendarr.integrations.mediabrowser.favorites import favourites
from tendarr.integrations.mediabrowser.history import HistoryScope, user_history
from tendarr.integrations.mediabrowser.models import UserInfo
from tendarr.integrations.mediabrowser.sessions import SessionInfo, remote_session
from tendarr.integrations.mediabrowser.userdata import FetchUserItems, ItemsQuery
from tendarr.integrations.mediabrowser.wire import Json


class HouseholdClient(Protocol):
    """What the household reads need from a vendor client."""

    def users(self) -> list[UserInfo]: ...
    def user_items(self, user_id: str, query: ItemsQuery) -> Json: ...
    def sessions(self) -> list[SessionInfo]: ...


class MediaBrowserHousehold:
    """Accounts, plays, sessions and favourites of one server, read with admin credentials."""

    def __init__(
        self, client: HouseholdClient, *, server_id: str, vendor: str, source: PlaySource
    ) -> None:
        self.server_id = server_id
        self._client = client
        self._vendor = vendor
        self._source = source

    def accounts(self) -> list[RemoteAccount]:
        """Return every user; administrators are ADMIN, everyone else USER (no emails)."""
        return [
            RemoteAccount(
                server_id=self.server_id,
                native_id=user.id,
                username=user.name,
                kind=AccountKind.ADMIN if user.is_administrator else AccountKind.USER,
                disabled=user.is_disabled,
            )
            for user in self._client.users()
        ]

    def watch_history(
        self, since: datetime | None = None, *, page_size: int = 200
    ) -> Iterator[list[RemotePlay]]:
        """Yield each enabled user's played and in-progress items newer than ``since``.

        A user whose listing fails raises out of the iteration: a partial history is never
        presented as a whole one.
        """
        if page_size < 1:
            raise ValueError("page_size must be at least 1")
        for account in self.accounts():
            if account.disabled:
                continue
            scope = HistoryScope(
                vendor=self._vendor,
                server_id=self.server_id,
                source=self._source,
                user_id=account.native_id,
                since=since,
                page_size=page_size,
            )
            yield from user_history(self._fetch_for(account.native_id), scope)

    def sessions(self) -> list[RemoteSession]:
        """Return the sessions playing something for a signed-in user."""
        found = (remote_session(s, self.server_id) for s in self._client.sessions())
        return [s for s in found if s is not None]

    def watchlist(self, account: RemoteAccount, user_token: str | None = None) -> WatchlistFetch:
        """Read the account's favourite movies and series (``user_token`` is not needed).

        The server's own credentials read any user's favourites; a failure comes back as
        an incomplete fetch with the reason, never as an empty complete one.
        """
        return favourites(self._fetch_for(account.native_id), vendor=self._vendor)

    def _fetch_for(self, user_id: str) -> FetchUserItems:
        def fetch(query: ItemsQuery) -> Json:
            return self._client.user_items(user_id, query)

        return fetch
