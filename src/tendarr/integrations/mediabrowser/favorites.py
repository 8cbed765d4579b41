"""A user's favourite movies and series: Jellyfin's and Emby's stand-in for a watchlist."""

from __future__ import annotations

from tendarr.domain.household import RemoteWatchEntry, WatchlistFetch, WatchlistMethod
from tendarr.domain.media import ItemKind
from tendarr.integrations.mediabrowser.translate import external_ids
from tendarr.integrations.mediabrowser.userdata import (
    FetchUserItems,
    ItemsQuery,
    UserItem,
    user_item_pages,
)
from tendarr.ports.media_server import MediaServerError

_KINDS = {"Movie": ItemKind.MOVIE, "Series": ItemKind.SHOW}


def favourites(fetch: FetchUserItems, *, vendor: str, page_size: int = 200) -> WatchlistFetch:
    """Read every page of a user's favourites; any failure is an incomplete fetch.

    The listing is complete only when every page was read and the server's total stayed
    the same throughout: a favourite added or removed mid-walk shifts offset paging, so
    that read is reported incomplete rather than risk a title looking removed.
    """
    query = ItemsQuery(
        ",".join(_KINDS),
        0,
        page_size,
        filters="IsFavorite",
        is_favorite=True,
        sort_by="SortName",
        fields="ProviderIds,ProductionYear",
    )
    entries: dict[str, RemoteWatchEntry] = {}
    listed: set[str] = set()
    totals: set[int] = set()
    try:
        for page in user_item_pages(fetch, query, vendor=vendor):
            if page.total is not None:
                totals.add(page.total)
            for item in page.items:
                listed.add(item.id)
                entry = _entry(item)
                if entry is not None:
                    entries.setdefault(item.id, entry)
    except MediaServerError as err:
        return _incomplete(f"favourites could not be read: {err}")
    if len(totals) > 1:
        return _incomplete(f"{vendor} favourites changed while they were read; read them again")
    if totals and len(listed) != next(iter(totals)):
        total = next(iter(totals))
        return _incomplete(f"{vendor} listed {len(listed)} of {total} favourites")
    return WatchlistFetch(WatchlistMethod.DIRECT, complete=True, entries=tuple(entries.values()))


def _entry(item: UserItem) -> RemoteWatchEntry | None:
    kind = _KINDS.get(item.type)
    if kind is None:
        return None  # a server that ignores IncludeItemTypes; not a watchlist title
    return RemoteWatchEntry(
        kind=kind,
        title=item.name,
        ids=external_ids(item.provider_ids),
        year=item.production_year,
        native_id=item.id,
    )


def _incomplete(problem: str) -> WatchlistFetch:
    return WatchlistFetch(WatchlistMethod.DIRECT, complete=False, problem=problem)
