"""Batched SQL reads behind the cleanup facts: a fixed number of queries per snapshot."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import ColumnElement, Select, or_, select
from sqlalchemy.orm import Session, sessionmaker

from tendarr.persistence.household_freshness import watch_problem
from tendarr.persistence.household_tables import (
    ServerAccountRow,
    WatchlistEntryRow,
    WatchStateRow,
)
from tendarr.persistence.media_tables import MediaFileRow, MediaItemRow, ServerItemRow
from tendarr.persistence.tables import UserRow
from tendarr.ports.cleanup_facts import (
    CopyFacts,
    FileFacts,
    ItemFacts,
    LibrarySnapshot,
    WatchFacts,
    WatchlistGap,
)

_TV = ("show", "season", "episode")


def _texts(raw: list[Any] | None) -> tuple[str, ...]:
    return tuple(str(member) for member in raw or () if isinstance(member, str))


class SqlCleanupFacts:
    """Reads one snapshot per call in its own short read transaction."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def snapshot(self, tv: bool, roots: Collection[int] | None = None) -> LibrarySnapshot:
        """Return the stored facts of movies, or of shows with their seasons and episodes."""
        scope = _scope(tv, roots)
        ids = select(MediaItemRow.id).where(scope)
        with self._sessions() as s:
            items = [_item(row) for row in s.scalars(select(MediaItemRow).where(scope))]
            copies = [
                CopyFacts(copy_id, item_id, server, library)
                for copy_id, item_id, server, library in s.execute(
                    select(
                        ServerItemRow.id,
                        ServerItemRow.media_item_id,
                        ServerItemRow.server_id,
                        ServerItemRow.library_id,
                    ).where(ServerItemRow.media_item_id.in_(ids))
                )
            ]
            files = [_file(*row) for row in s.execute(_files(ids))]
            watch = [
                WatchFacts(
                    state.media_item_id,
                    state.account_id,
                    user_id,
                    state.plays,
                    state.completed,
                    state.last_watched_at,
                    state.position_ms is not None,
                )
                for state, user_id in s.execute(
                    select(WatchStateRow, ServerAccountRow.user_id)
                    .join(ServerAccountRow, ServerAccountRow.id == WatchStateRow.account_id)
                    .where(WatchStateRow.media_item_id.in_(ids))
                )
            ]
            watchlisted = [
                (item_id, user_id)
                for item_id, user_id in s.execute(
                    select(WatchlistEntryRow.media_item_id, WatchlistEntryRow.user_id).where(
                        WatchlistEntryRow.removed_at.is_(None),
                        WatchlistEntryRow.media_item_id.in_(ids),
                    )
                )
                if item_id is not None
            ]
            active, gaps = _members(s)
            problem = watch_problem(s)
        never = problem is not None and "never synced" in problem
        return LibrarySnapshot(
            items, copies, files, watch, watchlisted, active, gaps, not never,
            None if never else problem,
        )  # fmt: skip

    def root_of(self, item_id: int) -> tuple[str, int] | None:
        """Return the item's kind and its movie or show id, or None when it is not stored."""
        with self._sessions() as s:
            row = s.get(MediaItemRow, item_id)
            if row is None or row.removed_at is not None:
                return None
            root = row.id if row.kind in {"movie", "show"} else row.show_id
            return (row.kind, root) if root is not None else None


def _scope(tv: bool, roots: Collection[int] | None) -> ColumnElement[bool]:
    live = MediaItemRow.removed_at.is_(None)
    if not tv:
        kinds = MediaItemRow.kind == "movie"
        if roots is None:
            return kinds & live
        return kinds & live & MediaItemRow.id.in_(list(roots))
    kinds = MediaItemRow.kind.in_(_TV)
    if roots is None:
        return kinds & live
    chosen = list(roots)
    return kinds & live & or_(MediaItemRow.id.in_(chosen), MediaItemRow.show_id.in_(chosen))


def _item(row: MediaItemRow) -> ItemFacts:
    return ItemFacts(
        id=row.id,
        kind=row.kind,
        title=row.title,
        show_id=row.show_id,
        parent_id=row.parent_id,
        year=row.year,
        released=row.released,
        added_at=row.added_at,
        content_rating=row.content_rating,
        genres=_texts(row.genres),
        studios=_texts(row.studios),
        collections=_texts(row.collections),
        labels=_texts(row.labels),
        tmdb_id=row.tmdb_id,
        tvdb_id=row.tvdb_id,
        season_number=row.season_number,
    )


def _files(ids: Select[Any]) -> Select[Any]:
    return (
        select(
            MediaFileRow.server_item_id,
            ServerItemRow.media_item_id,
            ServerItemRow.server_id,
            MediaFileRow.size,
            MediaFileRow.resolution,
            MediaFileRow.dynamic_range,
            MediaFileRow.audio_profile,
            MediaFileRow.video,
        )
        .join(ServerItemRow, ServerItemRow.id == MediaFileRow.server_item_id)
        .where(ServerItemRow.media_item_id.in_(ids))
    )


def _file(
    copy_id: int,
    item_id: int,
    server_id: str,
    size: int | None,
    resolution: str | None,
    dynamic_range: str | None,
    audio_profile: str | None,
    video: dict[str, Any] | None,
) -> FileFacts:
    codec = video.get("codec") if isinstance(video, dict) else None
    return FileFacts(
        copy_id,
        item_id,
        server_id,
        size,
        resolution,
        dynamic_range,
        audio_profile,
        codec.lower() if isinstance(codec, str) and codec else None,
    )


def _members(s: Session) -> tuple[frozenset[int], list[WatchlistGap]]:
    """Active members (a user with a live, enabled linked account) and unread watchlists."""
    rows = s.execute(
        select(ServerAccountRow, UserRow.username)
        .join(UserRow, UserRow.id == ServerAccountRow.user_id)
        .where(ServerAccountRow.removed_at.is_(None), ServerAccountRow.disabled.is_(False))
    ).all()
    gaps: list[WatchlistGap] = []
    for account, username in rows:
        assert account.user_id is not None
        if account.watchlist_checked_at is None:
            gaps.append(WatchlistGap(account.user_id, username, "never read"))
        elif account.watchlist_problem:
            gaps.append(WatchlistGap(account.user_id, username, account.watchlist_problem))
    return frozenset(a.user_id for a, _ in rows if a.user_id is not None), gaps
