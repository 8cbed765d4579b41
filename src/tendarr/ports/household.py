"""What the household needs from media servers and Tautulli: accounts, plays, watchlists."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Protocol

from tendarr.domain.household import RemoteAccount, RemotePlay, RemoteSession, WatchlistFetch
from tendarr.domain.servers import ServerConfig


class HouseholdSource(Protocol):
    """One server's users and their viewing (the same adapter objects as MediaServer).

    Every method raises MediaServerError subclasses when the server cannot answer; a
    failure is never reported as an empty result.
    """

    server_id: str

    def accounts(self) -> list[RemoteAccount]:
        """Return every account with access to this server (Plex: owner, friends, Home)."""
        ...

    def watch_history(
        self, since: datetime | None = None, *, page_size: int = 200
    ) -> Iterator[list[RemotePlay]]:
        """Yield pages of viewing events newer than ``since`` (all when None).

        Plex: ``/status/sessions/history/all`` (completed views). Jellyfin/Emby: each
        user's played and in-progress items from their user data (event id built from
        user, item and last-played date, so a re-read is the same event).
        """
        ...

    def sessions(self) -> list[RemoteSession]:
        """Return what is being played right now."""
        ...

    def watchlist(self, account: RemoteAccount, user_token: str | None = None) -> WatchlistFetch:
        """Read one account's watchlist (Plex) or favourites (Jellyfin/Emby).

        Plex: with ``user_token`` the account's own watchlist (DIRECT); otherwise a friend's
        through the owner's token and ``account.plex_uuid`` (FRIEND), PRIVATE when the
        friend hides it, NONE for managed users. Failures come back as an incomplete
        fetch with ``problem`` set, never as an empty complete one.
        """
        ...


class HouseholdSourceFactory(Protocol):
    """Build the household view of a configured server."""

    def __call__(self, config: ServerConfig) -> HouseholdSource:
        """Return the adapter for ``config`` (no I/O until a method is called)."""
        ...


class PlayHistorySource(Protocol):
    """A history-only source attached to a Plex server (Tautulli)."""

    def history(
        self, since: datetime | None = None, *, page_size: int = 500
    ) -> Iterator[list[RemotePlay]]:
        """Yield pages of plays newer than ``since`` with ``source=tautulli``.

        ``account_native_id`` is the Plex account id and ``item_native_id`` the Plex
        ratingKey, so events attach to the Plex server's accounts and items.
        """
        ...
