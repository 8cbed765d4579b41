"""Per-user item listings: the query both servers bind and the items with their UserData."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from tendarr.integrations.mediabrowser.models import ItemsPage
from tendarr.integrations.mediabrowser.wire import (
    Json,
    MalformedPayload,
    opt_bool,
    opt_datetime,
    opt_int,
    opt_object,
    opt_str,
    require_str,
)
from tendarr.ports.media_server import ServerResponseInvalid

TICKS_PER_MS = 10_000


@dataclass(frozen=True)
class ItemsQuery:
    """One page of a user's recursive item listing, in vendor-neutral terms.

    ``params`` renders it in Emby's PascalCase or Jellyfin's camelCase; both servers bind
    query names case-insensitively, but each is sent what its own API documents.
    """

    include_types: str
    start: int
    limit: int
    filters: str | None = None
    is_played: bool | None = None
    is_favorite: bool | None = None
    sort_by: str = "SortName"
    sort_order: str = "Ascending"
    fields: str | None = None

    def params(self, *, camel: bool) -> dict[str, Any]:
        """Return the query parameters (``camel``: Jellyfin's spelling)."""
        pairs: dict[str, Any] = {
            "Recursive": "true",
            "IncludeItemTypes": self.include_types,
            "SortBy": self.sort_by,
            "SortOrder": self.sort_order,
            "EnableUserData": "true",
            "EnableImages": "false",
            "StartIndex": self.start,
            "Limit": self.limit,
        }
        if self.filters is not None:
            pairs["Filters"] = self.filters
        if self.is_played is not None:
            pairs["IsPlayed"] = "true" if self.is_played else "false"
        if self.is_favorite is not None:
            pairs["IsFavorite"] = "true" if self.is_favorite else "false"
        if self.fields is not None:
            pairs["Fields"] = self.fields
        if not camel:
            return pairs
        return {key[0].lower() + key[1:]: value for key, value in pairs.items()}


@dataclass(frozen=True)
class UserData:
    """A UserItemDataDto: what one user did with one item."""

    played: bool
    play_count: int | None
    position_ticks: int
    last_played: datetime | None
    is_favorite: bool

    @classmethod
    def parse(cls, body: Json) -> UserData:
        """Read a UserItemDataDto."""
        return cls(
            played=bool(opt_bool(body, "Played")),
            play_count=opt_int(body, "PlayCount"),
            position_ticks=opt_int(body, "PlaybackPositionTicks") or 0,
            last_played=opt_datetime(body, "LastPlayedDate"),
            is_favorite=bool(opt_bool(body, "IsFavorite")),
        )

    @property
    def position_ms(self) -> int | None:
        """Return the resume point in milliseconds (None when there is none)."""
        return self.position_ticks // TICKS_PER_MS if self.position_ticks > 0 else None


@dataclass(frozen=True)
class UserItem:
    """A BaseItemDto read for one user: identity, runtime, ids and the user's data."""

    id: str
    type: str
    name: str
    run_time_ticks: int | None
    provider_ids: dict[str, str]
    production_year: int | None
    user_data: UserData | None

    @classmethod
    def parse(cls, body: Json) -> UserItem:
        """Read a BaseItemDto; raise MalformedPayload naming the first bad field."""
        data = opt_object(body, "UserData")
        raw_ids = opt_object(body, "ProviderIds") or {}
        return cls(
            id=require_str(body, "Id"),
            type=require_str(body, "Type"),
            name=opt_str(body, "Name") or "",
            run_time_ticks=opt_int(body, "RunTimeTicks"),
            # Provider keys are matched case-insensitively, as the library sync does.
            provider_ids={
                str(k).lower(): v for k, v in raw_ids.items() if isinstance(v, str) and v.strip()
            },
            production_year=opt_int(body, "ProductionYear"),
            user_data=UserData.parse(data) if data is not None else None,
        )

    @property
    def duration_ms(self) -> int | None:
        """Return the runtime in milliseconds."""
        return None if self.run_time_ticks is None else self.run_time_ticks // TICKS_PER_MS


FetchUserItems = Callable[[ItemsQuery], Json]  # one page of a user's listing, raw


@dataclass(frozen=True)
class UserItemsPage:
    """One page of a user's listing and the server's total for the whole listing."""

    items: list[UserItem]
    total: int | None


def user_item_pages(
    fetch: FetchUserItems, query: ItemsQuery, *, vendor: str
) -> Iterator[UserItemsPage]:
    """Yield every page of ``query`` until the listing ends; an unreadable page raises.

    One malformed item fails the page: a listing read for history or favourites must not
    lose an entry quietly.
    """
    if query.limit < 1:
        raise ValueError("page_size must be at least 1")
    start = query.start
    while True:
        body = fetch(replace(query, start=start))
        try:
            page = ItemsPage.parse(body)
            items = [_item(raw) for raw in page.items]
        except MalformedPayload as err:
            raise ServerResponseInvalid(f"{vendor} sent an unreadable item list: {err}") from err
        yield UserItemsPage(items, page.total)
        start += len(page.items)
        if not page.items:
            return
        if page.total is not None and start >= page.total:
            return
        if page.total is None and len(page.items) < query.limit:
            return


def _item(raw: object) -> UserItem:
    if not isinstance(raw, dict):
        raise MalformedPayload(f"an item is {type(raw).__name__}, not an object")
    try:
        return UserItem.parse(raw)
    except MalformedPayload as err:
        raise MalformedPayload(f"item {raw.get('Id')!r}: {err}") from err
