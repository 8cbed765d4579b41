"""The MediaLifecycle port over Jellyfin and Emby (they differ in casing and deletion).

Collections (BoxSets) are server-wide on both, so one Leaving Soon collection serves every
library; a season cannot be a BoxSet member, so callers list series. Neither server has a
trash to empty.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import httpx

from tendarr.integrations._http import VendorHttp
from tendarr.integrations._lifecycle import delete_or_explain, read_all_pages
from tendarr.integrations.mediabrowser.wire import (
    Json,
    MalformedPayload,
    decode_object,
    objects,
    opt_int,
    read_model,
    require_str,
)
from tendarr.ports.media_lifecycle import CollectionResult
from tendarr.ports.media_server import ServerResponseInvalid

PAGE_SIZE = 200
ID_BATCH = 100  # ids per request: keeps the request line short


@dataclass(frozen=True)
class Dialect:
    """How one vendor spells the calls cleanup makes."""

    vendor: str
    camel: bool  # Jellyfin binds camelCase query names; Emby's docs use PascalCase
    delete_by_post: bool  # Emby: ``POST /Items/Delete?Ids=``; Jellyfin: ``DELETE /Items/{id}``
    deletion_hint: str

    def name(self, camel_name: str) -> str:
        """Return a query parameter name in this vendor's casing."""
        return camel_name if self.camel else camel_name[0].upper() + camel_name[1:]


JELLYFIN = Dialect(
    "Jellyfin",
    camel=True,
    delete_by_post=False,
    deletion_hint="allow media deletion for the user Tendarr signs in as (Dashboard → Users → "
    'the user → "Allow media deletion from"), or connect with an API key',
)
EMBY = Dialect(
    "Emby",
    camel=False,
    delete_by_post=True,
    deletion_hint='enable "Allow media deletion" for the user Tendarr signs in as (Settings → '
    "Users → the user → Access), or connect with an API key",
)


class MediaBrowserLifecycle:
    """Leaving Soon collection, deletion and library scans on one Jellyfin or Emby server."""

    collections_per_library = False
    keeps_trash = False

    def __init__(
        self, server_id: str, http: VendorHttp, headers: Mapping[str, str], dialect: Dialect
    ) -> None:
        self.server_id = server_id
        self._http = http
        self._headers = dict(headers)
        self._dialect = dialect

    def sync_collection(
        self,
        library_key: str | None,
        name: str,
        remote_ids: Sequence[str],
        promote_home: bool,
    ) -> CollectionResult:
        """Make the server's BoxSet ``name`` hold exactly ``remote_ids`` (see the port).

        ``library_key`` is ignored (BoxSets are server-wide) and so is ``promote_home``
        (neither server can pin a collection to Home).
        """
        wanted = list({_norm(i): i for i in remote_ids}.values())
        collection = self._find(name)
        if collection is None:
            if not wanted:
                return CollectionResult(None, 0, 0)
            created = self._create(name, wanted[:ID_BATCH])
            self._members("POST", created, wanted[ID_BATCH:])
            return CollectionResult(created, len(wanted), 0, created=True)
        members = self._member_ids(collection)
        present, listed = {_norm(m) for m in members}, {_norm(w) for w in wanted}
        missing = [w for w in wanted if _norm(w) not in present]
        leaving = [m for m in members if _norm(m) not in listed]
        self._members("POST", collection, missing)
        self._members("DELETE", collection, leaving)
        if wanted:
            return CollectionResult(collection, len(missing), len(leaving))
        # An empty BoxSet shows as a blank tile: remove it once its members are gone.
        self._delete(collection, what=f'the empty collection "{name}"')
        return CollectionResult(None, 0, len(leaving), deleted=True)

    def delete_item(self, remote_id: str) -> None:
        """Delete an item and its files from the server."""
        self._delete(remote_id, what=f"item {remote_id}")

    def refresh_library(self, library_key: str) -> None:
        """Scan one library (``POST /Items/{libraryId}/Refresh``) for files that went."""
        d = self._dialect
        params: dict[str, Any] = {
            d.name("metadataRefreshMode"): "Default",
            d.name("imageRefreshMode"): "Default",
            d.name("replaceAllMetadata"): "false",
            d.name("replaceAllImages"): "false",
        }
        if not d.camel:
            params["Recursive"] = "true"  # Jellyfin always recurses into a folder
        self._send("POST", f"/Items/{library_key}/Refresh", params)

    def empty_trash(self, library_key: str) -> None:
        """Do nothing: Jellyfin and Emby drop deleted items at the scan, with no trash."""

    def _find(self, name: str) -> str | None:
        d = self._dialect
        query = {
            d.name("includeItemTypes"): "BoxSet",
            d.name("recursive"): "true",
            d.name("searchTerm"): name,
        }
        matches = [item for item in self._all(query) if item.get("Name") == name]
        return _id(matches[0], d.vendor) if matches else None

    def _member_ids(self, collection: str) -> list[str]:
        items = self._all({self._dialect.name("parentId"): collection})
        return [_id(item, self._dialect.vendor) for item in items]

    def _all(self, query: Mapping[str, str]) -> list[Json]:
        d = self._dialect

        def read_page(start: int) -> tuple[list[Json], int | None]:
            params = {**query, d.name("startIndex"): start, d.name("limit"): PAGE_SIZE}
            body = self._http.get_json("/Items", params=params, headers=self._headers)
            return read_model(_page, body, d.vendor)

        return read_all_pages(read_page, PAGE_SIZE, vendor=d.vendor, what="items")

    def _create(self, name: str, ids: list[str]) -> str:
        d = self._dialect
        params = {d.name("name"): name, d.name("ids"): ",".join(ids)}
        body = decode_object(self._send("POST", "/Collections", params), d.vendor)
        return _id(body, d.vendor)

    def _members(self, method: str, collection: str, ids: list[str]) -> None:
        for start in range(0, len(ids), ID_BATCH):
            batch = ",".join(ids[start : start + ID_BATCH])
            self._send(
                method, f"/Collections/{collection}/Items", {self._dialect.name("ids"): batch}
            )

    def _delete(self, item_id: str, *, what: str) -> None:
        d = self._dialect

        def delete() -> None:
            if d.delete_by_post:
                self._send("POST", "/Items/Delete", {"Ids": item_id})
            else:
                self._send("DELETE", f"/Items/{item_id}")

        delete_or_explain(
            delete,
            lambda: self._http.get_json("/System/Info", headers=self._headers),
            not_allowed=f"{d.vendor} refused to delete {what}: {d.deletion_hint}",
            not_found=f"{d.vendor} has no item {item_id}",
        )

    def _send(
        self, method: str, path: str, params: Mapping[str, Any] | None = None
    ) -> httpx.Response:
        return self._http.request(method, path, params=params, headers=self._headers)


def _id(obj: Json, vendor: str) -> str:
    try:
        return require_str(obj, "Id")
    except MalformedPayload as err:
        raise ServerResponseInvalid(f"{vendor} sent an item without an id") from err


def _page(body: Json) -> tuple[list[Json], int | None]:
    return objects(body, "Items"), opt_int(body, "TotalRecordCount")


def _norm(item_id: str) -> str:
    """Return an id in one spelling: Jellyfin writes GUIDs with or without dashes."""
    return item_id.replace("-", "").lower()
