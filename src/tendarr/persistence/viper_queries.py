"""Batched SQL reads behind VIPER's inputs: a fixed number of queries per snapshot."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from tendarr.persistence.household_freshness import watch_problem
from tendarr.persistence.household_tables import (
    ServerAccountRow,
    WatchEventRow,
    WatchlistEntryRow,
    WatchStateRow,
)
from tendarr.persistence.lifecycle_tables import DeletionRow, ProtectionRow
from tendarr.persistence.media_tables import MediaItemRow
from tendarr.persistence.tables import UserRow
from tendarr.ports.viper_reads import EpisodeRecord, EpisodeWatch, ShowRecord, ViperSnapshot

EPISODE_FILES = "arr_episode_files"  # ports.deletions.DeletionMethod.ARR_EPISODE_FILES


def viewer_key(user_id: int | None, account_id: int) -> str:
    """Return the person key of an account: its user, or the account itself when unlinked."""
    return f"user:{user_id}" if user_id is not None else f"account:{account_id}"


class SqlViperReader:
    """VIPER's reads over one session."""

    def __init__(self, session: Session) -> None:
        self._s = session

    def show_kind(self, item_id: int) -> str | None:
        """Return the kind of a live item, or None when there is none."""
        row = self._s.get(MediaItemRow, item_id)
        return None if row is None or row.removed_at is not None else row.kind

    def snapshot(self, show_id: int | None = None) -> ViperSnapshot:
        """Return live shows (or one), their episodes, completions and unfinished plays."""
        shows_scope: ColumnElement[bool] = (MediaItemRow.kind == "show") & (
            MediaItemRow.removed_at.is_(None)
        )
        if show_id is not None:
            shows_scope = shows_scope & (MediaItemRow.id == show_id)
        shows = [
            ShowRecord(r.id, r.title, r.year, r.tvdb_id, r.tmdb_id, r.imdb_id)
            for r in self._s.scalars(select(MediaItemRow).where(shows_scope))
        ]
        show_ids = select(MediaItemRow.id).where(shows_scope)
        # Removed episodes stay: their numbers still map watch data and deletion records.
        episode_scope = (MediaItemRow.kind == "episode") & MediaItemRow.show_id.in_(show_ids)
        episodes = [
            EpisodeRecord(i, show, season, number, title)
            for i, show, season, number, title in self._s.execute(
                select(
                    MediaItemRow.id,
                    MediaItemRow.show_id,
                    MediaItemRow.season_number,
                    MediaItemRow.episode_number,
                    MediaItemRow.title,
                ).where(episode_scope)
            )
            if show is not None and season is not None and number is not None
        ]
        episode_ids = select(MediaItemRow.id).where(episode_scope)
        viewers: dict[str, str] = {}
        completions = [
            EpisodeWatch(item, self._viewer(viewers, user, account, name, login), at)
            for item, at, account, user, name, login in self._s.execute(
                select(
                    WatchEventRow.media_item_id,
                    WatchEventRow.watched_at,
                    ServerAccountRow.id,
                    ServerAccountRow.user_id,
                    UserRow.username,
                    ServerAccountRow.username,
                )
                .join(ServerAccountRow, ServerAccountRow.id == WatchEventRow.account_id)
                .outerjoin(UserRow, UserRow.id == ServerAccountRow.user_id)
                .where(
                    WatchEventRow.completed.is_(True), WatchEventRow.media_item_id.in_(episode_ids)
                )
            )
            if item is not None
        ]
        in_progress = [
            EpisodeWatch(item, self._viewer(viewers, user, account, name, login), at)
            for item, at, account, user, name, login in self._s.execute(
                select(
                    WatchStateRow.media_item_id,
                    WatchStateRow.last_watched_at,
                    ServerAccountRow.id,
                    ServerAccountRow.user_id,
                    UserRow.username,
                    ServerAccountRow.username,
                )
                .join(ServerAccountRow, ServerAccountRow.id == WatchStateRow.account_id)
                .outerjoin(UserRow, UserRow.id == ServerAccountRow.user_id)
                .where(
                    WatchStateRow.position_ms.is_not(None),
                    WatchStateRow.media_item_id.in_(episode_ids),
                )
            )
        ]
        return ViperSnapshot(
            shows=shows,
            episodes=episodes,
            completions=completions,
            in_progress=in_progress,
            viewers=viewers,
            watch_problem=watch_problem(self._s),
            protected_shows=self._protected(shows),
            watchlisted_at=self._watchlisted(show_ids),
            deleted_episodes=frozenset(
                self._s.scalars(
                    select(DeletionRow.media_item_id).where(
                        DeletionRow.media_item_id.in_(episode_ids),
                        DeletionRow.state == "done",
                        DeletionRow.method == EPISODE_FILES,
                    )
                )
            ),
        )

    @staticmethod
    def _viewer(
        names: dict[str, str], user_id: int | None, account_id: int, user: str | None, login: str
    ) -> str:
        key = viewer_key(user_id, account_id)
        names.setdefault(key, user or login)
        return key

    def _protected(self, shows: list[ShowRecord]) -> frozenset[int]:
        keys: dict[str, int] = {}
        for show in shows:
            for name, value in (("tmdb", show.tmdb_id), ("tvdb", show.tvdb_id)):
                if value is not None:
                    keys[f"{name}:{value}"] = show.id
            if show.imdb_id:
                keys[f"imdb:{show.imdb_id}"] = show.id
        ids = {s.id for s in shows}
        found: set[int] = set()
        for item, key in self._s.execute(
            select(ProtectionRow.media_item_id, ProtectionRow.ids_key).where(
                or_(
                    ProtectionRow.media_item_id.in_(list(ids)),
                    ProtectionRow.ids_key.in_(list(keys)),
                )
            )
        ):
            if item in ids:
                found.add(item)
            if key in keys:
                found.add(keys[key])
        return frozenset(found)

    def _watchlisted(self, show_ids: Any) -> dict[int, datetime]:
        return {
            item: at
            for item, at in self._s.execute(
                select(WatchlistEntryRow.media_item_id, func.max(WatchlistEntryRow.added_at))
                .where(
                    WatchlistEntryRow.removed_at.is_(None),
                    WatchlistEntryRow.media_item_id.in_(show_ids),
                )
                .group_by(WatchlistEntryRow.media_item_id)
            )
            if item is not None and at is not None
        }
