"""Response and request bodies of the household endpoints."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from tendarr.ports.household_reads import HistoryRow, HouseholdMember, ItemWatch, WatchlistView
from tendarr.ports.household_store import AccountRecord
from tendarr.services.now_playing import NowPlaying

# What the users page calls each way of reading a watchlist.
METHOD_LABELS = {"direct": "Direct", "friend": "Friend", "private": "Private", "none": "None"}


class AccountOut(BaseModel):
    id: int
    server_id: str
    native_id: str
    username: str
    kind: str
    email: str | None
    display_name: str | None
    disabled: bool
    user_id: int | None
    linked_by: str | None
    watchlist_method: Literal["Direct", "Friend", "Private", "None"] | None
    watchlist_checked_at: datetime | None
    watchlist_problem: str | None
    last_seen_at: datetime
    removed_at: datetime | None

    @classmethod
    def of(cls, a: AccountRecord) -> AccountOut:
        method = METHOD_LABELS[a.watchlist_method.value] if a.watchlist_method else None
        return cls(
            id=a.id,
            server_id=a.server_id,
            native_id=a.native_id,
            username=a.username,
            kind=a.kind.value,
            email=a.email,
            display_name=a.display_name,
            disabled=a.disabled,
            user_id=a.user_id,
            linked_by=a.linked_by,
            watchlist_method=method,
            watchlist_checked_at=a.watchlist_checked_at,
            watchlist_problem=a.watchlist_problem,
            last_seen_at=a.last_seen_at,
            removed_at=a.removed_at,
        )


class MemberOut(BaseModel):
    user_id: int
    username: str
    role: str
    auth_source: str
    accounts: list[AccountOut]
    plays: int
    last_watched_at: datetime | None
    watchlist_size: int

    @classmethod
    def of(cls, m: HouseholdMember) -> MemberOut:
        return cls(
            user_id=m.user_id,
            username=m.username,
            role=m.role,
            auth_source=m.auth_source,
            accounts=[AccountOut.of(a) for a in m.accounts],
            plays=m.plays,
            last_watched_at=m.last_watched_at,
            watchlist_size=m.watchlist_size,
        )


class HouseholdOut(BaseModel):
    members: list[MemberOut]
    unlinked: list[AccountOut]


class LinkBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    user_id: int | None = Field(description="The person to link to; null detaches the account")


class HouseholdSyncBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    server_id: str | None = Field(None, max_length=48, description="One server; all if absent")
    full: bool = Field(False, description="Re-read the whole watch history")


class HistoryRowOut(BaseModel):
    id: int
    watched_at: datetime
    user_id: int | None
    username: str | None
    account: str
    server_id: str
    source: str
    media_item_id: int | None
    title: str
    kind: str | None
    completed: bool
    position_ms: int | None
    duration_ms: int | None
    player: str | None

    @classmethod
    def of(cls, row: HistoryRow) -> HistoryRowOut:
        return cls(**asdict(row))


class HistoryPageOut(BaseModel):
    items: list[HistoryRowOut]
    total: int
    limit: int
    offset: int


class ItemWatchOut(BaseModel):
    user_id: int | None
    username: str
    plays: int
    completed: bool
    last_watched_at: datetime
    position_ms: int | None
    duration_ms: int | None
    servers: list[str]
    sources: list[str]
    episodes_completed: int | None
    episodes_total: int | None

    @classmethod
    def of(cls, w: ItemWatch) -> ItemWatchOut:
        return cls(**asdict(w))


class ItemWatchList(BaseModel):
    watchers: list[ItemWatchOut]


class SessionOut(BaseModel):
    server_id: str
    session_id: str
    title: str
    state: str
    position_ms: int | None
    duration_ms: int | None
    player: str | None
    transcoding: bool
    user_id: int | None
    username: str | None
    media_item_id: int | None

    @classmethod
    def of(cls, p: NowPlaying) -> SessionOut:
        s = p.session
        return cls(
            server_id=s.server_id,
            session_id=s.session_id,
            title=s.title,
            state=s.state,
            position_ms=s.position_ms,
            duration_ms=s.duration_ms,
            player=s.player,
            transcoding=s.transcoding,
            user_id=p.user_id,
            username=p.username,
            media_item_id=p.media_item_id,
        )


class SessionsOut(BaseModel):
    sessions: list[SessionOut]
    unavailable: dict[str, str] = Field(
        description="Servers that could not say what is playing, with the reason"
    )


class WatchlistEntryOut(BaseModel):
    id: int
    user_id: int
    username: str
    source: str
    kind: str
    title: str
    year: int | None
    tmdb_id: int | None
    tvdb_id: int | None
    imdb_id: str | None
    media_item_id: int | None
    in_library: bool
    added_at: datetime

    @classmethod
    def of(cls, v: WatchlistView) -> WatchlistEntryOut:
        e = v.entry
        return cls(
            id=e.id,
            user_id=e.user_id,
            username=v.username,
            source=e.source,
            kind=e.kind,
            title=e.title,
            year=e.year,
            tmdb_id=e.tmdb_id,
            tvdb_id=e.tvdb_id,
            imdb_id=e.imdb_id,
            media_item_id=e.media_item_id,
            in_library=v.in_library,
            added_at=e.added_at,
        )


class WatchlistOut(BaseModel):
    entries: list[WatchlistEntryOut]


class WatchlistAddBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    media_item_id: int = Field(ge=1)
