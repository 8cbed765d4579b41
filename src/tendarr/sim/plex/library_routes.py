"""PMS library endpoints: identity, sections, listings, metadata, tree, delete, scans."""

from __future__ import annotations

from typing import Any, cast

from starlette.requests import Request
from starlette.responses import Response

from tendarr.sim.model import User
from tendarr.sim.plex import events, query
from tendarr.sim.plex.library import TYPE_NUMBERS, Catalog, Item
from tendarr.sim.plex.serialize import Serializer, epoch
from tendarr.sim.plex.state import PlexState, part_hash
from tendarr.sim.plex.wire import container, page, plain


def identity(request: Request, state: PlexState, user: User | None) -> Response:
    """Answer ``GET /identity`` (no token needed)."""
    server = state.server
    body = {"size": 0, "claimed": True, "machineIdentifier": server.machine_id}
    return container(request, {**body, "version": server.version})


def root(request: Request, state: PlexState, user: User) -> Response:
    """Answer ``GET /``: the server's capabilities."""
    server = state.server
    body: dict[str, Any] = {
        "size": 3,
        "allowMediaDeletion": bool(state.prefs["allowMediaDeletion"]),
        "friendlyName": state.prefs["FriendlyName"],
        "machineIdentifier": server.machine_id,
        "myPlex": True,
        "myPlexSigninState": "ok",
        "platform": "Linux",
        "version": server.version,
        "Directory": [
            {"key": "library", "title": "library", "count": 1},
            {"key": "status", "title": "status", "count": 1},
            {"key": "activities", "title": "activities", "count": 1},
        ],
    }
    return container(request, body)


def sections(request: Request, state: PlexState, user: User) -> Response:
    """Answer ``GET /library/sections/all`` with each section's Location."""
    rows = []
    for n, lib in enumerate(state.server.libraries):
        rows.append(
            {
                "allowSync": True,
                "key": lib.key,
                "type": lib.kind,
                "title": lib.name,
                "agent": "tv.plex.agents.movie" if lib.kind == "movie" else "tv.plex.agents.series",
                "scanner": "Plex Movie" if lib.kind == "movie" else "Plex TV Series",
                "language": "en-US",
                "uuid": lib.uuid,
                "refreshing": False,
                "content": True,
                "directory": True,
                "filters": True,
                "hidden": False,
                "updatedAt": epoch(state.world.now),
                "createdAt": epoch(state.world.now) - 86_400 * 400,
                "scannedAt": epoch(state.world.now),
                "Location": [{"id": n + 1, "path": lib.root}],
            }
        )
    return container(
        request, {"size": len(rows), "allowSync": True, "title1": "Plex Library", "Directory": rows}
    )


def section_all(request: Request, state: PlexState, user: User) -> Response:
    """Answer ``GET /library/sections/{id}/all`` (type, includeGuids, filters, sort, paging)."""
    catalog = Catalog(state.world, state.server, state.listing_memo)
    section = catalog.section(request.path_params["section"])
    if section is None:
        return plain(404)
    wanted = request.query_params.get("type")
    kind = TYPE_NUMBERS.get(wanted) if wanted else None
    if wanted and kind is None:
        return plain(400)
    items = catalog.section_items(section, kind, order=_sort_key)
    serializer = Serializer(state, user)
    if query.needs_rows(request.query_params):
        items = query.apply(request.query_params, items, serializer)
    chosen, fields, headers = page(request, items)
    guids = request.query_params.get("includeGuids") == "1"
    body = {
        **fields,
        "allowSync": True,
        "librarySectionID": int(section.key),
        "librarySectionTitle": section.name,
        "librarySectionUUID": section.uuid,
        "title1": section.name,
        "identifier": "com.plexapp.plugins.library",
        "viewGroup": kind or section.kind,
        "Metadata": [serializer.metadata(i, guids=guids) for i in chosen],
    }
    return container(request, body, headers)


def _sort_key(item: Item) -> tuple[str, int, int]:
    owner = item.movie or item.show
    title = owner.title.removeprefix("The ").lower() if owner else ""
    season = item.season.number if item.season else 0
    episode = item.episode.episode_number if item.episode else 0
    return (title, season, episode)


def _items(state: PlexState, ids: str) -> list[Item] | None:
    catalog = Catalog(state.world, state.server, state.listing_memo)
    found = [catalog.get(rk) for rk in ids.split(",")]
    return None if any(i is None for i in found) else cast(list[Item], found)


def metadata(request: Request, state: PlexState, user: User) -> Response:
    """Answer ``GET /library/metadata/{ids}`` with full Media/Part/Stream detail."""
    items = _items(state, request.path_params["ids"])
    if not items:
        return plain(404)
    serializer = Serializer(state, user)
    rows = [serializer.metadata(i, detail=True, guids=True) for i in items]
    return container(request, {"size": len(rows), "allowSync": True, "Metadata": rows})


def children(request: Request, state: PlexState, user: User) -> Response:
    """Answer ``GET /library/metadata/{id}/children``."""
    return _listing(request, state, user, leaves=False)


def all_leaves(request: Request, state: PlexState, user: User) -> Response:
    """Answer ``GET /library/metadata/{ids}/allLeaves``."""
    return _listing(request, state, user, leaves=True)


def _listing(request: Request, state: PlexState, user: User, *, leaves: bool) -> Response:
    items = _items(state, request.path_params["ids"])
    if not items:
        return plain(404)
    catalog = Catalog(state.world, state.server, state.listing_memo)
    rows = [c for i in items for c in (catalog.leaves(i) if leaves else catalog.children(i))]
    chosen, fields, headers = page(request, rows)
    serializer = Serializer(state, user)
    parent = items[0]
    body = {
        **fields,
        "allowSync": True,
        "key": parent.rating_key,
        "librarySectionID": int(catalog.section_of(parent).key),
        "Metadata": [serializer.metadata(i) for i in chosen],
    }
    return container(request, body, headers)


def tree(request: Request, state: PlexState, user: User) -> Response:
    """Answer ``GET /library/metadata/{ids}/tree``: nested items down to MediaPart hashes."""
    items = _items(state, request.path_params["ids"])
    if not items:
        return plain(404)
    catalog = Catalog(state.world, state.server, state.listing_memo)
    rows = [_tree_node(state, catalog, i) for i in items]
    return container(request, {"size": len(rows), "MetadataItem": rows})


def _tree_node(state: PlexState, catalog: Catalog, item: Item) -> dict[str, Any]:
    owner = item.movie or item.episode or item.show
    title = f"Season {item.season.number}" if item.kind == "season" and item.season else ""
    node: dict[str, Any] = {
        "id": int(item.rating_key),
        "key": f"/library/metadata/{item.rating_key}",
        "ratingKey": item.rating_key,
        "title": title or (owner.title if owner else ""),
        "type": item.kind,
        "metadataType": {"movie": 1, "show": 2, "season": 3, "episode": 4}[item.kind],
        "librarySectionID": int(catalog.section_of(item).key),
        "addedAt": epoch(item.file.added_at if item.file else state.world.now),
    }
    file = item.file
    if file is not None:
        node["MediaItem"] = [
            {
                "id": file.id,
                "duration": file.duration_ms,
                "MediaPart": [
                    {
                        "id": file.id,
                        "hash": part_hash(state.server, file),
                        "file": state.server.server_path(file.path),
                        "size": file.size,
                        "duration": file.duration_ms,
                    }
                ],
            }
        ]
    kids = catalog.children(item)
    if kids:
        node["MetadataItem"] = [_tree_node(state, catalog, k) for k in kids]
    return node


def delete_item(request: Request, state: PlexState, user: User) -> Response:
    """Answer ``DELETE /library/metadata/{ids}``: delete the files when deletion is allowed."""
    if not state.prefs["allowMediaDeletion"]:
        return plain(403)
    items = _items(state, request.path_params["ids"])
    if not items:
        return plain(404)
    catalog = Catalog(state.world, state.server, state.listing_memo)
    for item in items:
        for leaf in catalog.leaves(item):
            owner = leaf.movie or leaf.episode
            assert owner is not None
            state.world.delete_file("movie" if leaf.kind == "movie" else "episode", owner.id)
    return plain(200)


def delete_media(request: Request, state: PlexState, user: User) -> Response:
    """Answer ``DELETE /library/metadata/{ids}/media/{media}``: delete one version's file."""
    if not state.prefs["allowMediaDeletion"]:
        return plain(403)
    items = _items(state, request.path_params["ids"])
    if not items or len(items) != 1 or items[0].kind not in ("movie", "episode"):
        return plain(404)
    item, file = items[0], items[0].file
    if file is None or str(file.id) != request.path_params["media"]:
        return plain(404)
    owner = item.movie or item.episode
    assert owner is not None
    state.world.delete_file("movie" if item.kind == "movie" else "episode", owner.id)
    return plain(200)


def empty_trash(request: Request, state: PlexState, user: User) -> Response:
    """Answer ``PUT /library/sections/{id}/emptyTrash`` (deleted files leave at once here)."""
    if Catalog(state.world, state.server).section(request.path_params["section"]) is None:
        return plain(404)
    return plain(200)


def refresh(request: Request, state: PlexState, user: User) -> Response:
    """Answer ``POST|GET /library/sections/{id}/refresh``: a scan, with its activity events."""
    section = request.path_params["section"]
    if Catalog(state.world, state.server).section(section) is None:
        return plain(404)
    events.refresh(state, section)
    return plain(200)


def section_prefs(request: Request, state: PlexState, user: User) -> Response:
    """Answer ``GET /library/sections/{id}/prefs``."""
    section = request.path_params["section"]
    if Catalog(state.world, state.server).section(section) is None:
        return plain(404)
    prefs = {"enableBIFGeneration": "1", **state.section_prefs.get(section, {})}
    rows = [
        {
            "id": k,
            "label": k,
            "summary": "",
            "type": "bool",
            "default": "1",
            "value": v,
            "hidden": False,
            "advanced": False,
            "group": "",
        }
        for k, v in prefs.items()
    ]
    return container(request, {"size": len(rows), "Setting": rows})


def set_section_prefs(request: Request, state: PlexState, user: User) -> Response:
    """Answer ``PUT /library/sections/{id}/prefs`` (``prefs[name]=value`` or ``name=value``)."""
    section = request.path_params["section"]
    if Catalog(state.world, state.server).section(section) is None:
        return plain(404)
    stored = state.section_prefs.setdefault(section, {})
    for key, value in request.query_params.items():
        if key.startswith("X-Plex-"):
            continue
        name = key.removeprefix("prefs[").removesuffix("]")
        stored[name] = value
    return plain(200)
