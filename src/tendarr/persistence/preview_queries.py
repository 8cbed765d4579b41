"""Find server items by file path for preview placement, and a unit of work that offers it."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.orm import Session

from tendarr.persistence.media_tables import MediaFileRow, ServerItemRow
from tendarr.ports.preview_items import IndexedFile

_CHUNK = 500  # bound parameters per query, well under SQLite's and PostgreSQL's limits


class SqlPreviewItemReader:
    """The PreviewItemReader over ``media_files`` joined to ``server_items``."""

    def __init__(self, session: Session) -> None:
        self._s = session

    def files_at(self, server_id: str, paths: Collection[str]) -> list[IndexedFile]:
        """Return the server's stored files whose path is one of ``paths``, oldest first."""
        wanted = list(dict.fromkeys(paths))
        found: list[IndexedFile] = []
        for start in range(0, len(wanted), _CHUNK):
            query = (
                select(
                    ServerItemRow.native_id,
                    ServerItemRow.library_id,
                    ServerItemRow.kind,
                    MediaFileRow.path,
                )
                .join(ServerItemRow, ServerItemRow.id == MediaFileRow.server_item_id)
                .where(
                    ServerItemRow.server_id == server_id,
                    MediaFileRow.path.in_(wanted[start : start + _CHUNK]),
                )
                .order_by(MediaFileRow.id)
            )
            found.extend(
                IndexedFile(server_id, native, library, kind, path)
                for native, library, kind, path in self._s.execute(query)
            )
        return found
