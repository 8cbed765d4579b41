"""Build snapshots, requests and household members for request and retention tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tendarr.domain.household import AccountKind
from tendarr.domain.media import ItemKind
from tendarr.ports.cleanup_facts import ItemFacts, LibrarySnapshot, WatchFacts
from tendarr.ports.household_reads import Household, HouseholdMember
from tendarr.ports.household_store import AccountRecord
from tendarr.ports.requests import Requester, TitleRequest
from tendarr.services.cleanup_facts import ItemFactsView, build_facts
from tendarr.services.cleanup_requests import People, RequestFacts

NOW = datetime(2025, 6, 1, 12, tzinfo=UTC)
ALICE, BOB, CAROL = 1, 2, 3


def ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


def movie(item_id: int, tmdb: int | None, title: str = "") -> ItemFacts:
    return ItemFacts(
        id=item_id, kind="movie", title=title or f"Movie {item_id}", show_id=None,
        parent_id=None, year=2020, released=None, added_at=ago(200), content_rating=None,
        genres=(), studios=(), collections=(), labels=(), tmdb_id=tmdb,
    )  # fmt: skip


def account(user_id: int, native: str, name: str, email: str | None) -> AccountRecord:
    return AccountRecord(
        id=user_id * 10, server_id="plex-1", native_id=native, username=name,
        kind=AccountKind.FRIEND, email=email, display_name=name, disabled=False,
        plex_uuid=None, user_id=user_id, linked_by="email", has_user_token=False,
        watchlist_method=None, watchlist_checked_at=None, watchlist_problem=None,
        first_seen_at=ago(400), last_seen_at=ago(1), removed_at=None,
    )  # fmt: skip


def member(user_id: int, username: str, *accounts: AccountRecord) -> HouseholdMember:
    return HouseholdMember(user_id, username, "user", "plex", list(accounts))


HOUSEHOLD = Household(
    members=[
        member(ALICE, "alice", account(ALICE, "1001", "AliceP", "Alice@Example.com")),
        member(BOB, "bob", account(BOB, "1002", "bobby", "bob@example.com")),
        member(CAROL, "carol", account(CAROL, "1003", "carol", None)),
    ],
    unlinked=[],
)


def request(
    request_id: int,
    who: Requester,
    tmdb: int,
    *,
    kind: str = "movie",
    status: int = 2,
    created: float = 100,
    available: float | None = 90,
) -> TitleRequest:
    return TitleRequest(
        id=request_id, media_type="movie" if kind == "movie" else "tv", tmdb_id=tmdb,
        tvdb_id=None, status=status, created_at=ago(created), updated_at=None, requester=who,
        media_status=5, media_added_at=ago(available) if available is not None else None,
    )  # fmt: skip


def watched(item_id: int, user_id: int | None, days: float, *, done: bool = True) -> WatchFacts:
    return WatchFacts(
        media_item_id=item_id, account_id=(user_id or 99) * 10, user_id=user_id,
        plays=1 if done else 0, completed=done, last_watched_at=ago(days), in_progress=not done,
    )  # fmt: skip


def snapshot(
    items: list[ItemFacts],
    watch: list[WatchFacts] = (),  # type: ignore[assignment]
    watchlisted: list[tuple[int, int]] = (),  # type: ignore[assignment]
) -> LibrarySnapshot:
    return LibrarySnapshot(
        items=items, copies=[], files=[], watch=list(watch), watchlisted=list(watchlisted),
        active_members=frozenset({ALICE, BOB, CAROL}), household_synced=True,
    )  # fmt: skip


def facts_of(snap: LibrarySnapshot, requests: RequestFacts | None) -> dict[int, ItemFactsView]:
    return {v.id: v for v in build_facts(snap, ItemKind.MOVIE, NOW, None, requests)}


def asked(*requests: TitleRequest) -> RequestFacts:
    return RequestFacts(list(requests), People.of(HOUSEHOLD))
