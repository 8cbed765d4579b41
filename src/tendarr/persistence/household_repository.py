"""SQL implementation of the household write side (accounts, events, state, watchlists)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import and_, func, insert, or_, select, update
from sqlalchemy.orm import Session

from tendarr.domain.household import (
    AccountKind,
    RemoteAccount,
    RemotePlay,
    RemoteWatchEntry,
    WatchlistMethod,
    fold_plays,
    title_key,
)
from tendarr.domain.media import ExternalIds, ItemKind
from tendarr.persistence.household_tables import (
    ServerAccountRow,
    WatchEventRow,
    WatchlistEntryRow,
    WatchStateRow,
)
from tendarr.persistence.media_tables import MediaItemRow, ServerItemRow
from tendarr.ports.household_store import AccountItem, AccountRecord, WatchlistRecord
from tendarr.security.secretbox import SecretBox

_CHUNK = 500
_Play = tuple[str, bool, datetime, int | None, int | None, int | None]


def account_record(row: ServerAccountRow) -> AccountRecord:
    """Return the port record of an account row."""
    return AccountRecord(
        id=row.id,
        server_id=row.server_id,
        native_id=row.native_id,
        username=row.username,
        kind=AccountKind(row.kind),
        email=row.email,
        display_name=row.display_name,
        disabled=row.disabled,
        plex_uuid=row.plex_uuid,
        user_id=row.user_id,
        linked_by=row.linked_by,
        has_user_token=bool(row.user_token),
        watchlist_method=WatchlistMethod(row.watchlist_method) if row.watchlist_method else None,
        watchlist_checked_at=row.watchlist_checked_at,
        watchlist_problem=row.watchlist_problem,
        first_seen_at=row.first_seen_at,
        last_seen_at=row.last_seen_at,
        removed_at=row.removed_at,
    )


def watchlist_record(row: WatchlistEntryRow) -> WatchlistRecord:
    """Return the port record of a watchlist row."""
    return WatchlistRecord(
        id=row.id,
        user_id=row.user_id,
        account_id=row.account_id,
        source=row.source,
        title_key=row.title_key,
        kind=row.kind,
        title=row.title,
        year=row.year,
        tmdb_id=row.tmdb_id,
        tvdb_id=row.tvdb_id,
        imdb_id=row.imdb_id,
        media_item_id=row.media_item_id,
        added_at=row.added_at,
        removed_at=row.removed_at,
    )


class SqlHouseholdRepository:
    """Accounts, events, watch state and watchlists in one session."""

    def __init__(self, session: Session, box: SecretBox) -> None:
        self._s = session
        self._box = box

    # -- accounts -------------------------------------------------------------------

    def accounts(
        self, server_id: str | None = None, *, include_removed: bool = False
    ) -> list[AccountRecord]:
        query = select(ServerAccountRow).order_by(ServerAccountRow.server_id, ServerAccountRow.id)
        if server_id is not None:
            query = query.where(ServerAccountRow.server_id == server_id)
        if not include_removed:
            query = query.where(ServerAccountRow.removed_at.is_(None))
        return [account_record(r) for r in self._s.scalars(query)]

    def account(self, account_id: int) -> AccountRecord | None:
        row = self._s.get(ServerAccountRow, account_id)
        return account_record(row) if row else None

    def account_by_native(self, server_id: str, native_id: str) -> AccountRecord | None:
        row = self._row_by_native(server_id, native_id)
        return account_record(row) if row else None

    def _row_by_native(self, server_id: str, native_id: str) -> ServerAccountRow | None:
        return self._s.scalar(
            select(ServerAccountRow).where(
                ServerAccountRow.server_id == server_id, ServerAccountRow.native_id == native_id
            )
        )

    def upsert_accounts(
        self, server_id: str, accounts: list[RemoteAccount], now: datetime
    ) -> list[AccountRecord]:
        stored = {
            r.native_id: r
            for r in self._s.scalars(
                select(ServerAccountRow).where(ServerAccountRow.server_id == server_id)
            )
        }
        out: list[ServerAccountRow] = []
        for account in accounts:
            row = stored.get(account.native_id)
            if row is None:
                row = ServerAccountRow(
                    server_id=server_id, native_id=account.native_id, first_seen_at=now
                )
                self._s.add(row)
                stored[account.native_id] = row
            row.username = account.username
            row.email = account.email
            row.display_name = account.display_name
            row.kind = account.kind.value
            row.disabled = account.disabled
            row.plex_uuid = account.plex_uuid
            row.last_seen_at = now
            row.removed_at = None
            out.append(row)
        self._s.flush()
        return [account_record(r) for r in out]

    def mark_accounts_removed(self, server_id: str, keep: set[str], now: datetime) -> int:
        rows = self._s.scalars(
            select(ServerAccountRow).where(
                ServerAccountRow.server_id == server_id, ServerAccountRow.removed_at.is_(None)
            )
        )
        gone = [r for r in rows if r.native_id not in keep]
        for row in gone:
            row.removed_at = now
        return len(gone)

    def link_account(self, account_id: int, user_id: int | None, linked_by: str | None) -> None:
        self._s.execute(
            update(ServerAccountRow)
            .where(ServerAccountRow.id == account_id)
            .values(user_id=user_id, linked_by=linked_by)
        )

    def user_token(self, account_id: int) -> str | None:
        sealed = self._s.scalar(
            select(ServerAccountRow.user_token).where(ServerAccountRow.id == account_id)
        )
        return self._box.open(sealed) if sealed else None

    def set_user_token(self, account_id: int, token: str | None) -> None:
        sealed = self._box.seal(token) if token else None
        self._s.execute(
            update(ServerAccountRow)
            .where(ServerAccountRow.id == account_id)
            .values(user_token=sealed)
        )

    def record_watchlist_check(
        self, account_id: int, method: WatchlistMethod, problem: str | None, now: datetime
    ) -> None:
        self._s.execute(
            update(ServerAccountRow)
            .where(ServerAccountRow.id == account_id)
            .values(
                watchlist_method=method.value, watchlist_problem=problem, watchlist_checked_at=now
            )
        )

    # -- events and state ---------------------------------------------------------------

    def add_events(self, account_ids: dict[str, int], plays: list[RemotePlay]) -> set[AccountItem]:
        touched: set[AccountItem] = set()
        for start in range(0, len(plays), _CHUNK):
            touched |= self._add_chunk(account_ids, plays[start : start + _CHUNK])
        return touched

    def _add_chunk(self, account_ids: dict[str, int], plays: list[RemotePlay]) -> set[AccountItem]:
        known = [p for p in plays if p.account_native_id in account_ids]
        if not known:
            return set()
        server_id = known[0].server_id
        existing: set[tuple[str, str]] = {
            (source, event_id)
            for source, event_id in self._s.execute(
                select(WatchEventRow.source, WatchEventRow.event_id).where(
                    WatchEventRow.server_id == server_id,
                    WatchEventRow.event_id.in_({p.event_id for p in known}),
                )
            )
        }
        items = dict(
            self._s.execute(
                select(ServerItemRow.native_id, ServerItemRow.media_item_id).where(
                    ServerItemRow.server_id == server_id,
                    ServerItemRow.native_id.in_({p.item_native_id for p in known}),
                )
            ).all()
        )
        touched: set[AccountItem] = set()
        rows = []
        for play in known:
            key = (play.source.value, play.event_id)
            if key in existing:
                continue
            existing.add(key)
            account_id = account_ids[play.account_native_id]
            media_id = items.get(play.item_native_id)
            rows.append(
                {
                    "server_id": play.server_id,
                    "source": play.source.value,
                    "event_id": play.event_id,
                    "account_id": account_id,
                    "item_native_id": play.item_native_id,
                    "media_item_id": media_id,
                    "watched_at": play.watched_at,
                    "completed": play.completed,
                    "position_ms": play.position_ms,
                    "duration_ms": play.duration_ms,
                    "play_count": play.play_count,
                    "player": (play.player or None) and play.player[:128],
                }
            )
            if media_id is not None:
                touched.add((account_id, media_id))
        if rows:
            self._s.execute(insert(WatchEventRow), rows)
        return touched

    def resolve_events(self, server_id: str) -> set[AccountItem]:
        pending = self._s.execute(
            select(WatchEventRow.id, WatchEventRow.account_id, ServerItemRow.media_item_id)
            .join(
                ServerItemRow,
                and_(
                    ServerItemRow.server_id == WatchEventRow.server_id,
                    ServerItemRow.native_id == WatchEventRow.item_native_id,
                ),
            )
            .where(WatchEventRow.server_id == server_id, WatchEventRow.media_item_id.is_(None))
        ).all()
        if pending:  # one bulk UPDATE by primary key
            self._s.execute(
                update(WatchEventRow),
                [{"id": event_id, "media_item_id": media_id} for event_id, _, media_id in pending],
            )
        return {(account_id, media_id) for _, account_id, media_id in pending}

    def refold(self, pairs: Iterable[AccountItem]) -> None:
        pending = sorted(set(pairs))
        for start in range(0, len(pending), _CHUNK):
            self._refold_chunk(pending[start : start + _CHUNK])

    def _refold_chunk(self, pairs: list[AccountItem]) -> None:
        wanted = set(pairs)
        accounts = {a for a, _ in pairs}
        items = {i for _, i in pairs}
        grouped: dict[AccountItem, list[_Play]] = {}
        for event in self._s.execute(
            select(
                WatchEventRow.account_id,
                WatchEventRow.media_item_id,
                WatchEventRow.source,
                WatchEventRow.completed,
                WatchEventRow.watched_at,
                WatchEventRow.position_ms,
                WatchEventRow.duration_ms,
                WatchEventRow.play_count,
            ).where(WatchEventRow.account_id.in_(accounts), WatchEventRow.media_item_id.in_(items))
        ):
            key = (event[0], event[1])
            if key in wanted:
                grouped.setdefault(key, []).append(
                    (event[2], event[3], event[4], event[5], event[6], event[7])
                )
        existing = {
            (r.account_id, r.media_item_id): r
            for r in self._s.scalars(
                select(WatchStateRow).where(
                    WatchStateRow.account_id.in_(accounts),
                    WatchStateRow.media_item_id.in_(items),
                )
            )
            if (r.account_id, r.media_item_id) in wanted
        }
        for key in wanted:
            plays = grouped.get(key)
            row = existing.get(key)
            if not plays:
                if row is not None:
                    self._s.delete(row)
                continue
            count, completed, last, position, duration, sources = fold_plays(plays)
            if row is None:
                row = WatchStateRow(account_id=key[0], media_item_id=key[1])
                self._s.add(row)
            row.plays = count
            row.completed = completed
            row.last_watched_at = last
            row.position_ms = position
            row.duration_ms = duration
            row.sources = sources
        self._s.flush()

    def latest_event_at(self, server_id: str, source: str) -> datetime | None:
        return self._s.scalar(
            select(func.max(WatchEventRow.watched_at)).where(
                WatchEventRow.server_id == server_id, WatchEventRow.source == source
            )
        )

    # -- watchlists ---------------------------------------------------------------------

    def active_watchlist(
        self, user_id: int, source: str, account_id: int | None
    ) -> list[WatchlistRecord]:
        query = select(WatchlistEntryRow).where(
            WatchlistEntryRow.user_id == user_id,
            WatchlistEntryRow.source == source,
            WatchlistEntryRow.removed_at.is_(None),
        )
        if account_id is None:
            query = query.where(WatchlistEntryRow.account_id.is_(None))
        else:
            query = query.where(WatchlistEntryRow.account_id == account_id)
        return [watchlist_record(r) for r in self._s.scalars(query.order_by(WatchlistEntryRow.id))]

    def add_watchlist(
        self,
        user_id: int,
        source: str,
        account_id: int | None,
        entries: list[RemoteWatchEntry],
        now: datetime,
    ) -> list[int]:
        rows = []
        keyed = [(e, k) for e in entries if (k := title_key(e.kind.value, e.ids)) is not None]
        media_ids = self._media_ids([e for e, _ in keyed])
        for (entry, key), media_id in zip(keyed, media_ids, strict=True):
            row = WatchlistEntryRow(
                user_id=user_id,
                account_id=account_id,
                source=source,
                title_key=key,
                kind=entry.kind.value,
                title=entry.title[:512],
                year=entry.year,
                tmdb_id=entry.ids.tmdb,
                tvdb_id=entry.ids.tvdb,
                imdb_id=entry.ids.imdb,
                native_id=entry.native_id,
                media_item_id=media_id,
                added_at=entry.added_at or now,
                first_seen_at=now,
            )
            self._s.add(row)
            rows.append(row)
        self._s.flush()
        return [r.id for r in rows]

    def _media_ids(self, entries: list[RemoteWatchEntry]) -> list[int | None]:
        """Return each entry's library item by TMDB, TVDB or IMDB id, in one query per kind.

        Among several candidates the one still in the library wins, then the oldest.
        """
        best: dict[tuple[str, str, int | str], tuple[bool, int]] = {}
        for kind in {e.kind.value for e in entries}:
            of_kind = [e for e in entries if e.kind.value == kind]
            tmdb = {e.ids.tmdb for e in of_kind if e.ids.tmdb is not None}
            tvdb = {e.ids.tvdb for e in of_kind if e.ids.tvdb is not None}
            imdb = {e.ids.imdb for e in of_kind if e.ids.imdb}
            if not (tmdb or tvdb or imdb):
                continue
            query = select(
                MediaItemRow.id,
                MediaItemRow.tmdb_id,
                MediaItemRow.tvdb_id,
                MediaItemRow.imdb_id,
                MediaItemRow.removed_at,
            ).where(
                MediaItemRow.kind == kind,
                or_(
                    MediaItemRow.tmdb_id.in_(tmdb),
                    MediaItemRow.tvdb_id.in_(tvdb),
                    MediaItemRow.imdb_id.in_(imdb),
                ),
            )
            for media_id, tm, tv, im, removed in self._s.execute(query):
                rank = (removed is not None, media_id)
                for key in (("tmdb", tm), ("tvdb", tv), ("imdb", im)):
                    if key[1] is not None:
                        found = (kind, key[0], key[1])
                        best[found] = min(best.get(found, rank), rank)
        out: list[int | None] = []
        for entry in entries:
            ranks = [
                best[(entry.kind.value, name, value)]
                for name, value in (
                    ("tmdb", entry.ids.tmdb),
                    ("tvdb", entry.ids.tvdb),
                    ("imdb", entry.ids.imdb),
                )
                if value is not None and (entry.kind.value, name, value) in best
            ]
            out.append(min(ranks)[1] if ranks else None)
        return out

    def close_watchlist(self, entry_ids: Iterable[int], now: datetime) -> int:
        ids = list(entry_ids)
        if not ids:
            return 0
        result = self._s.execute(
            update(WatchlistEntryRow)
            .where(WatchlistEntryRow.id.in_(ids), WatchlistEntryRow.removed_at.is_(None))
            .values(removed_at=now)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]

    def resolve_watchlists(self) -> int:
        resolved = 0
        rows = self._s.scalars(
            select(WatchlistEntryRow).where(
                WatchlistEntryRow.media_item_id.is_(None), WatchlistEntryRow.removed_at.is_(None)
            )
        ).all()
        entries = [
            RemoteWatchEntry(
                ItemKind(row.kind), row.title, ExternalIds(row.tmdb_id, row.tvdb_id, row.imdb_id)
            )
            for row in rows
        ]
        for row, media_id in zip(rows, self._media_ids(entries), strict=True):
            if media_id is not None:
                row.media_item_id = media_id
                resolved += 1
        return resolved
