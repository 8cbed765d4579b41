"""PMS manual collections: create, add and remove items, list, delete."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote

from starlette.requests import Request
from starlette.responses import Response

from tendarr.sim.model import User
from tendarr.sim.plex import hub_routes
from tendarr.sim.plex.library import Catalog
from tendarr.sim.plex.serialize import Serializer, epoch
from tendarr.sim.plex.state import Collection, PlexState
from tendarr.sim.plex.wire import container, page, plain

# library://<sectionUUID>/item/%2Flibrary%2Fmetadata%2F<ids>  (the spec's examples), or
# server://<machineIdentifier>/com.plexapp.plugins.library/library/metadata/<ids>
_URI = re.compile(
    r"^(?:library://[^/]+/(?:item|directory)/|server://(?P<machine>[^/]+)/"
    r"com\.plexapp\.plugins\.library)(?P<path>.+)$"
)


def _uri_keys(state: PlexState, uri: str) -> list[str] | None:
    match = _URI.match(uri)
    if match is None:
        return None
    if match["machine"] and match["machine"] != state.server.machine_id:
        return None
    path = unquote(match["path"])
    if not path.startswith("/library/metadata/"):
        return None
    return [k for k in path.removeprefix("/library/metadata/").split(",") if k]


def _row(state: PlexState, collection: Collection) -> dict[str, Any]:
    section = next(lib for lib in state.server.libraries if lib.key == collection.section_key)
    return {
        "ratingKey": collection.rating_key,
        "key": f"/library/collections/{collection.rating_key}/children",
        "guid": f"collection://{collection.rating_key}",
        "type": "collection",
        "subtype": section.kind,
        "title": collection.title,
        "librarySectionID": int(section.key),
        "librarySectionTitle": section.name,
        "childCount": len(collection.items),
        "smart": False,
        "addedAt": epoch(collection.added_at),
        "updatedAt": epoch(collection.added_at),
    }


def create(request: Request, state: PlexState, user: User) -> Response:
    """Answer ``POST /library/collections`` (sectionId required, optional uri)."""
    query = request.query_params
    catalog = Catalog(state.world, state.server)
    section = catalog.section(query.get("sectionId", ""))
    if section is None or query.get("smart") == "1":
        return plain(400)
    keys = _uri_keys(state, query["uri"]) if query.get("uri") else []
    if keys is None or any(catalog.get(k) is None for k in keys):
        return plain(400)
    rating_key = str(state.next_collection_key)
    state.next_collection_key += 1
    collection = Collection(rating_key, section.key, query.get("title", ""), state.world.now, keys)
    state.collections[rating_key] = collection
    return container(request, {"size": 1, "Metadata": [_row(state, collection)]})


def add_items(request: Request, state: PlexState, user: User) -> Response:
    """Answer ``PUT /library/collections/{id}/items?uri=``."""
    collection = state.collections.get(request.path_params["collection"])
    if collection is None:
        return plain(404)
    keys = _uri_keys(state, request.query_params.get("uri", ""))
    catalog = Catalog(state.world, state.server)
    if not keys or any(catalog.get(k) is None for k in keys):
        return plain(400)
    collection.items += [k for k in keys if k not in collection.items]
    return container(request, {"size": 1, "Metadata": [_row(state, collection)]})


def remove_item(request: Request, state: PlexState, user: User) -> Response:
    """Answer ``DELETE`` (clients) or ``PUT`` (the spec) ``.../items/{item}``: remove one."""
    collection = state.collections.get(request.path_params["collection"])
    item = request.path_params["item"]
    if collection is None or item not in collection.items:
        return plain(404)
    collection.items.remove(item)
    return container(request, {"size": 1, "Metadata": [_row(state, collection)]})


def items(request: Request, state: PlexState, user: User) -> Response:
    """Answer ``GET /library/collections/{id}/items``: members still in the library."""
    collection = state.collections.get(request.path_params["collection"])
    if collection is None:
        return plain(404)
    catalog = Catalog(state.world, state.server)
    members = [i for i in (catalog.get(k) for k in collection.items) if i is not None]
    chosen, fields, headers = page(request, members)
    serializer = Serializer(state, user)
    body = {**fields, "ratingKey": collection.rating_key, "title1": collection.title}
    body["Metadata"] = [serializer.metadata(i) for i in chosen]
    return container(request, body, headers)


def in_section(request: Request, state: PlexState, user: User) -> Response:
    """Answer ``GET /library/sections/{id}/collections``."""
    section = request.path_params["section"]
    if Catalog(state.world, state.server).section(section) is None:
        return plain(404)
    rows = [_row(state, c) for c in state.collections.values() if c.section_key == section]
    chosen, fields, headers = page(request, rows)
    return container(request, {**fields, "Metadata": chosen}, headers)


def delete(request: Request, state: PlexState, user: User) -> Response:
    """Answer ``DELETE /library/sections/{id}/collection/{collection}``."""
    collection = state.collections.get(request.path_params["collection"])
    if collection is None or collection.section_key != request.path_params["section"]:
        return plain(404)
    del state.collections[collection.rating_key]
    hub_routes.drop_for_collection(state, collection.rating_key)
    return plain(200)
