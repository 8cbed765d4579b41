"""Read-side queries for the household: members, history, item watch state, watchlists."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, aliased

from tendarr.persistence.household_repository import account_record, watchlist_record
from tendarr.persistence.household_tables import (
    ServerAccountRow,
    WatchEventRow,
    WatchlistEntryRow,
    WatchStateRow,
)
from tendarr.persistence.media_tables import MediaItemRow
from tendarr.persistence.tables import UserRow
from tendarr.ports.household_reads import (
    HistoryQuery,
    HistoryRow,
    Household,
    HouseholdMember,
    ItemWatch,
    WatchlistView,
)


@dataclass
class _Person:
    user_id: int | None
    username: str
    plays: int = 0
    completed: bool = False
    last: datetime | None = None
    position: int | None = None
    duration: int | None = None
    servers: set[str] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)
    episodes: set[int] = field(default_factory=set)


class SqlHouseholdReader:
    """Household queries over one session."""

    def __init__(self, session: Session) -> None:
        self._s = session

    def household(self) -> Household:
        accounts = [
            account_record(r)
            for r in self._s.scalars(
                select(ServerAccountRow).order_by(ServerAccountRow.server_id, ServerAccountRow.id)
            )
        ]
        by_user = defaultdict(list)
        for account in accounts:
            if account.user_id is not None:
                by_user[account.user_id].append(account)
        plays = dict(
            self._s.execute(
                select(ServerAccountRow.user_id, func.sum(WatchStateRow.plays))
                .join(ServerAccountRow, ServerAccountRow.id == WatchStateRow.account_id)
                .group_by(ServerAccountRow.user_id)
            ).all()
        )
        last = dict(
            self._s.execute(
                select(ServerAccountRow.user_id, func.max(WatchStateRow.last_watched_at))
                .join(ServerAccountRow, ServerAccountRow.id == WatchStateRow.account_id)
                .group_by(ServerAccountRow.user_id)
            ).all()
        )
        watchlist = dict(
            self._s.execute(
                select(
                    WatchlistEntryRow.user_id,
                    func.count(func.distinct(WatchlistEntryRow.title_key)),
                )
                .where(WatchlistEntryRow.removed_at.is_(None))
                .group_by(WatchlistEntryRow.user_id)
            ).all()
        )
        members = [
            HouseholdMember(
                user_id=u.id,
                username=u.username,
                role=u.role,
                auth_source=u.auth_source,
                accounts=by_user.get(u.id, []),
                plays=int(plays.get(u.id) or 0),
                last_watched_at=last.get(u.id),
                watchlist_size=int(watchlist.get(u.id) or 0),
            )
            for u in self._s.scalars(select(UserRow).order_by(UserRow.username))
        ]
        unlinked = [a for a in accounts if a.user_id is None and a.removed_at is None]
        return Household(members, unlinked)

    def history(self, query: HistoryQuery) -> tuple[list[HistoryRow], int]:
        item = aliased(MediaItemRow)
        show = aliased(MediaItemRow)
        base = (
            select(WatchEventRow, ServerAccountRow, UserRow.username, item, show.title)
            .join(ServerAccountRow, ServerAccountRow.id == WatchEventRow.account_id)
            .outerjoin(UserRow, UserRow.id == ServerAccountRow.user_id)
            .outerjoin(item, item.id == WatchEventRow.media_item_id)
            .outerjoin(show, show.id == item.show_id)
        )
        if query.user_id is not None:
            base = base.where(ServerAccountRow.user_id == query.user_id)
        if query.server_id:
            base = base.where(WatchEventRow.server_id == query.server_id)
        if query.source:
            base = base.where(WatchEventRow.source == query.source)
        if query.completed is not None:
            base = base.where(WatchEventRow.completed.is_(query.completed))
        if query.media_item_id is not None:
            base = base.where(
                or_(
                    item.id == query.media_item_id,
                    item.show_id == query.media_item_id,
                    item.parent_id == query.media_item_id,
                )
            )
        total = int(self._s.scalar(select(func.count()).select_from(base.subquery())) or 0)
        ordered = base.order_by(WatchEventRow.watched_at.desc(), WatchEventRow.id.desc())
        rows = []
        for event, account, username, media, show_title in self._s.execute(
            ordered.limit(query.limit).offset(query.offset)
        ):
            rows.append(
                HistoryRow(
                    id=event.id,
                    watched_at=event.watched_at,
                    user_id=account.user_id,
                    username=username,
                    account=account.username,
                    server_id=event.server_id,
                    source=event.source,
                    media_item_id=event.media_item_id,
                    title=_display_title(media, show_title, event.item_native_id),
                    kind=media.kind if media is not None else None,
                    completed=event.completed,
                    position_ms=event.position_ms,
                    duration_ms=event.duration_ms,
                    player=event.player,
                )
            )
        return rows, total

    def item_watch(self, media_id: int) -> list[ItemWatch]:
        target = self._s.get(MediaItemRow, media_id)
        if target is None:
            return []
        grouped = target.kind in {"show", "season"}
        watched = aliased(MediaItemRow)
        scope = (
            or_(watched.show_id == media_id, watched.parent_id == media_id)
            if grouped
            else watched.id == media_id
        )
        query = (
            select(WatchStateRow, ServerAccountRow, UserRow.username)
            .join(watched, watched.id == WatchStateRow.media_item_id)
            .join(ServerAccountRow, ServerAccountRow.id == WatchStateRow.account_id)
            .outerjoin(UserRow, UserRow.id == ServerAccountRow.user_id)
            .where(scope)
        )
        people: dict[tuple[str, int], _Person] = {}
        for state, account, username in self._s.execute(query):
            key = ("user", account.user_id) if account.user_id else ("account", account.id)
            person = people.setdefault(key, _Person(account.user_id, username or account.username))
            person.plays += state.plays
            person.servers.add(account.server_id)
            person.sources.update(s for s in state.sources.split(",") if s)
            if state.completed:
                person.completed = True
                person.episodes.add(state.media_item_id)
            if person.last is None or state.last_watched_at > person.last:
                person.last = state.last_watched_at
                person.position = None if grouped else state.position_ms
                person.duration = state.duration_ms
        total = None
        if grouped:
            total = int(
                self._s.scalar(
                    select(func.count())
                    .select_from(MediaItemRow)
                    .where(
                        MediaItemRow.kind == "episode",
                        MediaItemRow.removed_at.is_(None),
                        or_(MediaItemRow.show_id == media_id, MediaItemRow.parent_id == media_id),
                    )
                )
                or 0
            )
        out = [
            ItemWatch(
                user_id=p.user_id,
                username=p.username,
                plays=p.plays,
                completed=(len(p.episodes) >= (total or 0) > 0) if grouped else p.completed,
                last_watched_at=p.last,
                position_ms=p.position,
                duration_ms=p.duration,
                servers=sorted(p.servers),
                sources=sorted(p.sources),
                episodes_completed=len(p.episodes) if grouped else None,
                episodes_total=total,
            )
            for p in people.values()
            if p.last is not None
        ]
        return sorted(out, key=lambda w: w.last_watched_at, reverse=True)

    def watchlists(self, user_id: int | None = None) -> list[WatchlistView]:
        query = (
            select(WatchlistEntryRow, UserRow.username)
            .join(UserRow, UserRow.id == WatchlistEntryRow.user_id)
            .where(WatchlistEntryRow.removed_at.is_(None))
            .order_by(WatchlistEntryRow.added_at.desc(), WatchlistEntryRow.id.desc())
        )
        if user_id is not None:
            query = query.where(WatchlistEntryRow.user_id == user_id)
        return [
            WatchlistView(watchlist_record(row), username, row.media_item_id is not None)
            for row, username in self._s.execute(query)
        ]


def _display_title(media: MediaItemRow | None, show_title: str | None, native: str) -> str:
    if media is None:
        return f"(not in the library yet: {native})"
    if media.kind == "episode" and show_title:
        season = media.season_number if media.season_number is not None else 0
        episode = media.episode_number if media.episode_number is not None else 0
        return f"{show_title} — S{season:02d}E{episode:02d} — {media.title}"
    return media.title
