"""SQL implementation of protections and the library items they cover."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, delete, false, or_, select
from sqlalchemy.orm import Session

from tendarr.domain.errors import NotFound
from tendarr.persistence.lifecycle_tables import ProtectionRow
from tendarr.persistence.media_tables import MediaItemRow
from tendarr.persistence.tables import UserRow
from tendarr.ports.protections import NewProtection, Protection

_COLUMNS = {
    "tmdb": MediaItemRow.tmdb_id,
    "tvdb": MediaItemRow.tvdb_id,
    "imdb": MediaItemRow.imdb_id,
}


def _protection(row: ProtectionRow, username: str | None = None) -> Protection:
    return Protection(
        id=row.id,
        ids_key=row.ids_key,
        ids=dict(row.ids),
        kind=row.kind,
        title=row.title,
        media_item_id=row.media_item_id,
        reason=row.reason,
        protected_by=row.protected_by,
        created_at=row.created_at,
        arr_status=dict(row.arr_status or {}),
        protected_by_name=username,
    )


def _key_match(kind: str, ids_key: str) -> ColumnElement[bool]:
    """Items of ``kind`` that carry the id named by ``ids_key`` (``tmdb:603``, ``item:7``)."""
    name, _, value = ids_key.partition(":")
    if name == "item" and value.isdigit():
        return MediaItemRow.id == int(value)
    column = _COLUMNS.get(name)
    if column is None or not value:
        return false()
    typed: Any = value if name == "imdb" else int(value) if value.isdigit() else None
    if typed is None:
        return false()
    matched: ColumnElement[bool] = (MediaItemRow.kind == kind) & (column == typed)
    return matched


def _joined() -> Select[ProtectionRow, str]:
    return select(ProtectionRow, UserRow.username).outerjoin(
        UserRow, UserRow.id == ProtectionRow.protected_by
    )


class SqlProtectionRepository:
    """Protections over one session."""

    def __init__(self, session: Session) -> None:
        self._s = session

    def add(self, new: NewProtection) -> Protection:
        """Store a protection (the caller checked that its key is free)."""
        row = ProtectionRow(
            ids_key=new.ids_key,
            ids=dict(new.ids),
            kind=new.kind,
            title=new.title,
            media_item_id=new.media_item_id,
            reason=new.reason,
            protected_by=new.protected_by,
            created_at=new.created_at,
            arr_status={},
        )
        self._s.add(row)
        self._s.flush()
        return _protection(row)

    def by_key(self, ids_key: str) -> Protection | None:
        """Return the protection with this stable key, or None."""
        found = self._s.execute(_joined().where(ProtectionRow.ids_key == ids_key)).first()
        return None if found is None else _protection(found[0], found[1])

    def covering(self, media_item_id: int) -> Protection | None:
        """Return the protection of an item, or of the show a season or episode belongs to."""
        item = self._s.get(MediaItemRow, media_item_id)
        if item is None:
            return None
        top = self._s.get(MediaItemRow, item.show_id) if item.show_id is not None else item
        if top is None:
            return None
        keys = [f"item:{top.id}"] + [
            f"{name}:{value}"
            for name, value in (("tmdb", top.tmdb_id), ("tvdb", top.tvdb_id), ("imdb", top.imdb_id))
            if value is not None
        ]
        found = self._s.execute(
            _joined()
            .where(
                or_(
                    ProtectionRow.media_item_id == top.id,
                    (ProtectionRow.kind == top.kind) & ProtectionRow.ids_key.in_(keys),
                )
            )
            .order_by(ProtectionRow.id)
        ).first()
        return None if found is None else _protection(found[0], found[1])

    def listing(self) -> list[Protection]:
        """Return every protection with who made it, newest first."""
        query = _joined().order_by(ProtectionRow.created_at.desc(), ProtectionRow.id.desc())
        return [_protection(row, name) for row, name in self._s.execute(query)]

    def delete(self, protection_id: int) -> bool:
        """Remove a protection; return whether it existed."""
        result = self._s.execute(delete(ProtectionRow).where(ProtectionRow.id == protection_id))
        self._s.flush()
        return bool(getattr(result, "rowcount", 0))

    def set_arr_status(self, protection_id: int, status: dict[str, Any]) -> None:
        """Record what Sonarr/Radarr did for a protection."""
        row = self._s.get(ProtectionRow, protection_id)
        if row is None:
            raise NotFound(f"protection {protection_id} does not exist")
        row.arr_status = dict(status)
        self._s.flush()

    def protected_item_ids(self) -> set[int]:
        """Return every library item a protection covers: titles and their seasons/episodes."""
        rows = list(self._s.scalars(select(ProtectionRow)))
        if not rows:
            return set()
        matches = [_key_match(row.kind, row.ids_key) for row in rows]
        direct = {row.media_item_id for row in rows if row.media_item_id is not None}
        for row in rows:
            for name, value in row.ids.items():
                if name in _COLUMNS and value not in (None, ""):
                    matches.append((MediaItemRow.kind == row.kind) & (_COLUMNS[name] == value))
        tops = set(self._s.scalars(select(MediaItemRow.id).where(or_(*matches)))) | direct
        tops = set(
            self._s.scalars(
                select(MediaItemRow.id).where(
                    MediaItemRow.id.in_(tops), MediaItemRow.kind.in_(("movie", "show"))
                )
            )
        )
        if not tops:
            return set()
        children = self._s.scalars(select(MediaItemRow.id).where(MediaItemRow.show_id.in_(tops)))
        return tops | set(children)
