"""Browse the merged library and open one item."""

from __future__ import annotations

from tendarr.domain.errors import NotFound
from tendarr.ports.library import ItemDetail, LibraryQuery, LibraryRow
from tendarr.ports.repositories import UnitOfWorkFactory


class LibraryBrowser:
    """Read the library the way the browser pages need it."""

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    def browse(self, query: LibraryQuery) -> tuple[list[LibraryRow], int]:
        """Return one page of titles and the total matching."""
        with self._uow() as uow:
            return uow.reader.browse(query)

    def item(self, media_id: int) -> ItemDetail:
        """Return one item with its copies, files and children."""
        with self._uow() as uow:
            detail = uow.reader.item(media_id)
        if detail is None:
            raise NotFound(f"item {media_id} does not exist")
        return detail
