"""The merged library: browse with filters and sorts, open one item."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel

from tendarr.api.deps import Context, CurrentCaller
from tendarr.domain.errors import ValidationFailed
from tendarr.ports.library import LibraryQuery, LibraryRow
from tendarr.services.browse_library import LibraryBrowser

router = APIRouter(tags=["library"])


class LibraryItemOut(BaseModel):
    id: int
    kind: str
    title: str
    year: int | None
    rating: float | None
    genres: list[str]
    added_at: datetime | None
    servers: list[str]
    size: int
    resolution: str | None
    dynamic_range: str | None
    audio_profile: str | None
    tmdb_id: int | None
    tvdb_id: int | None
    imdb_id: str | None
    plays: int = 0
    last_watched_at: datetime | None = None

    @classmethod
    def of(cls, row: LibraryRow) -> LibraryItemOut:
        return cls(**asdict(row))


class LibraryPageOut(BaseModel):
    items: list[LibraryItemOut]
    total: int
    limit: int
    offset: int


class CopyOut(BaseModel):
    server_id: str
    native_id: str
    library_id: str
    added_at: datetime | None
    files: list[dict[str, Any]]


class ItemDetailOut(BaseModel):
    item: LibraryItemOut
    details: dict[str, Any]
    copies: list[CopyOut]
    children: list[LibraryItemOut]


def _browser(context: Context) -> LibraryBrowser:
    if context.library is None:
        raise ValidationFailed("the library is not available in this process")
    return context.library


@router.get("/api/library/items", summary="Browse the merged library")
def browse(
    caller: CurrentCaller,
    context: Context,
    kind: Literal["movie", "show"] | None = None,
    search: Annotated[str | None, Query(max_length=200)] = None,
    genre: Annotated[str | None, Query(max_length=64)] = None,
    decade: Annotated[int | None, Query(ge=1880, le=2100, multiple_of=10)] = None,
    min_rating: Annotated[float | None, Query(ge=0, le=10)] = None,
    resolution: Annotated[str | None, Query(max_length=16)] = None,
    dynamic_range: Annotated[str | None, Query(max_length=32)] = None,
    audio_profile: Annotated[str | None, Query(max_length=32)] = None,
    server_id: Annotated[str | None, Query(max_length=48)] = None,
    watched: Annotated[
        bool | None, Query(description="true: someone finished it; false: never watched")
    ] = None,
    sort: Literal["added", "title", "year", "rating", "size", "plays"] = "added",
    order: Literal["asc", "desc"] = "desc",
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> LibraryPageOut:
    """Return titles (movies and shows) with their best file and the servers holding them."""
    query = LibraryQuery(
        kind=kind,
        search=search,
        genre=genre,
        decade=decade,
        min_rating=min_rating,
        resolution=resolution,
        dynamic_range=dynamic_range,
        audio_profile=audio_profile,
        server_id=server_id,
        watched=watched,
        sort=sort,
        descending=order == "desc",
        limit=limit,
        offset=offset,
    )
    rows, total = _browser(context).browse(query)
    return LibraryPageOut(
        items=[LibraryItemOut.of(r) for r in rows], total=total, limit=limit, offset=offset
    )


@router.get("/api/library/items/{item_id}", summary="One item with its copies and files")
def item(item_id: int, caller: CurrentCaller, context: Context) -> ItemDetailOut:
    """Return an item, the servers that hold it with their files, and its children."""
    detail = _browser(context).item(item_id)
    return ItemDetailOut(
        item=LibraryItemOut.of(detail.row),
        details=detail.fields,
        copies=[CopyOut(**asdict(c)) for c in detail.copies],
        children=[LibraryItemOut.of(r) for r in detail.children],
    )
