"""Walk a paged ``/Items`` listing and turn each page into a LibraryPage."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from tendarr.domain.media import ItemProblem, LibraryPage, RemoteItem
from tendarr.integrations.mediabrowser.models import BaseItem, ItemsPage
from tendarr.integrations.mediabrowser.translate import remote_item
from tendarr.integrations.mediabrowser.wire import Json, MalformedPayload
from tendarr.ports.media_server import ServerResponseInvalid

ITEM_TYPES = "Movie,Series,Season,Episode"
ITEM_FIELDS = ",".join(
    (
        "ProviderIds",
        "Path",
        "MediaSources",
        "DateCreated",
        "Genres",
        "Studios",
        "People",
        "OfficialRating",
        "CommunityRating",
        "CriticRating",
        "PremiereDate",
        "ProductionYear",
        "DateLastSaved",
        "Tags",
        "ParentId",
    )
)
# Oldest first: items added during a walk land after the current offset, not before it.
ITEM_SORT = "DateCreated,SortName"

FetchPage = Callable[[int, int], Json]  # (start index, limit) -> QueryResult body


def traverse(
    fetch: FetchPage, *, vendor: str, server_id: str, library_id: str, page_size: int
) -> Iterator[LibraryPage]:
    """Yield every page until ``TotalRecordCount`` is reached (or a short page without one).

    An item seen on an earlier page is not yielded again (offset paging shifts when the
    library changes mid-walk); a page that fails raises, so a partial walk is never
    mistaken for a complete one.
    """
    if page_size < 1:
        raise ValueError("page_size must be at least 1")
    start = 0
    seen: set[str] = set()
    while True:
        try:
            page = ItemsPage.parse(fetch(start, page_size))
        except MalformedPayload as err:
            raise ServerResponseInvalid(f"{vendor} sent an unreadable item list: {err}") from err
        items: list[RemoteItem] = []
        problems: list[ItemProblem] = []
        for raw in page.items:
            read = _read(raw, server_id=server_id, library_id=library_id)
            if isinstance(read, ItemProblem):
                problems.append(read)
            elif read.native_id not in seen:
                seen.add(read.native_id)
                items.append(read)
        yield LibraryPage(items=items, problems=problems, total=page.total)
        start += len(page.items)
        if not page.items:
            return
        if page.total is not None and start >= page.total:
            return
        if page.total is None and len(page.items) < page_size:
            return


def _read(raw: object, *, server_id: str, library_id: str) -> RemoteItem | ItemProblem:
    if not isinstance(raw, dict):
        return ItemProblem(server_id, None, f"item is {type(raw).__name__}, not an object")
    raw_id = raw.get("Id")
    native_id = raw_id if isinstance(raw_id, str) and raw_id else None
    try:
        return remote_item(BaseItem.parse(raw), server_id=server_id, library_id=library_id)
    except MalformedPayload as err:
        return ItemProblem(server_id, native_id, str(err))
