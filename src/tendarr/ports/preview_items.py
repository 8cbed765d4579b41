"""Read side for preview placement: which server item holds a file, from the library tables."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from types import TracebackType
from typing import Protocol, Self

from tendarr.ports.library import ServerConfigRepository


@dataclass(frozen=True)
class IndexedFile:
    """A file a server's item holds, as the last library sync stored it."""

    server_id: str
    native_id: str  # Plex ratingKey, Jellyfin/Emby ItemId
    library_id: str
    kind: str  # movie | episode
    path: str  # as the server sees it


class PreviewItemReader(Protocol):
    """Find server items by the path of their files."""

    def files_at(self, server_id: str, paths: Collection[str]) -> list[IndexedFile]:
        """Return the server's stored files whose path is one of ``paths`` (exact match)."""
        ...


class PreviewUnitOfWork(Protocol):
    """The part of a unit of work preview placement reads: servers and indexed files."""

    servers: ServerConfigRepository
    preview_items: PreviewItemReader

    def __enter__(self) -> Self: ...
    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...


class PreviewUnitOfWorkFactory(Protocol):
    """Start a unit of work that can read indexed files."""

    def __call__(self) -> PreviewUnitOfWork: ...
