"""Libraries, refreshes, deletion, collections, sessions, plugins and trickplay routes."""

from __future__ import annotations

from typing import Any, Literal

from starlette.responses import Response

from tendarr.sim.mediabrowser import library, listing
from tendarr.sim.mediabrowser.catalog import Catalog, Item, normalize_id
from tendarr.sim.mediabrowser.http import Ctx, Refusal
from tendarr.sim.mediabrowser.sessions import session_dto
from tendarr.sim.mediabrowser.state import Collection
from tendarr.sim.mediabrowser.wire import empty, json_response


async def virtual_folders(ctx: Ctx) -> Response:
    """List libraries with their options (``GET /Library/VirtualFolders``)."""
    return json_response(virtual_folder_list(ctx))


def virtual_folder_list(ctx: Ctx) -> list[dict[str, Any]]:
    """Return every library's VirtualFolderInfo."""
    return [library.virtual_folder(ctx.state, lib) for lib in ctx.state.server.libraries]


async def update_library_options(ctx: Ctx) -> Response:
    """Replace a library's options (``POST /Library/VirtualFolders/LibraryOptions``)."""
    body = await ctx.body()
    lowered = {k.lower(): v for k, v in body.items()}
    catalog = ctx.sim.catalog()
    target = catalog.library(str(lowered.get("id") or ""))
    if target is None:
        raise Refusal(ctx.vendor.not_found("Library not found."))
    options = lowered.get("libraryoptions")
    if not isinstance(options, dict):
        raise Refusal(ctx.vendor.bad_request("LibraryOptions is required."))
    library.replace_options(ctx.state, target, options)
    return empty()


async def refresh_library(ctx: Ctx) -> Response:
    """Scan every library (``POST /Library/Refresh``)."""
    library.refresh(ctx.state, ctx.sim.catalog())
    return empty()


async def refresh_item(ctx: Ctx, item_id: str) -> Response:
    """Refresh one item (a library too) and what is below it (``POST /Items/{itemId}/Refresh``)."""
    catalog = ctx.sim.catalog()
    folder = catalog.library(item_id)
    if folder is not None:
        keys = [i.key for i in catalog.descendants(folder.key)]
    else:
        found = ctx.item(catalog, item_id)
        keys = [found.key, *(i.key for i in catalog.descendants(found.id))]
    if ctx.query.bool("regenerateTrickplay"):
        for key in keys:
            for tiles in ctx.state.trickplay.get(key, {}).values():
                tiles.registered = False
    library.refresh(ctx.state, catalog, keys)
    return empty()


def _delete(ctx: Ctx, catalog: Catalog, items: list[Item]) -> None:
    user = ctx.caller.user
    allowed = ctx.state.server.allow_media_deletion and (user is None or user.kind == "owner")
    if not allowed:
        raise Refusal(ctx.vendor.cannot_delete())
    world = ctx.state.world
    for item in items:
        for target in catalog.episodes_of(item):
            kind: Literal["movie", "episode"] = "movie" if target.type == "Movie" else "episode"
            world.delete_file(kind, target.key[1])


def _drop_collections(ctx: Ctx, ids: list[str]) -> list[str]:
    """Delete the BoxSets among ``ids`` (metadata only: no media deletion needed for that).

    Return the ids that are not collections.
    """
    if not ctx.caller.is_admin:
        return ids
    rest = []
    for raw in ids:
        if ctx.state.collections.pop(normalize_id(raw), None) is None:
            rest.append(raw)
    return rest


async def delete_item(ctx: Ctx, item_id: str) -> Response:
    """Delete an item from the library and the disk, or a collection (``DELETE /Items/{id}``)."""
    if not _drop_collections(ctx, [item_id]):
        return empty()
    catalog = ctx.sim.catalog()
    _delete(ctx, catalog, [ctx.item(catalog, item_id)])
    return empty()


async def delete_items(ctx: Ctx) -> Response:
    """Delete several items (``DELETE /Items?ids=``; Emby ``POST /Items/Delete?Ids=``)."""
    ids = _drop_collections(ctx, ctx.query.list("ids"))
    if not ids:
        return empty()
    catalog = ctx.sim.catalog()
    _delete(ctx, catalog, [ctx.item(catalog, raw) for raw in ids])
    return empty()


async def create_collection(ctx: Ctx) -> Response:
    """Create a collection (``POST /Collections``) and return its id."""
    catalog = ctx.sim.catalog()
    members = [ctx.item(catalog, raw).key for raw in ctx.query.list("ids")]
    if ctx.state.flavor == "emby":
        collection_id = str(900_000 + len(ctx.state.collections) + 1)
    else:
        collection_id = ctx.state.mint("collection")
    name = ctx.query.get("name") or "New Collection"
    collection = Collection(collection_id, name, members, ctx.state.world.now)
    ctx.state.collections[normalize_id(collection_id)] = collection
    return json_response({"Id": collection_id})


def _collection(ctx: Ctx, collection_id: str) -> Collection:
    found = ctx.state.collections.get(normalize_id(collection_id))
    if found is None:
        raise Refusal(ctx.vendor.not_found("Collection not found."))
    return found


async def add_to_collection(ctx: Ctx, collection_id: str) -> Response:
    """Add items to a collection (``POST /Collections/{id}/Items?ids=``)."""
    collection = _collection(ctx, collection_id)
    catalog = ctx.sim.catalog()
    ids = ctx.query.list("ids")
    if not ids:
        raise listing.BadQuery("The ids field is required.")
    for raw in ids:
        key = ctx.item(catalog, raw).key
        if key not in collection.members:
            collection.members.append(key)
    return empty()


async def remove_from_collection(ctx: Ctx, collection_id: str) -> Response:
    """Remove items from a collection (``DELETE /Collections/{id}/Items?ids=``)."""
    collection = _collection(ctx, collection_id)
    catalog = ctx.sim.catalog()
    ids = ctx.query.list("ids")
    if not ids:
        raise listing.BadQuery("The ids field is required.")
    keys = {ctx.item(catalog, raw).key for raw in ids}
    collection.members = [k for k in collection.members if k not in keys]
    return empty()


async def sessions(ctx: Ctx) -> Response:
    """List active sessions (``GET /Sessions``); non-admins see their own."""
    catalog = ctx.sim.catalog()
    user = ctx.caller.user
    visible = [
        s
        for s in ctx.state.sessions.values()
        if ctx.caller.is_admin or (user is not None and s.user is user)
    ]
    return json_response([session_dto(ctx.state, catalog, s) for s in visible])


async def plugins(ctx: Ctx) -> Response:
    """List installed plugins (``GET /Plugins``)."""
    return json_response(ctx.state.plugins)


async def trickplay_playlist(ctx: Ctx, item_id: str, width: int) -> Response:
    """Return the HLS tile playlist; 404 until the server has registered tiles."""
    catalog = ctx.sim.catalog()
    found = ctx.item(catalog, item_id)
    tiles = ctx.state.trickplay.get(found.key, {}).get(width)
    if tiles is None or not tiles.registered:
        raise Refusal(ctx.vendor.not_found())
    source = ctx.query.get("mediaSourceId") or found.id
    per_sheet = tiles.tile_width * tiles.tile_height
    seconds = tiles.interval_ms / 1000
    sheets = -(-tiles.thumbnail_count // per_sheet)
    token = ctx.caller.token.value if ctx.caller.token else ""
    lines = [
        "#EXTM3U",
        f"#EXT-X-TARGETDURATION:{sheets}",
        "#EXT-X-VERSION:7",
        "#EXT-X-MEDIA-SEQUENCE:1",
        "#EXT-X-PLAYLIST-TYPE:VOD",
        "#EXT-X-IMAGES-ONLY",
    ]
    for index in range(sheets):
        count = per_sheet if index < sheets - 1 else tiles.thumbnail_count - index * per_sheet
        lines += [
            f"#EXTINF:{_number(seconds * count)},",
            f"#EXT-X-TILES:RESOLUTION={tiles.width}x{tiles.height},"
            f"LAYOUT={tiles.tile_width}x{tiles.tile_height},DURATION={_number(seconds)}",
            f"{index}.jpg?MediaSourceId={source}&ApiKey={token}",
        ]
    lines.append("#EXT-X-ENDLIST")
    return Response("\n".join(lines) + "\n", media_type="application/x-mpegURL")


def _number(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".")
