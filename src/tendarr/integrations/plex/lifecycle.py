"""The MediaLifecycle port for Plex Media Server."""

from __future__ import annotations

from collections.abc import Sequence

from tendarr.integrations._lifecycle import delete_or_explain
from tendarr.integrations.plex.client import TYPE_NUMBERS
from tendarr.integrations.plex.lifecycle_client import (
    PlexCollection,
    PlexLifecycleClient,
    item_uri,
)
from tendarr.ports.media_lifecycle import CollectionResult
from tendarr.ports.media_server import MediaServerError

URI_BATCH = 100  # ratingKeys per ``uri``: keeps the request line short
ENABLE_DELETION = (
    'Plex refused to delete {what}: enable "Allow media deletion" in Plex '
    "(Settings → Library) for the server Tendarr signs in to"
)


class PlexLibraryKindUnsupported(MediaServerError):
    """The section holds neither movies nor shows, so it has no Leaving Soon collection."""


class PlexLifecycle:
    """Leaving Soon collections, deletion, scans and trash on one PMS."""

    collections_per_library = True
    keeps_trash = True

    def __init__(self, server_id: str, client: PlexLifecycleClient) -> None:
        self.server_id = server_id
        self._client = client
        self._machine: str | None = None

    def sync_collection(
        self,
        library_key: str | None,
        name: str,
        remote_ids: Sequence[str],
        promote_home: bool,
    ) -> CollectionResult:
        """Make the section's collection ``name`` hold exactly ``remote_ids`` (see the port)."""
        if library_key is None:
            raise ValueError("Plex collections live in a library section: name one")
        wanted = list(dict.fromkeys(remote_ids))
        current = self._find(library_key, name)
        if current is None:
            if not wanted:
                return CollectionResult(None, 0, 0)
            key = self._create(library_key, name, wanted)
            self._promote(library_key, key, promote_home)
            return CollectionResult(key, len(wanted), 0, created=True)
        members = self._client.collection_items(current.rating_key)
        if not wanted:
            # Deleting the collection drops its members and its hub with it.
            self._client.delete_collection(library_key, current.rating_key)
            return CollectionResult(None, 0, len(members), deleted=True)
        present, listed = set(members), set(wanted)
        missing = [k for k in wanted if k not in present]
        leaving = [k for k in members if k not in listed]
        self._add(current.rating_key, missing)
        for key in leaving:
            self._client.remove_item(current.rating_key, key)
        self._promote(library_key, current.rating_key, promote_home)
        return CollectionResult(current.rating_key, len(missing), len(leaving))

    def delete_item(self, remote_id: str) -> None:
        """Delete an item and its files (``DELETE /library/metadata/{ratingKey}``)."""
        # PMS answers 401/403 both for a bad token and for deletion switched off.
        delete_or_explain(
            lambda: self._client.delete_metadata(remote_id),
            self._client.server_info,
            not_allowed=ENABLE_DELETION.format(what=f"item {remote_id}"),
            not_found=f"Plex has no item {remote_id}",
        )

    def refresh_library(self, library_key: str) -> None:
        """Start a scan of the section."""
        self._client.refresh(library_key)

    def empty_trash(self, library_key: str) -> None:
        """Empty the section's trash so deleted items stop showing as unavailable."""
        self._client.empty_trash(library_key)

    def _find(self, section: str, name: str) -> PlexCollection | None:
        matches = [c for c in self._client.collections(section) if c.title == name]
        # Two with the same name (made by hand): keep using the oldest, leave the other.
        return min(matches, key=lambda c: _order(c.rating_key)) if matches else None

    def _create(self, section: str, name: str, wanted: list[str]) -> str:
        kind = next((s.type for s in self._client.sections() if s.key == section), None)
        if kind not in {"movie", "show"}:
            raise PlexLibraryKindUnsupported(f"Plex section {section} holds no movies or shows")
        first, rest = wanted[:URI_BATCH], wanted[URI_BATCH:]
        key = self._client.create_collection(
            section, name, TYPE_NUMBERS[kind], item_uri(self._machine_id(), first)
        )
        self._add(key, rest)
        return key

    def _add(self, rating_key: str, keys: list[str]) -> None:
        for start in range(0, len(keys), URI_BATCH):
            uri = item_uri(self._machine_id(), keys[start : start + URI_BATCH])
            self._client.add_items(rating_key, uri)

    def _promote(self, section: str, rating_key: str, promote: bool) -> None:
        identifier = f"custom.collection.{section}.{rating_key}"
        hub = next((h for h in self._client.hubs(section) if h.identifier == identifier), None)
        if hub is None:
            if promote:
                self._client.create_hub(section, rating_key, promoted=True)
            return
        flags = {hub.recommended, hub.own_home, hub.shared_home}
        if flags != {promote}:
            self._client.update_hub(section, identifier, promoted=promote)

    def _machine_id(self) -> str:
        if self._machine is None:
            self._machine = self._client.server_info().machine_identifier
        return self._machine


def _order(rating_key: str) -> tuple[int, str]:
    return (int(rating_key), "") if rating_key.isdigit() else (1 << 62, rating_key)
