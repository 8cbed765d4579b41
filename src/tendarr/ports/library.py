"""Persistence port for the library: canonical items, server copies and files."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol

from tendarr.domain.servers import ServerConfig


@dataclass(frozen=True)
class ServerItemRef:
    """A server's copy of a canonical item, as stored."""

    id: int
    server_id: str
    native_id: str
    media_item_id: int
    library_id: str
    remote_updated_at: datetime | None
    seen_at: datetime


@dataclass(frozen=True)
class MediaFields:
    """Descriptive fields of a canonical item."""

    kind: str
    title: str
    tmdb_id: int | None = None
    tvdb_id: int | None = None
    imdb_id: str | None = None
    year: int | None = None
    parent_id: int | None = None
    show_id: int | None = None
    season_number: int | None = None
    episode_number: int | None = None
    released: date | None = None
    rating: float | None = None
    critic_rating: float | None = None
    content_rating: str | None = None
    genres: list[str] = field(default_factory=list)
    studios: list[str] = field(default_factory=list)
    collections: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    cast: list[dict[str, Any]] = field(default_factory=list)
    crew: list[dict[str, Any]] = field(default_factory=list)
    added_at: datetime | None = None


@dataclass(frozen=True)
class FileRecord:
    """A file of a server copy, with its streams and classification."""

    path: str
    size: int | None
    container: str | None
    duration_ms: int | None
    video: dict[str, Any] | None
    audio: list[dict[str, Any]]
    subtitles: list[dict[str, Any]]
    resolution: str | None = None
    dynamic_range: str | None = None
    audio_profile: str | None = None


ChildKey = tuple[int, str, int | None, int | None]  # (show id, kind, season, episode)


class ServerConfigRepository(Protocol):
    """Configured media servers."""

    def all(self) -> list[ServerConfig]: ...
    def get(self, server_id: str) -> ServerConfig | None: ...
    def add(self, config: ServerConfig, now: datetime) -> None: ...
    def update(self, config: ServerConfig, now: datetime) -> None: ...
    def delete(self, server_id: str) -> bool: ...
    def record_sync(self, server_id: str, now: datetime, status: str) -> None: ...


class LibraryRepository(Protocol):
    """Batch-oriented access for sync, plus the reads the library browser needs."""

    def lock_for_writing(self) -> None: ...
    def stamps(self, server_id: str, library_id: str) -> dict[str, datetime]: ...
    def server_items_by_native(
        self, server_id: str, native_ids: Iterable[str]
    ) -> dict[str, ServerItemRef]: ...
    def server_items_by_media(
        self, server_id: str, media_ids: Iterable[int]
    ) -> dict[int, ServerItemRef]: ...
    def canonical_by_external(
        self, kind: str, tmdb: Iterable[int], tvdb: Iterable[int], imdb: Iterable[str]
    ) -> dict[tuple[str, int | str], int]: ...
    def children_of(self, show_ids: Iterable[int]) -> dict[ChildKey, int]: ...
    def insert_items(self, fields: list[MediaFields], now: datetime) -> list[int]: ...
    def update_items(self, changes: list[tuple[int, MediaFields]], now: datetime) -> None: ...
    def insert_server_items(self, rows: list[dict[str, Any]]) -> list[int]: ...
    def update_server_items(self, rows: list[dict[str, Any]]) -> None: ...
    def replace_files(self, files: dict[int, list[FileRecord]]) -> None: ...
    def touch_seen(self, server_item_ids: Iterable[int], seen_at: datetime) -> None: ...
    def purge_unseen(self, server_id: str, library_id: str, before: datetime) -> int: ...
    def mark_orphans_removed(self, now: datetime) -> int: ...
    def counts(self) -> dict[str, int]: ...


@dataclass(frozen=True)
class LibraryQuery:
    """Filters and order for the library browser."""

    kind: str | None = None  # movie | show
    search: str | None = None
    genre: str | None = None
    decade: int | None = None  # 1990 -> 1990..1999
    min_rating: float | None = None
    resolution: str | None = None
    dynamic_range: str | None = None
    audio_profile: str | None = None
    server_id: str | None = None
    watched: bool | None = None  # True: someone finished it (a show: an episode); False: never
    sort: str = "added"  # added | title | year | rating | size | plays
    descending: bool = True
    limit: int = 50
    offset: int = 0


@dataclass(frozen=True)
class LibraryRow:
    """One title in the browser list."""

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
    plays: int = 0  # household plays (a show: of its episodes)
    last_watched_at: datetime | None = None


@dataclass(frozen=True)
class CopyDetail:
    """One server's copy of an item, with its files."""

    server_id: str
    native_id: str
    library_id: str
    added_at: datetime | None
    files: list[dict[str, Any]]


@dataclass(frozen=True)
class ItemDetail:
    """Everything the item page shows."""

    row: LibraryRow
    fields: dict[str, Any]
    copies: list[CopyDetail]
    children: list[LibraryRow]


class LibraryReader(Protocol):
    """Read side of the library."""

    def browse(self, query: LibraryQuery) -> tuple[list[LibraryRow], int]: ...
    def item(self, media_id: int) -> ItemDetail | None: ...
