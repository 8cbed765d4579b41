"""The MediaLifecycle port: what cleanup changes on a media server.

Leaving Soon collections, deleting an item as the last-resort fallback, refreshing a
library after deletions and (Plex) emptying its trash. What is playing now is read through
``HouseholdSource.sessions()`` (ports/household.py), not here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from tendarr.domain.servers import ServerConfig
from tendarr.ports.media_server import MediaServerError


class DeletionNotAllowed(MediaServerError):
    """The server refused to delete media; the message says which setting allows it."""


class ItemNotOnServer(MediaServerError):
    """The server does not know the item (already deleted, or its id changed)."""


@dataclass(frozen=True)
class CollectionResult:
    """What one collection sync changed; ``collection_id`` is None when none exists now."""

    collection_id: str | None
    added: int
    removed: int
    created: bool = False
    deleted: bool = False


class MediaLifecycle(Protocol):
    """One configured server's write side for cleanup.

    Every method raises MediaServerError subclasses when the server cannot answer; a
    failed read is never taken for an empty collection.
    """

    server_id: str
    # Plex keeps collections inside a library section; Jellyfin and Emby keep them
    # server-wide, so the caller syncs one collection per server there (library_key None).
    collections_per_library: bool
    # Plex keeps deleted items as "unavailable" until the section's trash is emptied.
    keeps_trash: bool

    def sync_collection(
        self,
        library_key: str | None,
        name: str,
        remote_ids: Sequence[str],
        promote_home: bool,
    ) -> CollectionResult:
        """Make the collection called ``name`` hold exactly ``remote_ids``.

        Found by exact name (in ``library_key`` where collections are per library);
        created when missing and there are items; members no longer listed are removed;
        an empty list removes every member and deletes the collection. ``promote_home``
        shows it on Home where the server can (Plex); False takes it off Home again.
        """
        ...

    def delete_item(self, remote_id: str) -> None:
        """Delete an item and its files.

        DeletionNotAllowed when the server refuses (with the setting to change);
        ItemNotOnServer when it does not know the id, so a retry never reads as success.
        """
        ...

    def refresh_library(self, library_key: str) -> None:
        """Start a scan of one library so that deleted files leave it."""
        ...

    def empty_trash(self, library_key: str) -> None:
        """Empty the library's trash (Plex); a no-op where the server has none."""
        ...


class MediaLifecycleFactory(Protocol):
    """Build the lifecycle view of a configured server."""

    def __call__(self, config: ServerConfig) -> MediaLifecycle:
        """Return the adapter for ``config`` (no I/O until a method is called)."""
        ...
