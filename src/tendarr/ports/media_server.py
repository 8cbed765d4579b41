"""The MediaServer port: what sync needs from Plex, Jellyfin or Emby."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Protocol

from tendarr.domain.media import LibraryPage, RemoteLibrary, ServerIdentity
from tendarr.domain.servers import ServerConfig


class MediaServerError(Exception):
    """A server could not answer; the message says why in words an admin can act on."""


class ServerUnreachable(MediaServerError):
    """Connection refused, DNS failure, timeout or a 5xx answer."""


class ServerAuthFailed(MediaServerError):
    """The server rejected the credentials (401/403)."""


class ServerRateLimited(MediaServerError):
    """The server asked us to slow down (429); ``retry_after`` in seconds when given."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class ServerResponseInvalid(MediaServerError):
    """The server answered with a body we cannot parse at all (not a single bad item)."""


class MediaServer(Protocol):
    """One configured server, reachable with its stored credentials."""

    server_id: str

    def identity(self) -> ServerIdentity:
        """Return the server's identity (also the connection test)."""
        ...

    def libraries(self) -> list[RemoteLibrary]:
        """Return every library on the server."""
        ...

    def iter_library(
        self,
        library_id: str,
        *,
        changed_since: datetime | None = None,
        page_size: int = 200,
        known: Mapping[str, datetime] | None = None,
    ) -> Iterator[LibraryPage]:
        """Yield pages of every movie/show/season/episode of a library.

        With ``changed_since``, only items whose update stamp is newer (a server that
        cannot filter yields everything). ``known`` maps native ids to the update stamps
        the caller already holds: an adapter may skip costly detail requests for those and
        yield the item without files (the caller will not rewrite it). Raises
        MediaServerError subclasses; a single unreadable item is reported in
        ``LibraryPage.problems`` instead.
        """
        ...


class MediaServerFactory(Protocol):
    """Build a connected MediaServer for a stored configuration."""

    def __call__(self, config: ServerConfig) -> MediaServer:
        """Return an adapter for ``config`` (no I/O until a method is called)."""
        ...
