"""Item reads and per-user item data, shared by the Jellyfin and Emby route tables."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from tendarr.sim.mediabrowser import listing, userdata
from tendarr.sim.mediabrowser.catalog import Catalog, Item, normalize_id
from tendarr.sim.mediabrowser.dto import base_item
from tendarr.sim.mediabrowser.http import Ctx, Refusal
from tendarr.sim.mediabrowser.wire import json_response, parse_date
from tendarr.sim.model import User


def _fields(ctx: Ctx) -> set[str]:
    return set(ctx.query.list("fields"))


def _enable_user_data(ctx: Ctx) -> bool:
    try:
        return ctx.query.bool("enableUserData") is not False
    except ValueError as err:
        raise listing.BadQuery(str(err)) from err


def collection_dto(ctx: Ctx, collection_id: str) -> dict[str, Any] | None:
    """Return the BoxSet dto for a collection made through the API, or None."""
    collection = ctx.state.collections.get(normalize_id(collection_id))
    if collection is None:
        return None
    return {
        "Name": collection.name,
        "ServerId": ctx.state.server.machine_id,
        "Id": collection.id,
        "IsFolder": True,
        "Type": "BoxSet",
        "ChildCount": len(collection.members),
        "ImageTags": {},
        "BackdropImageTags": [],
        "LocationType": "FileSystem",
        "MediaType": "Unknown",
    }


def _collection_members(ctx: Ctx, catalog: Catalog, parent: str | None) -> list[Item] | None:
    if parent is None:
        return None
    collection = ctx.state.collections.get(normalize_id(parent))
    if collection is None:
        return None
    return [i for i in catalog.items if i.key in collection.members]


def render(
    ctx: Ctx, catalog: Catalog, items: list[Item], user: User | None
) -> list[dict[str, Any]]:
    """Return BaseItemDtos for items with the request's fields."""
    fields, enable = _fields(ctx), _enable_user_data(ctx)
    return [base_item(ctx.state, catalog, i, fields, user, enable) for i in items]


async def items(ctx: Ctx, user_param: str | None = None) -> Response:
    """List items (``GET /Items``; Emby also ``/Users/{UserId}/Items``)."""
    user = ctx.target_user(user_param or ctx.query.get("userId"))
    catalog = ctx.sim.catalog()
    parent = ctx.query.get("parentId")
    pool = _collection_members(ctx, catalog, parent)
    unknown_parent = catalog.find(parent or "") is None and catalog.library(parent or "") is None
    if parent is not None and pool is None and unknown_parent:
        raise Refusal(ctx.vendor.not_found("Parent not found."))
    if (
        parent is None
        and pool is None
        and not ctx.query.bool("recursive")
        and not ctx.query.list("ids")
    ):
        views = [library_folder(ctx, lib.key) for lib in ctx.state.server.libraries]
        body = ctx.vendor.query_result(views, len(views), 0)
        return json_response(body)
    if parent is None and pool is None and set(ctx.query.list("includeItemTypes")) == {"BoxSet"}:
        return json_response(_collections(ctx))
    found = listing.select(ctx.state, catalog, ctx.query, user, parent, pool)
    page = listing.page(ctx.state, catalog, ctx.query, user, found)
    body = ctx.vendor.query_result(render(ctx, catalog, page.items, user), page.total, page.start)
    return json_response(body)


def _collections(ctx: Ctx) -> dict[str, Any]:
    """Return a page of the BoxSets made through the API (``searchTerm`` filters by name)."""
    term = (ctx.query.get("searchTerm") or "").lower()
    rows = [
        dto
        for c in sorted(ctx.state.collections.values(), key=lambda c: (c.name.lower(), c.id))
        if term in c.name.lower() and (dto := collection_dto(ctx, c.id)) is not None
    ]
    try:
        start = ctx.query.int("startIndex") or 0
        limit = ctx.query.int("limit")
    except ValueError as err:
        raise listing.BadQuery(str(err)) from err
    chosen = rows[start:] if limit is None else rows[start : start + limit]
    return ctx.vendor.query_result(chosen, len(rows), start)


def library_folder(ctx: Ctx, key: str) -> dict[str, Any]:
    """Return the CollectionFolder dto a library shows as at the user's root."""
    library = next(lib for lib in ctx.state.server.libraries if lib.key == key)
    return {
        "Name": library.name,
        "ServerId": ctx.state.server.machine_id,
        "Id": library.key,
        "IsFolder": True,
        "Type": "CollectionFolder",
        "CollectionType": "movies" if library.kind == "movie" else "tvshows",
        "ImageTags": {},
        "BackdropImageTags": [],
        "LocationType": "FileSystem",
        "MediaType": "Unknown",
    }


async def item(ctx: Ctx, item_id: str, user_param: str | None = None) -> Response:
    """Return one item (``GET /Items/{itemId}``)."""
    user = ctx.target_user(user_param or ctx.query.get("userId"))
    catalog = ctx.sim.catalog()
    boxset = collection_dto(ctx, item_id)
    if boxset is not None:
        return json_response(boxset)
    if catalog.library(item_id) is not None:
        return json_response(library_folder(ctx, catalog.library(item_id).key))  # type: ignore[union-attr]
    found = ctx.item(catalog, item_id)
    fields = {
        "Path",
        "ProviderIds",
        "MediaSources",
        "MediaStreams",
        "DateCreated",
        "Genres",
        "Studios",
        "People",
        "Overview",
        "ParentId",
        "Trickplay",
    }
    return json_response(base_item(ctx.state, catalog, found, fields, user))


def _series(ctx: Ctx, catalog: Catalog, series_id: str) -> Item:
    found = catalog.find(series_id)
    if found is None or found.type != "Series":
        raise Refusal(ctx.vendor.not_found("Series not found."))
    return found


async def seasons(ctx: Ctx, series_id: str) -> Response:
    """List a series' seasons (``GET /Shows/{seriesId}/Seasons``)."""
    user = ctx.target_user(ctx.query.get("userId"))
    catalog = ctx.sim.catalog()
    series = _series(ctx, catalog, series_id)
    found = [i for i in catalog.children.get(normalize_id(series.id), []) if i.type == "Season"]
    body = ctx.vendor.query_result(render(ctx, catalog, found, user), len(found), 0)
    return json_response(body)


async def episodes(ctx: Ctx, series_id: str) -> Response:
    """List a series' episodes (``GET /Shows/{seriesId}/Episodes``)."""
    user = ctx.target_user(ctx.query.get("userId"))
    catalog = ctx.sim.catalog()
    series = _series(ctx, catalog, series_id)
    found = [i for i in catalog.descendants(series.id) if i.type == "Episode"]
    try:
        season = ctx.query.int("season")
    except ValueError as err:
        raise listing.BadQuery(str(err)) from err
    season_id = ctx.query.get("seasonId")
    if season is not None:
        found = [i for i in found if i.season is not None and i.season.number == season]
    if season_id is not None:
        found = [i for i in found if normalize_id(i.season_id or "") == normalize_id(season_id)]
    found.sort(key=lambda item: listing.sort_name(item, catalog))
    start = ctx.query.int("startIndex") or 0
    limit = ctx.query.int("limit")
    window = found[start:] if limit is None else found[start : start + limit]
    body = ctx.vendor.query_result(render(ctx, catalog, window, user), len(found), start)
    return json_response(body)


async def user_data(ctx: Ctx, item_id: str, user_param: str | None = None) -> Response:
    """Return a user's data for an item (``GET /UserItems/{itemId}/UserData``)."""
    user = ctx.acting_user(user_param or ctx.query.get("userId"))
    catalog = ctx.sim.catalog()
    found = ctx.item(catalog, item_id)
    return json_response(userdata.user_data_dto(ctx.state, catalog, user, found))


async def set_played(ctx: Ctx, item_id: str, played: bool, user_param: str | None) -> Response:
    """Mark an item played or unplayed and return the new UserItemDataDto."""
    user = ctx.acting_user(user_param)
    catalog = ctx.sim.catalog()
    found = ctx.item(catalog, item_id)
    if played:
        raw = ctx.query.get("datePlayed")
        try:
            when = parse_date(raw) if raw else None
        except ValueError as err:
            raise listing.BadQuery(str(err)) from err
        userdata.mark_played(ctx.state, catalog, user, found, when)
    else:
        userdata.mark_unplayed(ctx.state, catalog, user, found)
    return json_response(userdata.user_data_dto(ctx.state, catalog, user, found))


async def set_favorite(ctx: Ctx, item_id: str, favorite: bool, user_param: str | None) -> Response:
    """Mark or unmark a favourite and return the new UserItemDataDto."""
    user = ctx.acting_user(user_param)
    catalog = ctx.sim.catalog()
    found = ctx.item(catalog, item_id)
    userdata.set_favorite(ctx.state, user, found, favorite)
    return json_response(userdata.user_data_dto(ctx.state, catalog, user, found))
