"""The /Items query: filter, sort and page a server's catalog as Jellyfin and Emby do."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from tendarr.sim.mediabrowser import item_filters, userdata
from tendarr.sim.mediabrowser.catalog import Catalog, Item, date_created, normalize_id
from tendarr.sim.mediabrowser.dto import date_last_saved
from tendarr.sim.mediabrowser.state import ServerState
from tendarr.sim.mediabrowser.wire import Query, parse_date
from tendarr.sim.model import User

ITEM_TYPES = {"Movie", "Series", "Season", "Episode"}
KNOWN_TYPES = ITEM_TYPES | {
    "BoxSet",
    "CollectionFolder",
    "Folder",
    "Video",
    "Audio",
    "MusicAlbum",
    "MusicArtist",
    "Playlist",
    "Trailer",
    "Person",
    "Photo",
    "Book",
    "MusicVideo",
    "AudioBook",
    "Genre",
    "Studio",
    "UserView",
    "TvChannel",
    "LiveTvProgram",
    "Program",
    "Recording",
    "Year",
}
_ARTICLES = ("the ", "a ", "an ")
# Never played sorts as the oldest date (a NULL LastPlayedDate comes first ascending).
_NEVER = datetime.min.replace(tzinfo=UTC)


class BadQuery(ValueError):
    """A parameter the server cannot bind (it answers 400)."""


@dataclass
class Page:
    """One page of matching items and the total before paging."""

    items: list[Item]
    total: int
    start: int


def sort_name(item: Item, catalog: Catalog | None = None) -> str:
    """Return the name servers sort by: articles dropped, episodes in series order."""
    if catalog is None:
        return _sort_name(item)
    name = catalog.sort_names.get(item.id)
    if name is None:
        name = catalog.sort_names[item.id] = _sort_name(item)
    return name


def _sort_name(item: Item) -> str:
    name = item.name.lower()
    for article in _ARTICLES:
        if name.startswith(article):
            name = name[len(article) :]
    if item.show is not None and item.type != "Series":
        show = _sort_name(Item("Series", ("show", 0), "", item.library, "", show=item.show))
        season = item.season.number if item.season else 0
        number = item.episode.episode_number if item.episode else 0
        return f"{show}\x00{season:04d}\x00{number:04d}"
    return name


def _sort_key(
    field: str, state: ServerState, catalog: Catalog, user: User | None
) -> Callable[[Item], Any]:
    lowered = field.lower()
    if lowered in {"sortname", "name", "seriessortname"}:
        return lambda i: sort_name(i, catalog)
    if lowered == "datecreated":
        return lambda i: date_created(i, catalog)
    if lowered in {"premieredate", "productionyear"}:
        return lambda i: _premiere(i)
    if lowered == "communityrating":
        return lambda i: i.movie.tmdb_rating if i.movie else (i.show.tmdb_rating if i.show else 0)
    if lowered == "runtime":
        return lambda i: i.file.duration_ms if i.file else 0
    if lowered == "criticrating":
        return lambda i: i.movie.critic_rating if i.movie else 0
    if lowered in {"indexnumber", "parentindexnumber", "airedepisodeorder"}:
        return lambda i: sort_name(i, catalog)
    if lowered == "isfolder":
        return lambda i: i.is_folder
    if user is not None and lowered in _USER_KEYS:
        read = _USER_KEYS[lowered]
        return lambda i: read(userdata.view(state, catalog, user, i))
    # Unmodelled sort keys and values the binder drops leave the order unchanged.
    return lambda i: 0


# Sorts on what the item's UserData says for the user the listing is for.
_USER_KEYS: dict[str, Callable[[userdata.ItemView], Any]] = {
    "dateplayed": lambda v: v.last_played or _NEVER,
    "playcount": lambda v: v.play_count,
    "isplayed": lambda v: v.played,
    "isunplayed": lambda v: not v.played,
    "isfavoriteorliked": lambda v: v.favorite,
}


def _premiere(item: Item) -> str:
    if item.movie is not None:
        return item.movie.release_date.isoformat()
    if item.episode is not None and item.episode.air_date is not None:
        return item.episode.air_date.isoformat()
    return item.show.first_air_date.isoformat() if item.show else ""


def select(
    state: ServerState,
    catalog: Catalog,
    query: Query,
    user: User | None,
    parent: str | None,
    pool: list[Item] | None = None,
) -> list[Item]:
    """Return the items matching the query's filters, unsorted."""
    try:
        recursive = bool(query.bool("recursive"))
        wanted_types = set(query.list("includeItemTypes"))
        excluded = set(query.list("excludeItemTypes"))
        filters = item_filters.parse(query, state.flavor)
        min_saved = query.get("minDateLastSaved")
        saved_floor = parse_date(min_saved) if min_saved else None
    except ValueError as err:
        raise BadQuery(str(err)) from err
    if state.flavor == "jellyfin":
        # Jellyfin's comma-delimited binder drops values it cannot parse, so a misspelt type
        # is ignored (and a list of only misspelt types filters nothing).
        wanted_types &= KNOWN_TYPES
        excluded &= KNOWN_TYPES
    ids = [normalize_id(i) for i in query.list("ids")]
    if pool is not None:
        pool = list(pool)
    elif ids:
        pool = [item for i in ids if (item := catalog.find(i)) is not None]
    elif parent is not None:
        below = catalog.descendants(parent)
        pool = below if recursive else catalog.children.get(normalize_id(parent), [])
    elif recursive:
        pool = list(catalog.items)
    else:
        pool = []
    if wanted_types:
        pool = [i for i in pool if i.type in wanted_types]
    pool = [i for i in pool if i.type not in excluded]
    pool = item_filters.apply(filters, state, catalog, user, pool)
    if saved_floor is not None:
        pool = [i for i in pool if date_last_saved(state, catalog, i) >= saved_floor]
    term = query.get("searchTerm")
    if term:
        pool = [i for i in pool if term.lower() in i.name.lower()]
    for flag, provider in (("hasTmdbId", "tmdb"), ("hasImdbId", "imdb"), ("hasTvdbId", "tvdb")):
        want = query.bool(flag)
        if want is not None:
            pool = [i for i in pool if _has_provider(i, provider) == want]
    return pool


def _has_provider(item: Item, provider: str) -> bool:
    if provider == "imdb":
        return item.movie is not None or item.type == "Series"
    if provider == "tvdb":
        return item.show is not None and item.type != "Season"
    return True


def page(
    state: ServerState, catalog: Catalog, query: Query, user: User | None, items: list[Item]
) -> Page:
    """Sort and page ``items`` as ``sortBy``/``sortOrder``/``startIndex``/``limit`` ask."""
    try:
        start = query.int("startIndex") or 0
        limit = query.int("limit")
    except ValueError as err:
        raise BadQuery(str(err)) from err
    fields = query.list("sortBy")
    orders = [o.lower() for o in query.list("sortOrder")]
    # Every key but the user-data ones is fixed for a catalog snapshot, so a paged walk
    # sorts once rather than once a page.
    fixed = user is None or not any(f.lower() in _USER_KEYS for f in fields)
    memo = (tuple(fields), tuple(orders), tuple(i.id for i in items)) if fixed else None
    ordered = catalog.orders.get(memo) if memo is not None else None
    if ordered is None:
        ordered = _sorted(state, catalog, user, items, fields, orders)
        if memo is not None:
            if len(catalog.orders) >= _MAX_ORDERS:
                catalog.orders.clear()
            catalog.orders[memo] = ordered
    window = ordered[start:] if limit is None else ordered[start : start + max(limit, 0)]
    return Page(window, len(ordered), start)


_MAX_ORDERS = 32


def _sorted(
    state: ServerState,
    catalog: Catalog,
    user: User | None,
    items: list[Item],
    fields: list[str],
    orders: list[str],
) -> list[Item]:
    # Sort name, then id, breaks every tie, so equal keys keep one order across pages.
    ordered = sorted(items, key=lambda i: (sort_name(i, catalog), i.id))
    for position in reversed(range(len(fields))):
        # Fields past the last sortOrder take the first one, as both servers pair them.
        order = orders[position] if position < len(orders) else (orders[0] if orders else "")
        descending = order == "descending"
        key = _sort_key(fields[position], state, catalog, user)
        ordered.sort(key=key, reverse=descending)
    return ordered
