"""The library tables, read and written in batches (sync touches tens of thousands)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import Table, delete, exists, func, insert, select, text, update
from sqlalchemy.engine import Row
from sqlalchemy.orm import Session

from tendarr.persistence.media_tables import MediaFileRow, MediaItemRow, ServerItemRow
from tendarr.ports.library import ChildKey, FileRecord, MediaFields, ServerItemRef

_CHUNK = 500
_LIBRARY_LOCK = 0x7E4DA23


T = TypeVar("T")


def _chunks(values: Iterable[T]) -> Iterable[list[T]]:
    batch: list[T] = []
    for value in values:
        batch.append(value)
        if len(batch) == _CHUNK:
            yield batch
            batch = []
    if batch:
        yield batch


def _values(fields: MediaFields) -> dict[str, Any]:
    return dict(vars(fields))  # shallow: the lists inside are not shared afterwards


_ITEMS: Table = MediaItemRow.__table__  # type: ignore[assignment]
_COPIES: Table = ServerItemRow.__table__  # type: ignore[assignment]
# Plain columns, not ORM entities: building an entity per row costs more than the query.
_REF_COLUMNS = (
    ServerItemRow.id,
    ServerItemRow.server_id,
    ServerItemRow.native_id,
    ServerItemRow.media_item_id,
    ServerItemRow.library_id,
    ServerItemRow.remote_updated_at,
    ServerItemRow.seen_at,
)


_RefRow = Row[int, str, str, int, str, datetime | None, datetime]


def _ref(row: _RefRow) -> ServerItemRef:
    return ServerItemRef(*row)


class SqlLibraryRepository:
    """``media_items``, ``server_items`` and ``media_files``."""

    def __init__(self, session: Session) -> None:
        self._s = session

    def lock_for_writing(self) -> None:
        # Two servers syncing at once must not both create the same canonical title.
        # SQLite's BEGIN IMMEDIATE already serialises writers; PostgreSQL needs a lock.
        if self._s.get_bind().dialect.name == "postgresql":
            self._s.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LIBRARY_LOCK})

    def server_items_by_native(
        self, server_id: str, native_ids: Iterable[str]
    ) -> dict[str, ServerItemRef]:
        found: dict[str, ServerItemRef] = {}
        for batch in _chunks(set(native_ids)):
            query = select(*_REF_COLUMNS).where(
                ServerItemRow.server_id == server_id, ServerItemRow.native_id.in_(batch)
            )
            found.update({r.native_id: _ref(r) for r in self._s.execute(query)})
        return found

    def stamps(self, server_id: str, library_id: str) -> dict[str, datetime]:
        query = select(ServerItemRow.native_id, ServerItemRow.remote_updated_at).where(
            ServerItemRow.server_id == server_id,
            ServerItemRow.library_id == library_id,
            ServerItemRow.remote_updated_at.is_not(None),
        )
        return {native: at for native, at in self._s.execute(query) if at is not None}

    def server_items_by_media(
        self, server_id: str, media_ids: Iterable[int]
    ) -> dict[int, ServerItemRef]:
        found: dict[int, ServerItemRef] = {}
        for batch in _chunks(set(media_ids)):
            # Filtered by server here, not in SQL: with ``server_id`` in the WHERE clause
            # SQLite walks every copy of the server instead of using the media_item_id index.
            query = select(*_REF_COLUMNS).where(ServerItemRow.media_item_id.in_(batch))
            found.update(
                {
                    r.media_item_id: _ref(r)
                    for r in self._s.execute(query)
                    if r.server_id == server_id
                }
            )
        return found

    def canonical_by_external(
        self, kind: str, tmdb: Iterable[int], tvdb: Iterable[int], imdb: Iterable[str]
    ) -> dict[tuple[str, int | str], int]:
        found: dict[tuple[str, int | str], int] = {}
        columns = (
            ("tmdb", MediaItemRow.tmdb_id, tmdb),
            ("tvdb", MediaItemRow.tvdb_id, tvdb),
            ("imdb", MediaItemRow.imdb_id, imdb),
        )
        for name, column, values in columns:
            for batch in _chunks(set(values)):
                query = select(column, MediaItemRow.id).where(
                    MediaItemRow.kind == kind, column.in_(batch)
                )
                for value, media_id in self._s.execute(query):
                    if value is not None:
                        found.setdefault((name, value), media_id)
        return found

    def children_of(self, show_ids: Iterable[int]) -> dict[ChildKey, int]:
        found: dict[ChildKey, int] = {}
        for batch in _chunks(set(show_ids)):
            query = select(
                MediaItemRow.show_id,
                MediaItemRow.kind,
                MediaItemRow.season_number,
                MediaItemRow.episode_number,
                MediaItemRow.id,
            ).where(MediaItemRow.show_id.in_(batch))
            for show_id, kind, season, episode, media_id in self._s.execute(query):
                if show_id is not None:
                    found[(show_id, kind, season, episode)] = media_id
        return found

    def insert_items(self, fields: list[MediaFields], now: datetime) -> list[int]:
        if not fields:
            return []
        rows = [{**_values(f), "created_at": now, "updated_at": now} for f in fields]
        return self._insert_numbered(_ITEMS, rows)

    def update_items(self, changes: list[tuple[int, MediaFields]], now: datetime) -> None:
        if not changes:
            return
        rows = []
        for media_id, f in changes:
            values = _values(f)
            values.pop("added_at")  # keep the earliest: set once, at creation
            rows.append({"id": media_id, **values, "updated_at": now, "removed_at": None})
        self._s.execute(update(MediaItemRow), rows)

    def insert_server_items(self, rows: list[dict[str, Any]]) -> list[int]:
        if not rows:
            return []
        return self._insert_numbered(_COPIES, rows)

    def _insert_numbered(self, table: Table, rows: list[dict[str, Any]]) -> list[int]:
        """Insert ``rows`` in one batch and return their new ids, in order."""
        if self._s.get_bind().dialect.name != "sqlite":
            statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
            return list(self._s.scalars(statement, rows))
        # SQLite cannot tie RETURNING rows to parameter sets, so SQLAlchemy would send one
        # INSERT per row. Every SQLite transaction here holds the write lock from its start
        # (BEGIN IMMEDIATE), so numbering after the current maximum is safe, and it is what
        # SQLite would choose itself.
        first = int(self._s.scalar(select(func.max(table.c.id))) or 0) + 1
        ids = list(range(first, first + len(rows)))
        self._s.execute(insert(table), [{**row, "id": n} for row, n in zip(rows, ids, strict=True)])
        return ids

    def update_server_items(self, rows: list[dict[str, Any]]) -> None:
        if rows:
            self._s.execute(update(ServerItemRow), rows)

    def replace_files(self, files: dict[int, list[FileRecord]]) -> None:
        for batch in _chunks(files):
            self._s.execute(delete(MediaFileRow).where(MediaFileRow.server_item_id.in_(batch)))
        rows = [
            {"server_item_id": sid, **vars(record)}
            for sid, records in files.items()
            for record in records
        ]
        if rows:
            self._s.execute(insert(MediaFileRow), rows)

    def touch_seen(self, server_item_ids: Iterable[int], seen_at: datetime) -> None:
        for batch in _chunks(server_item_ids):
            self._s.execute(
                update(ServerItemRow).where(ServerItemRow.id.in_(batch)).values(seen_at=seen_at)
            )

    def purge_unseen(self, server_id: str, library_id: str, before: datetime) -> int:
        result = self._s.execute(
            delete(ServerItemRow).where(
                ServerItemRow.server_id == server_id,
                ServerItemRow.library_id == library_id,
                ServerItemRow.seen_at < before,
            )
        )
        return int(result.rowcount)  # type: ignore[attr-defined]

    def mark_orphans_removed(self, now: datetime) -> int:
        held = exists().where(ServerItemRow.media_item_id == MediaItemRow.id)
        result = self._s.execute(
            update(MediaItemRow)
            .where(MediaItemRow.removed_at.is_(None), ~held)
            .values(removed_at=now)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]

    def counts(self) -> dict[str, int]:
        query = (
            select(MediaItemRow.kind, func.count())
            .where(MediaItemRow.removed_at.is_(None))
            .group_by(MediaItemRow.kind)
        )
        return {kind: int(n) for kind, n in self._s.execute(query)}
