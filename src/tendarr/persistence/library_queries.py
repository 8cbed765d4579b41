"""Read-side queries for the library browser and the item page."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from sqlalchemy import Select, Text, cast, func, or_, select
from sqlalchemy.orm import Session, aliased

from tendarr.persistence.household_tables import WatchStateRow
from tendarr.persistence.media_tables import MediaFileRow, MediaItemRow, ServerItemRow
from tendarr.ports.library import CopyDetail, ItemDetail, LibraryQuery, LibraryRow

_SORTS = {
    "added": MediaItemRow.added_at,
    "title": func.lower(MediaItemRow.title),
    "year": MediaItemRow.year,
    "rating": MediaItemRow.rating,
}


class SqlLibraryReader:
    """Browse canonical items with their best file and the servers that hold them."""

    def __init__(self, session: Session) -> None:
        self._s = session

    def browse(self, query: LibraryQuery) -> tuple[list[LibraryRow], int]:
        base = select(MediaItemRow.id).where(
            MediaItemRow.removed_at.is_(None),
            MediaItemRow.kind.in_([query.kind] if query.kind else ["movie", "show"]),
        )
        base = self._filters(base, query)
        total = int(self._s.scalar(select(func.count()).select_from(base.subquery())) or 0)
        ordered = self._order(base, query).limit(query.limit).offset(query.offset)
        ids = list(self._s.scalars(ordered))
        rows = self._rows(ids)
        return [rows[i] for i in ids if i in rows], total

    def item(self, media_id: int) -> ItemDetail | None:
        row = self._s.get(MediaItemRow, media_id)
        if row is None:
            return None
        summary = self._rows([media_id])[media_id]
        copies = []
        query = select(ServerItemRow).where(ServerItemRow.media_item_id == media_id)
        for copy in self._s.scalars(query.order_by(ServerItemRow.server_id)):
            files = self._s.scalars(
                select(MediaFileRow).where(MediaFileRow.server_item_id == copy.id)
            )
            copies.append(
                CopyDetail(
                    copy.server_id,
                    copy.native_id,
                    copy.library_id,
                    copy.added_at,
                    [_file(f) for f in files],
                )
            )
        children_ids = list(
            self._s.scalars(
                select(MediaItemRow.id)
                .where(MediaItemRow.parent_id == media_id, MediaItemRow.removed_at.is_(None))
                .order_by(MediaItemRow.season_number, MediaItemRow.episode_number)
            )
        )
        child_rows = self._rows(children_ids)
        fields = {
            "released": row.released.isoformat() if row.released else None,
            "content_rating": row.content_rating,
            "critic_rating": row.critic_rating,
            "studios": row.studios,
            "collections": row.collections,
            "labels": row.labels,
            "cast": row.cast,
            "crew": row.crew,
            "season_number": row.season_number,
            "episode_number": row.episode_number,
            "parent_id": row.parent_id,
            "show_id": row.show_id,
        }
        return ItemDetail(summary, fields, copies, [child_rows[i] for i in children_ids])

    def _filters(self, base: Select[Any], q: LibraryQuery) -> Select[Any]:
        if q.search:
            base = base.where(MediaItemRow.title.ilike(f"%{q.search}%"))
        if q.decade is not None:
            base = base.where(MediaItemRow.year >= q.decade, MediaItemRow.year < q.decade + 10)
        if q.min_rating is not None:
            base = base.where(MediaItemRow.rating >= q.min_rating)
        if q.genre:
            # JSON arrays: a portable containment test on the serialised list.
            base = base.where(
                func.lower(cast(MediaItemRow.genres, Text)).contains(f'"{q.genre.lower()}"')
            )
        if q.server_id:
            base = base.where(_holds(q.server_id))
        if q.watched is not None:
            watched = MediaItemRow.id.in_(_watched_titles())
            base = base.where(watched if q.watched else ~watched)
        file_filters = [
            (MediaFileRow.resolution, q.resolution),
            (MediaFileRow.dynamic_range, q.dynamic_range),
            (MediaFileRow.audio_profile, q.audio_profile),
        ]
        for column, value in file_filters:
            if value:
                base = base.where(MediaItemRow.id.in_(_items_with_file(column == value)))
        return base

    def _order(self, base: Select[Any], q: LibraryQuery) -> Select[Any]:
        if q.sort == "size":
            child = aliased(MediaItemRow)
            # The average copy: equal to one copy's size when the servers hold the same
            # files (a per-server maximum would need a LATERAL join).
            copies = func.count(func.distinct(ServerItemRow.server_id))
            key: Any = (
                select(
                    func.coalesce(func.sum(MediaFileRow.size), 0)
                    / func.coalesce(func.nullif(copies, 0), 1)
                )
                .join(ServerItemRow, ServerItemRow.id == MediaFileRow.server_item_id)
                .join(child, child.id == ServerItemRow.media_item_id)
                .where(func.coalesce(child.show_id, child.id) == MediaItemRow.id)
                .correlate(MediaItemRow)
                .scalar_subquery()
            )
        elif q.sort == "plays":
            key = _plays_of_title()
        else:
            key = _SORTS.get(q.sort, MediaItemRow.added_at)
        order = key.desc().nulls_last() if q.descending else key.asc().nulls_last()
        return base.order_by(order, MediaItemRow.id)

    def _rows(self, ids: list[int]) -> dict[int, LibraryRow]:
        if not ids:
            return {}
        wanted = set(ids)
        items = {
            r.id: r for r in self._s.scalars(select(MediaItemRow).where(MediaItemRow.id.in_(ids)))
        }
        # A title's files live on itself, or on the episodes below it (a season's are its
        # parent's children, a show's carry its show_id): credit each file to every
        # requested item it belongs to.
        covered = select(MediaItemRow.id, MediaItemRow.parent_id, MediaItemRow.show_id).where(
            or_(
                MediaItemRow.id.in_(ids),
                MediaItemRow.parent_id.in_(ids),
                MediaItemRow.show_id.in_(ids),
            )
        )
        owners: dict[int, list[int]] = {
            item_id: [x for x in (item_id, parent, show) if x in wanted]
            for item_id, parent, show in self._s.execute(covered)
        }
        servers: dict[int, set[str]] = defaultdict(set)
        per_copy: dict[tuple[int, str], int] = defaultdict(int)
        best: dict[int, MediaFileRow] = {}
        query = (
            select(ServerItemRow.media_item_id, ServerItemRow.server_id, MediaFileRow)
            .outerjoin(MediaFileRow, MediaFileRow.server_item_id == ServerItemRow.id)
            .where(ServerItemRow.media_item_id.in_(list(owners)))
        )
        for media_id, server_id, file in self._s.execute(query):
            for owner in owners.get(media_id, []):
                servers[owner].add(server_id)
                if file is not None:
                    per_copy[(owner, server_id)] += file.size or 0
                    if owner not in best or _rank(file) > _rank(best[owner]):
                        best[owner] = file
        # Size is what one server's copy takes, not the sum over servers holding it.
        sizes: dict[int, int] = defaultdict(int)
        for (owner, _server), size in per_copy.items():
            sizes[owner] = max(sizes[owner], size)
        watch = self._watch_totals(owners)
        return {
            i: LibraryRow(
                id=i,
                kind=r.kind,
                title=r.title,
                year=r.year,
                rating=r.rating,
                genres=list(r.genres or []),
                added_at=r.added_at,
                servers=sorted(servers.get(i, set())),
                size=sizes.get(i, 0),
                resolution=best[i].resolution if i in best else None,
                dynamic_range=best[i].dynamic_range if i in best else None,
                audio_profile=best[i].audio_profile if i in best else None,
                tmdb_id=r.tmdb_id,
                tvdb_id=r.tvdb_id,
                imdb_id=r.imdb_id,
                plays=watch[i][0] if i in watch else 0,
                last_watched_at=watch[i][1] if i in watch else None,
            )
            for i, r in items.items()
        }

    def _watch_totals(self, owners: dict[int, list[int]]) -> dict[int, tuple[int, datetime]]:
        """Household plays and last viewing per requested title (shows: their episodes)."""
        totals: dict[int, tuple[int, datetime]] = {}
        query = select(
            WatchStateRow.media_item_id, WatchStateRow.plays, WatchStateRow.last_watched_at
        ).where(WatchStateRow.media_item_id.in_(list(owners)))
        for media_id, plays, last in self._s.execute(query):
            for owner in owners.get(media_id, []):
                count, latest = totals.get(owner, (0, last))
                totals[owner] = (count + plays, max(latest, last))
        return totals


def _holds(server_id: str) -> Any:
    return MediaItemRow.id.in_(
        select(ServerItemRow.media_item_id)
        .where(ServerItemRow.server_id == server_id)
        .union(
            select(MediaItemRow.show_id)
            .join(ServerItemRow, ServerItemRow.media_item_id == MediaItemRow.id)
            .where(ServerItemRow.server_id == server_id, MediaItemRow.show_id.is_not(None))
        )
    )


def _watched_titles() -> Any:
    """Titles someone finished: the item itself, or (shows) any of its episodes."""
    return (
        select(func.coalesce(MediaItemRow.show_id, MediaItemRow.id))
        .join(WatchStateRow, WatchStateRow.media_item_id == MediaItemRow.id)
        .where(WatchStateRow.completed.is_(True))
    )


def _plays_of_title() -> Any:
    watched = aliased(MediaItemRow)
    return (
        select(func.coalesce(func.sum(WatchStateRow.plays), 0))
        .join(watched, watched.id == WatchStateRow.media_item_id)
        .where(func.coalesce(watched.show_id, watched.id) == MediaItemRow.id)
        .correlate(MediaItemRow)
        .scalar_subquery()
    )


def _items_with_file(condition: Any) -> Any:
    holder = func.coalesce(MediaItemRow.show_id, MediaItemRow.id)
    return (
        select(holder)
        .join(ServerItemRow, ServerItemRow.media_item_id == MediaItemRow.id)
        .join(MediaFileRow, MediaFileRow.server_item_id == ServerItemRow.id)
        .where(condition)
    )


_RES_RANK = {"2160p": 6, "1440p": 5, "1080p": 4, "720p": 3, "576p": 2, "480p": 1, "SD": 0}


def _rank(file: MediaFileRow) -> tuple[int, int]:
    return (_RES_RANK.get(file.resolution or "", -1), file.size or 0)


def _file(row: MediaFileRow) -> dict[str, Any]:
    return {
        "path": row.path,
        "size": row.size,
        "container": row.container,
        "duration_ms": row.duration_ms,
        "resolution": row.resolution,
        "dynamic_range": row.dynamic_range,
        "audio_profile": row.audio_profile,
        "video": row.video,
        "audio": row.audio,
        "subtitles": row.subtitles,
    }
