"""Read a whole Plex watchlist from Discover into a WatchlistFetch that never lies.

Every page is read; ``complete`` is true only when Discover's ``totalSize`` was reached
and every title was read with its external ids. Any failure ends the read as incomplete
with the titles read so far and the reason, because an empty or short list read as
complete is how a watchlist sync "removes" titles nobody removed.
"""

from __future__ import annotations

from datetime import UTC, datetime

from tendarr.domain.household import RemoteWatchEntry, WatchlistFetch, WatchlistMethod
from tendarr.domain.media import ItemKind
from tendarr.integrations.plex.discover import DiscoverClient, WatchlistRow
from tendarr.integrations.plex.items import external_ids
from tendarr.integrations.plex.models import PlexUnreadable
from tendarr.ports.media_server import MediaServerError, ServerAuthFailed

PAGE_SIZE = 20  # Discover pages are small; it refuses large containers
MAX_TITLES = 2000  # bounds the requests one read may make (a page plus one per title)
KINDS = {"movie": ItemKind.MOVIE, "show": ItemKind.SHOW}


class _Incomplete(Exception):
    """The read cannot finish; the message says why."""


def read_watchlist(
    discover: DiscoverClient,
    token: str,
    method: WatchlistMethod,
    *,
    uuid: str | None = None,
    page_size: int = PAGE_SIZE,
    max_titles: int = MAX_TITLES,
) -> WatchlistFetch:
    """Read the token's own watchlist, or with ``uuid`` a friend's through the owner's token."""
    entries: list[RemoteWatchEntry] = []
    problems: list[str] = []
    try:
        _read_pages(discover, token, uuid, max(1, page_size), max_titles, entries, problems)
    except ServerAuthFailed as err:
        if uuid is not None and not entries and _own_list_readable(discover, token):
            # The owner's token works, so the refusal is the friend's privacy setting.
            problem = "this Plex friend keeps their watchlist private"
            return WatchlistFetch(WatchlistMethod.PRIVATE, complete=False, problem=problem)
        problems.append(str(err))
    except (MediaServerError, _Incomplete) as err:
        problems.append(str(err))
    if problems:
        return WatchlistFetch(method, False, tuple(entries), "; ".join(problems))
    return WatchlistFetch(method, True, tuple(entries))


def _read_pages(
    discover: DiscoverClient,
    token: str,
    uuid: str | None,
    size: int,
    max_titles: int,
    entries: list[RemoteWatchEntry],
    problems: list[str],
) -> None:
    start = 0
    while True:
        page = discover.watchlist(token, start=start, size=size, uuid=uuid)
        if page.offset != start:
            raise _Incomplete(f"Plex Discover answered offset {page.offset} for {start}")
        if page.total_size is None:
            raise _Incomplete("Plex Discover did not say how long the watchlist is")
        for row in page.entries:
            if isinstance(row, PlexUnreadable):
                problems.append(f"unreadable watchlist title {row.rating_key}: {row.reason}")
                continue
            entry = _entry(discover, token, row)
            if entry is not None:
                entries.append(entry)
        start += len(page.entries)
        if start >= page.total_size:
            return
        if not page.entries:
            raise _Incomplete(
                f"Plex Discover listed {page.total_size} titles but sent none from {start}"
            )
        if start >= max_titles:
            raise _Incomplete(f"the watchlist holds more than {max_titles} titles; read stopped")


def _entry(discover: DiscoverClient, token: str, row: WatchlistRow) -> RemoteWatchEntry | None:
    meta = row.meta
    kind = KINDS.get(meta.type)
    if kind is None:  # not a title Tendarr tracks (e.g. a collection)
        return None
    detail = meta if meta.guids else discover.title(token, meta.rating_key)
    added = row.watchlisted_at
    return RemoteWatchEntry(
        kind=kind,
        title=meta.title or detail.title,
        ids=external_ids(detail),
        year=meta.year if meta.year is not None else detail.year,
        added_at=datetime.fromtimestamp(added, UTC) if added and added > 0 else None,
        native_id=meta.rating_key,
    )


def _own_list_readable(discover: DiscoverClient, token: str) -> bool:
    try:
        discover.watchlist(token, start=0, size=1)
    except MediaServerError:
        return False
    return True
