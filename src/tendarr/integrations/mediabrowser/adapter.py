"""The MediaServer and HouseholdSource ports over a MediaBrowser-family server."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Protocol

from tendarr.domain.household import (
    PlaySource,
    RemoteAccount,
    RemotePlay,
    RemoteSession,
    WatchlistFetch,
)
from tendarr.domain.media import LibraryPage, RemoteLibrary, ServerIdentity, ServerKind
from tendarr.integrations.mediabrowser import translate
from tendarr.integrations.mediabrowser.household import HouseholdClient, MediaBrowserHousehold
from tendarr.integrations.mediabrowser.models import SystemInfo, VirtualFolder
from tendarr.integrations.mediabrowser.traversal import traverse
from tendarr.integrations.mediabrowser.wire import Json, format_datetime


class MediaBrowserClient(HouseholdClient, Protocol):
    """What the adapter needs from a vendor client (library and household reads)."""

    def system_info(self) -> SystemInfo: ...
    def virtual_folders(self) -> list[VirtualFolder]: ...
    def items(
        self,
        parent_id: str,
        *,
        start: int,
        limit: int,
        user_id: str | None = None,
        min_date_last_saved: str | None = None,
    ) -> Json: ...


class MediaBrowserServer:
    """One configured server; ``user_id`` scopes library listings to what that user sees.

    Household reads (accounts, history, sessions, favourites) cover every user and need
    administrator credentials: the API key, or an administrator's access token.
    """

    kind: ServerKind
    vendor: str
    play_source: PlaySource

    def __init__(
        self, client: MediaBrowserClient, *, server_id: str, user_id: str | None = None
    ) -> None:
        self.server_id = server_id
        self._client = client
        self._user_id = user_id
        self._household = MediaBrowserHousehold(
            client, server_id=server_id, vendor=self.vendor, source=self.play_source
        )

    def identity(self) -> ServerIdentity:
        """Return the server's identity (also the connection and token test)."""
        info = self._client.system_info()
        return ServerIdentity(self.kind, info.name, info.id, info.version)

    def libraries(self) -> list[RemoteLibrary]:
        """Return every library (virtual folder)."""
        return [translate.library(f) for f in self._client.virtual_folders()]

    def iter_library(
        self,
        library_id: str,
        *,
        changed_since: datetime | None = None,
        page_size: int = 200,
        known: Mapping[str, datetime] | None = None,  # listings carry files: nothing to skip
    ) -> Iterator[LibraryPage]:
        """Yield pages of the library's movies, series, seasons and episodes.

        ``changed_since`` becomes ``minDateLastSaved``, which both servers filter on although
        their item DTO carries no DateLastSaved (so ``updated_at`` stays None).
        """
        since = format_datetime(changed_since) if changed_since is not None else None

        def fetch(start: int, limit: int) -> Json:
            return self._client.items(
                library_id,
                start=start,
                limit=limit,
                user_id=self._user_id,
                min_date_last_saved=since,
            )

        return traverse(
            fetch,
            vendor=self.vendor,
            server_id=self.server_id,
            library_id=library_id,
            page_size=page_size,
        )

    def accounts(self) -> list[RemoteAccount]:
        """Return every user of the server (administrators as ADMIN)."""
        return self._household.accounts()

    def watch_history(
        self, since: datetime | None = None, *, page_size: int = 200
    ) -> Iterator[list[RemotePlay]]:
        """Yield pages of each enabled user's played and in-progress items after ``since``."""
        return self._household.watch_history(since, page_size=page_size)

    def sessions(self) -> list[RemoteSession]:
        """Return what is being played right now."""
        return self._household.sessions()

    def watchlist(self, account: RemoteAccount, user_token: str | None = None) -> WatchlistFetch:
        """Read the account's favourite movies and series as its watchlist."""
        return self._household.watchlist(account, user_token)
