"""HTTP calls cleanup makes to one PMS: collections, custom hubs, scans, trash, deletion."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from tendarr.integrations._lifecycle import read_all_pages
from tendarr.integrations.plex.client import PlexServerHttp
from tendarr.integrations.plex.models import (
    PlexPayloadError,
    PlexSection,
    PlexServerInfo,
    Row,
    container,
    opt_bool,
    opt_int,
    req_str,
    rows,
)

PAGE_SIZE = 200


@dataclass(frozen=True)
class PlexCollection:
    """A collection row of ``/library/sections/{id}/collections``."""

    rating_key: str
    title: str


@dataclass(frozen=True)
class PlexHub:
    """A row of ``/hubs/sections/{id}/manage``: a hub and where it is promoted."""

    identifier: str
    recommended: bool
    own_home: bool
    shared_home: bool


class PlexLifecycleClient(PlexServerHttp):
    """Write to one PMS at ``base_url`` with the server owner's token."""

    def server_info(self) -> PlexServerInfo:
        """Return ``GET /`` (needs a valid token, so it also checks the token)."""
        return self._parse(PlexServerInfo.parse, self._get("/"))

    def sections(self) -> list[PlexSection]:
        """Return every library section."""
        body = self._get("/library/sections/all")
        return self._parse(
            lambda raw: [PlexSection.parse(d) for d in rows(container(raw), "Directory")], body
        )

    def collections(self, section: str) -> list[PlexCollection]:
        """Return every collection of a section (all pages, or raise)."""
        found = self._all(f"/library/sections/{section}/collections")
        return self._parse(
            lambda rs: [PlexCollection(req_str(r, "ratingKey"), req_str(r, "title")) for r in rs],
            found,
        )

    def collection_items(self, rating_key: str) -> list[str]:
        """Return the ratingKeys of a collection's members (all pages, or raise)."""
        found = self._all(f"/library/collections/{rating_key}/items")
        return self._parse(lambda rs: [req_str(r, "ratingKey") for r in rs], found)

    def create_collection(self, section: str, title: str, plex_type: int, uri: str) -> str:
        """Create a manual collection holding ``uri``'s items; return its ratingKey."""
        params = {"type": plex_type, "title": title, "smart": 0, "sectionId": section, "uri": uri}
        body = self._json(self._send("POST", "/library/collections", params))

        def key(raw: object) -> str:
            created = rows(container(raw), "Metadata")
            if not created:
                raise PlexPayloadError("no collection in the answer")
            return req_str(created[0], "ratingKey")

        return self._parse(key, body)

    def add_items(self, rating_key: str, uri: str) -> None:
        """Add ``uri``'s items to a collection."""
        self._send("PUT", f"/library/collections/{rating_key}/items", {"uri": uri})

    def remove_item(self, rating_key: str, item: str) -> None:
        """Remove one member (``PUT .../items/{itemId}``, as the spec declares it)."""
        self._send("PUT", f"/library/collections/{rating_key}/items/{item}")

    def delete_collection(self, section: str, rating_key: str) -> None:
        """Delete a collection (its items stay in the library)."""
        self._send("DELETE", f"/library/sections/{section}/collection/{rating_key}")

    def hubs(self, section: str) -> list[PlexHub]:
        """Return the section's manageable hubs."""
        body = self._get(f"/hubs/sections/{section}/manage")

        def parse(raw: object) -> list[PlexHub]:
            return [
                PlexHub(
                    req_str(h, "identifier"),
                    bool(opt_bool(h, "promotedToRecommended")),
                    bool(opt_bool(h, "promotedToOwnHome")),
                    bool(opt_bool(h, "promotedToSharedHome")),
                )
                for h in rows(container(raw), "Hub")
            ]

        return self._parse(parse, body)

    def create_hub(self, section: str, rating_key: str, promoted: bool) -> None:
        """Make a custom hub of a collection, promoted to Home and Recommended or not."""
        params = {"metadataItemId": rating_key, **_flags(promoted)}
        self._send("POST", f"/hubs/sections/{section}/manage", params)

    def update_hub(self, section: str, identifier: str, promoted: bool) -> None:
        """Promote a hub to Home and Recommended, or take it off."""
        self._send("PUT", f"/hubs/sections/{section}/manage/{identifier}", _flags(promoted))

    def refresh(self, section: str) -> None:
        """Start a scan of a section."""
        self._send("POST", f"/library/sections/{section}/refresh")

    def empty_trash(self, section: str) -> None:
        """Empty a section's trash (items whose files are gone)."""
        self._send("PUT", f"/library/sections/{section}/emptyTrash")

    def delete_metadata(self, rating_key: str) -> None:
        """Delete an item and its media files (needs "Allow media deletion")."""
        self._send("DELETE", f"/library/metadata/{rating_key}")

    def _all(self, path: str) -> list[Row]:
        def read_page(start: int) -> tuple[list[Row], int | None]:
            params = {"X-Plex-Container-Start": start, "X-Plex-Container-Size": PAGE_SIZE}
            return self._parse(_page, self._get(path, params))

        return read_all_pages(read_page, PAGE_SIZE, vendor="Plex", what=f"rows of {path}")

    def _get(self, path: str, params: Mapping[str, Any] | None = None) -> Any:
        return self._json(self._send("GET", path, params))


def _page(body: object) -> tuple[list[Row], int | None]:
    box = container(body)
    return rows(box, "Metadata"), opt_int(box, "totalSize")


def _flags(promoted: bool) -> dict[str, int]:
    value = 1 if promoted else 0
    return {
        "promotedToRecommended": value,
        "promotedToOwnHome": value,
        "promotedToSharedHome": value,
    }


def item_uri(machine_identifier: str, rating_keys: Sequence[str]) -> str:
    """Return the ``server://`` URI PMS takes for a list of items of this server."""
    keys = ",".join(rating_keys)
    return f"server://{machine_identifier}/com.plexapp.plugins.library/library/metadata/{keys}"
