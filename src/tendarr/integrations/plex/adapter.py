"""The MediaServer port for Plex Media Server."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime

from tendarr.domain.media import (
    ItemProblem,
    LibraryPage,
    RemoteItem,
    RemoteLibrary,
    ServerIdentity,
    ServerKind,
)
from tendarr.integrations.plex.client import TYPE_NUMBERS, PlexClient, PlexRequestRefused
from tendarr.integrations.plex.items import remote_item
from tendarr.integrations.plex.models import (
    PlexMetadata,
    PlexMetadataPage,
    PlexPayloadError,
    PlexSection,
    PlexUnreadable,
)
from tendarr.ports.media_server import MediaServerError, ServerResponseInvalid

# Parents before children, so a sync can link seasons and episodes as they arrive.
LISTED_TYPES: dict[str, tuple[int, ...]] = {
    "movie": (TYPE_NUMBERS["movie"],),
    "show": (TYPE_NUMBERS["show"], TYPE_NUMBERS["season"], TYPE_NUMBERS["episode"]),
}
DETAIL_BATCH = 50

Entry = PlexMetadata | PlexUnreadable


class PlexLibraryNotFound(MediaServerError):
    """The server has no library section with the requested id."""


class PlexServer:
    """One Plex Media Server, read through a PlexClient."""

    def __init__(
        self, server_id: str, client: PlexClient, *, detail_batch: int = DETAIL_BATCH
    ) -> None:
        self.server_id = server_id
        self._client = client
        self._detail_batch = max(1, detail_batch)

    def identity(self) -> ServerIdentity:
        """Return the server's identity; ``GET /`` needs the token, so this tests it too."""
        info = self._client.server_info()
        return ServerIdentity(
            kind=ServerKind.PLEX,
            name=info.friendly_name or info.machine_identifier,
            machine_id=info.machine_identifier,
            version=info.version,
        )

    def libraries(self) -> list[RemoteLibrary]:
        """Return every section; kind is Plex's type ("movie", "show", "artist", "photo")."""
        return [
            RemoteLibrary(id=s.key, name=s.title, kind=s.type, locations=s.locations)
            for s in self._client.sections()
        ]

    def iter_library(
        self,
        library_id: str,
        *,
        changed_since: datetime | None = None,
        page_size: int = 200,
        known: Mapping[str, datetime] | None = None,
    ) -> Iterator[LibraryPage]:
        """Yield pages of a section: movies, or shows, then seasons, then episodes.

        Episode ``ids`` are the episode's own TMDB/TVDB ids (never the series'). Every
        failure to read a whole page raises, so a caller never mistakes a partial
        traversal for a complete one; ``LibraryPage.total`` counts what the server said
        the whole traversal holds when it started.
        """
        if page_size < 1:
            raise ValueError("page_size must be positive")
        since = _epoch(changed_since)
        section = self._section(library_id)
        types = LISTED_TYPES.get(section.type, ())
        # One listing per type; for several, count them all first so every page can say
        # how many items the whole traversal holds (None when the server will not say).
        total: int | None = None
        if len(types) > 1:
            counts = [self._count(section.key, t, since) for t in types]
            total = None if None in counts else sum(c or 0 for c in counts)
        stamps = {key: int(at.timestamp()) for key, at in (known or {}).items()}
        for plex_type in types:
            yield from self._walk(
                section, plex_type, since, page_size, total, len(types) > 1, stamps
            )

    def _section(self, library_id: str) -> PlexSection:
        for section in self._client.sections():
            if section.key == library_id:
                return section
        raise PlexLibraryNotFound(f"Plex has no library with id {library_id}")

    def _count(self, key: str, plex_type: int, since: int | None) -> int | None:
        page = self._client.section_items(key, plex_type, start=0, size=0, updated_since=since)
        return page.total_size

    def _walk(
        self,
        section: PlexSection,
        plex_type: int,
        since: int | None,
        size: int,
        total: int | None,
        counted: bool,
        stamps: Mapping[str, int],
    ) -> Iterator[LibraryPage]:
        start = 0
        while True:
            page = self._client.section_items(
                section.key, plex_type, start=start, size=size, updated_since=since
            )
            if page.offset != start:
                raise ServerResponseInvalid(f"Plex answered offset {page.offset} for {start}")
            if not page.entries and page.total_size is not None and start < page.total_size:
                raise ServerResponseInvalid(
                    f"Plex listed {page.total_size} items but sent none from offset {start}"
                )
            page_total = total if counted else page.total_size
            yield self._library_page(section.key, page, since, page_total, stamps)
            start += len(page.entries)
            # Trust totalSize only; ``size`` is this page's count (mistaking it for the
            # total truncates the traversal). Without a total, a short page is the end.
            done = len(page.entries) < size if page.total_size is None else start >= page.total_size
            if done:
                return

    def _library_page(
        self,
        library_id: str,
        page: PlexMetadataPage,
        since: int | None,
        total: int | None,
        stamps: Mapping[str, int],
    ) -> LibraryPage:
        # Backstop for a server that ignores ``updatedAt>>=``: skip what it did not change.
        entries = [e for e in page.entries if not _unchanged(e, since)]
        # Details (streams) only for items the caller does not already hold at this stamp.
        details = self._details(
            [
                e.rating_key
                for e in entries
                if isinstance(e, PlexMetadata) and e.lacks_streams and not _known(e, stamps)
            ]
        )
        items: list[RemoteItem] = []
        problems: list[ItemProblem] = []
        for entry in entries:
            if (
                isinstance(entry, PlexMetadata)
                and entry.lacks_streams
                and not _known(entry, stamps)
            ):
                entry = details.get(
                    entry.rating_key,
                    PlexUnreadable(entry.rating_key, "Plex no longer returns this item"),
                )
            if isinstance(entry, PlexUnreadable):
                problems.append(ItemProblem(self.server_id, entry.rating_key, entry.reason))
                continue
            try:
                items.append(remote_item(self.server_id, library_id, entry))
            except PlexPayloadError as err:
                problems.append(ItemProblem(self.server_id, entry.rating_key, str(err)))
        return LibraryPage(items=items, problems=problems, total=total)

    def _details(self, rating_keys: Sequence[str]) -> dict[str, Entry]:
        found: dict[str, Entry] = {}
        for n in range(0, len(rating_keys), self._detail_batch):
            found.update(self._fetch(rating_keys[n : n + self._detail_batch]))
        return found

    def _fetch(self, batch: Sequence[str]) -> dict[str, Entry]:
        """Return full metadata; split a batch PMS refuses (one item may have gone)."""
        try:
            page = self._client.metadata(batch)
        except PlexRequestRefused as err:
            if len(batch) == 1:
                return {batch[0]: PlexUnreadable(batch[0], f"Plex refused its details: {err}")}
            half = len(batch) // 2
            return {**self._fetch(batch[:half]), **self._fetch(batch[half:])}
        return {e.rating_key: e for e in page.entries if e.rating_key is not None}


def _epoch(at: datetime | None) -> int | None:
    if at is None:
        return None
    if at.tzinfo is None:
        raise ValueError("changed_since must be timezone-aware")
    return int(at.timestamp())


def _known(entry: PlexMetadata, stamps: Mapping[str, int]) -> bool:
    return entry.updated_at is not None and stamps.get(entry.rating_key or "") == entry.updated_at


def _unchanged(entry: Entry, since: int | None) -> bool:
    return (
        since is not None
        and isinstance(entry, PlexMetadata)
        and entry.updated_at is not None
        and entry.updated_at < since
    )
